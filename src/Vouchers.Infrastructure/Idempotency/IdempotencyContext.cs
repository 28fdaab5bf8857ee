using Microsoft.AspNetCore.Http;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Vouchers.Infrastructure.Persistence;

namespace Vouchers.Infrastructure.Idempotency;

/// <summary>Per-request: the claimed key (if the endpoint is idempotent) and how to store the answer.</summary>
public sealed class IdempotencyContext(VouchersDbContext db, TimeProvider clock, IOptions<JsonOptions> json)
{
    public string? Scope { get; private set; }
    public string? Key { get; private set; }
    public bool IsClaimed => Scope is not null && Key is not null;

    public void Claimed(string scope, string key) => (Scope, Key) = (scope, key);

    /// <summary>Called by the transaction behaviour just before it saves: the stored answer joins the command's transaction.</summary>
    public async Task CompleteAsync(object? result, CancellationToken ct)
    {
        if (Scope is null || Key is null) return;
        var record = await db.IdempotencyRecords.FindAsync([Scope, Key], ct)
                     ?? throw new InvalidOperationException("The idempotency claim disappeared.");
        // Another run of the same request completed first: this one ran past its lease and the claim was taken over.
        // Its effect must not be committed beside the other's (the record's Version catches the two completing at once).
        if (record.Status != IdempotencyStatus.InFlight)
            throw new Vouchers.Domain.Common.ConflictException("idempotency.in-flight",
                "Another run of this request (same Idempotency-Key) completed first; nothing was applied by this one. Retry to get its answer.");
        record.Status = IdempotencyStatus.Completed;
        record.ResponseStatus = StatusCodes.Status200OK; // every idempotent endpoint answers its command's result with 200
        record.ResponseBody = JsonSerializer.Serialize(result, json.Value.SerializerOptions);
        record.CompletedAt = clock.GetUtcNow();
    }
}
