using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vouchers.Infrastructure.Persistence;

namespace Vouchers.Infrastructure.Idempotency;

public enum ClaimOutcome { Claimed, Replay, Mismatch, InFlight }

/// <summary>What claiming a key found: the stored answer (replay, mismatch) and the claim's <c>Version</c>, which names the claim.</summary>
public sealed record IdempotencyClaim(ClaimOutcome Outcome, long Version, int? ResponseStatus = null, string? ResponseBody = null);

/// <summary>
/// The one place Idempotency-Keys are kept (<see cref="IdempotencyRecord"/>). The API's endpoint filter claims a key
/// before the command runs and releases it if the command fails; the transaction behaviour completes it with the
/// answer inside the command's own transaction. Scoped: it remembers the claim this request holds.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>Claims the key in a short transaction of its own (or finds it completed, in flight, or used for another request).</summary>
    Task<IdempotencyClaim> ClaimAsync(string scope, string key, string requestHash, CancellationToken ct);

    /// <summary>Gives up this claim, and only this one: not a claim a retry took over after the lease, nor a completed one.</summary>
    Task ReleaseAsync(string scope, string key, long claim);

    /// <summary>The key this request holds, so that its command's transaction completes it.</summary>
    void Claimed(string scope, string key, long claim);

    bool IsClaimed { get; }

    /// <summary>Called by the transaction behaviour just before it saves: the stored answer joins the command's transaction.</summary>
    Task CompleteAsync(object? result, CancellationToken ct);
}

/// <summary>
/// <see cref="IIdempotencyStore"/> on the service's database. Answers are stored as JSON written with
/// <see cref="IdempotencyOptions.AnswerJson"/> (the API sets it to its own HTTP JSON options, so a replay is the same bytes).
/// </summary>
public sealed class IdempotencyStore(VouchersDbContext db, IServiceScopeFactory scopes, TimeProvider clock, IOptions<IdempotencyOptions> options)
    : IIdempotencyStore
{
    private const int ResponseStatusOk = 200; // every idempotent endpoint answers its command's result with 200

    public string? Scope { get; private set; }
    public string? Key { get; private set; }
    /// <summary>The claim's <c>Version</c> when this request took it: a claim taken over by a retry has moved on.</summary>
    public long Claim { get; private set; }
    public bool IsClaimed => Scope is not null && Key is not null;

    public void Claimed(string scope, string key, long claim) => (Scope, Key, Claim) = (scope, key, claim);

    public async Task<IdempotencyClaim> ClaimAsync(string scope, string key, string requestHash, CancellationToken ct)
    {
        var lease = options.Value.Lease;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await using var s = scopes.CreateAsyncScope();
            var own = s.ServiceProvider.GetRequiredService<VouchersDbContext>();
            var now = clock.GetUtcNow();
            var existing = await own.IdempotencyRecords.FirstOrDefaultAsync(r => r.Scope == scope && r.Key == key, ct);
            try
            {
                if (existing is null)
                {
                    own.IdempotencyRecords.Add(new IdempotencyRecord
                    {
                        Scope = scope, Key = key, RequestHash = requestHash, Status = IdempotencyStatus.InFlight, CreatedAt = now, LockedUntil = now + lease,
                    });
                    await own.SaveChangesAsync(ct);
                    Claimed(scope, key, 0);
                    return new IdempotencyClaim(ClaimOutcome.Claimed, 0);
                }
                if (existing.Status == IdempotencyStatus.Completed)
                    return Found(existing.RequestHash == requestHash ? ClaimOutcome.Replay : ClaimOutcome.Mismatch, existing);
                if (existing.LockedUntil > now) return Found(ClaimOutcome.InFlight, existing);
                if (existing.RequestHash != requestHash) return Found(ClaimOutcome.Mismatch, existing);
                existing.LockedUntil = now + lease; // the previous holder died before committing anything: take the claim over
                await own.SaveChangesAsync(ct); // moves Version on: the claim is ours now, not the previous holder's
                Claimed(scope, key, existing.Version);
                return new IdempotencyClaim(ClaimOutcome.Claimed, existing.Version);
            }
            catch (DbUpdateException)
            {
                // lost the race for the claim: read again
            }
        }
        return new IdempotencyClaim(ClaimOutcome.InFlight, 0);
    }

    private static IdempotencyClaim Found(ClaimOutcome outcome, IdempotencyRecord r) => new(outcome, r.Version, r.ResponseStatus, r.ResponseBody);

    public async Task ReleaseAsync(string scope, string key, long claim)
    {
        // The request no longer holds the key: a later command of the same request (a page reading its voucher again after
        // a refusal; GetVoucher runs as a command) must not try to complete the claim that is being deleted here.
        if (Scope == scope && Key == key) (Scope, Key, Claim) = (null, null, 0);
        await using var s = scopes.CreateAsyncScope();
        var own = s.ServiceProvider.GetRequiredService<VouchersDbContext>();
        using var turn = await SqliteWriterQueue.TurnAsync(own, CancellationToken.None);
        await own.IdempotencyRecords.Where(r => r.Scope == scope && r.Key == key && r.Status == IdempotencyStatus.InFlight && r.Version == claim)
            .ExecuteDeleteAsync();
    }

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
        record.ResponseStatus = ResponseStatusOk;
        record.ResponseBody = JsonSerializer.Serialize(result, options.Value.AnswerJson);
        record.CompletedAt = clock.GetUtcNow();
    }
}
