namespace Vouchers.Infrastructure.Idempotency;

public enum IdempotencyStatus { InFlight = 1, Completed = 2 }

/// <summary>
/// One Idempotency-Key, scoped to its caller. Claimed (InFlight) in its own short transaction before the command
/// runs; completed with the stored response INSIDE the command's transaction, so the effect and the answer to a
/// retry are committed together or not at all. A claim whose lease ran out (the process died) can be taken over.
/// </summary>
public sealed class IdempotencyRecord
{
    public string Scope { get; set; } = "";
    public string Key { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public IdempotencyStatus Status { get; set; }
    public int? ResponseStatus { get; set; }
    public string? ResponseBody { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LockedUntil { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public long Version { get; set; }
}

internal sealed class IdempotencyRecordConfiguration : Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.HasKey(r => new { r.Scope, r.Key });
        b.Property(r => r.Scope).HasMaxLength(200);
        b.Property(r => r.Key).HasMaxLength(100);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.Property(r => r.Version).IsConcurrencyToken();
    }
}
