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
            // A key is almost always new: on PostgreSQL and SQLite the first attempt inserts the claim straight away
            // (one statement instead of a read and an insert), and only a key that is already there is read.
            if (attempt == 0 && !own.Database.IsSqlServer() && await TryInsertClaimAsync(own, scope, key, requestHash, now, now + lease, ct))
            {
                Claimed(scope, key, 0);
                return new IdempotencyClaim(ClaimOutcome.Claimed, 0);
            }
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

    /// <summary>
    /// Inserts a new claim unless the key is there already (<c>ON CONFLICT DO NOTHING</c>, PostgreSQL and SQLite): true
    /// when this insert claimed it. The values are written as the model writes them (the status by name, times in UTC).
    /// </summary>
    private static async Task<bool> TryInsertClaimAsync(VouchersDbContext own, string scope, string key, string requestHash,
        DateTimeOffset now, DateTimeOffset lockedUntil, CancellationToken ct)
    {
        using var turn = await SqliteWriterQueue.TurnAsync(own, ct); // SQLite: a write outside a command, in its turn
        return await own.Database.ExecuteSqlRawAsync(InsertClaimSql,
            [scope, key, requestHash, nameof(IdempotencyStatus.InFlight), now.ToUniversalTime(), lockedUntil.ToUniversalTime()], ct) == 1;
    }

    private const string InsertClaimSql =
        "INSERT INTO \"IdempotencyRecords\" (\"Scope\", \"Key\", \"RequestHash\", \"Status\", \"CreatedAt\", \"LockedUntil\", \"Version\") " +
        "VALUES ({0}, {1}, {2}, {3}, {4}, {5}, 0) ON CONFLICT (\"Scope\", \"Key\") DO NOTHING";

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

    /// <summary>
    /// Completes the claim without reading it first: the record joins the context as this request claimed it (InFlight,
    /// <see cref="Claim"/>) and the save updates it only where its <c>Version</c> is still the claim's. A completion or
    /// a take-over moves <c>Version</c> on, so a claim that is no longer ours updates nothing, the save fails its
    /// concurrency check, and the save answers <see cref="LostClaim"/> (VouchersDbContext) instead of letting
    /// TransactionBehavior re-run the command.
    /// </summary>
    public Task CompleteAsync(object? result, CancellationToken ct)
    {
        if (Scope is null || Key is null) return Task.CompletedTask;
        var record = db.IdempotencyRecords.Local.FirstOrDefault(r => r.Scope == Scope && r.Key == Key);
        if (record is null)
        {
            record = new IdempotencyRecord { Scope = Scope, Key = Key, Status = IdempotencyStatus.InFlight, Version = Claim };
            db.IdempotencyRecords.Attach(record);
        }
        else if (record.Status != IdempotencyStatus.InFlight || record.Version != Claim) throw LostClaim();
        record.Status = IdempotencyStatus.Completed;
        record.ResponseStatus = ResponseStatusOk;
        record.ResponseBody = JsonSerializer.Serialize(result, options.Value.AnswerJson);
        record.CompletedAt = clock.GetUtcNow();
        return Task.CompletedTask;
    }

    /// <summary>
    /// This run outlived its lease and a retry took the claim over (and may have completed it): its effect must not be
    /// committed beside the other's. (The record's Version also catches the two completing at the same moment.)
    /// </summary>
    public static Vouchers.Domain.Common.ConflictException LostClaim() => new("idempotency.in-flight",
        "Another run of this request (same Idempotency-Key) completed first; nothing was applied by this one. Retry to get its answer.");
}
