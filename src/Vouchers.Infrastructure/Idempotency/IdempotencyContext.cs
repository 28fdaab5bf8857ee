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
    /// <summary>The claim's <c>Version</c> when this request took it: a claim taken over by a retry has moved on.</summary>
    public long Claim { get; private set; }
    public bool IsClaimed => Scope is not null && Key is not null;

    public void Claimed(string scope, string key, long claim) => (Scope, Key, Claim) = (scope, key, claim);

    /// <summary>Called by the transaction behaviour just before it saves: the stored answer joins the command's transaction.</summary>
    public async Task CompleteAsync(object? result, CancellationToken ct)
    {
        if (Scope is null || Key is null) return;
        var record = await db.IdempotencyRecords.FindAsync([Scope, Key], ct)
                     ?? throw new InvalidOperationException("The idempotency claim disappeared.");
        // This run outlived its lease and a retry took the claim over (and may have completed it): its effect must not
        // be committed beside the other's. (The record's Version also catches the two completing at the same moment.)
        if (record.Status != IdempotencyStatus.InFlight || record.Version != Claim)
            throw new Vouchers.Domain.Common.ConflictException("idempotency.in-flight",
                "Another run of this request (same Idempotency-Key) completed first; nothing was applied by this one. Retry to get its answer.");
        record.Status = IdempotencyStatus.Completed;
        record.ResponseStatus = StatusCodes.Status200OK; // every idempotent endpoint answers its command's result with 200
        record.ResponseBody = JsonSerializer.Serialize(result, json.Value.SerializerOptions);
        record.CompletedAt = clock.GetUtcNow();
    }
}
