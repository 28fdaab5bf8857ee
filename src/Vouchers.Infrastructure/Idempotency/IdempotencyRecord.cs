namespace Vouchers.Infrastructure.Idempotency;

public enum IdempotencyStatus { InFlight = 1, Completed = 2 }

/// <summary><c>Idempotency</c> configuration.</summary>
public sealed class IdempotencyOptions
{
    /// <summary>
    /// How long a claim protects a request that is still running (<c>Idempotency:Lease</c>, default 60 s). A retry within
    /// it is told 409 in-flight; after it, the claim of a process that died is taken over and the command runs again
    /// (its first run committed nothing, or the claim would be completed). Longer than the slowest command, since a claim
    /// taken over from a live request makes the two race (the aggregates' concurrency tokens still let only one win).
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How a stored answer is written; the API sets its own HTTP JSON options, so that a replay reads as the first answer did.</summary>
    public System.Text.Json.JsonSerializerOptions AnswerJson { get; set; } = new(System.Text.Json.JsonSerializerDefaults.Web);
}

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
