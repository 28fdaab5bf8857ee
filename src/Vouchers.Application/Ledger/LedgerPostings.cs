using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Ledger;

namespace Vouchers.Application.Ledger;

/// <summary>
/// Runs a linked batch of transfer requests against the database: loads (and tracks) every account and pending
/// transfer the batch touches, lets the domain <see cref="Domain.Ledger.Ledger"/> validate and apply it, and adds
/// the resulting immutable transfers. Nothing is saved here: the command's transaction saves the balances, the
/// transfers and the aggregate together, and an optimistic-concurrency conflict on any account retries the command.
/// </summary>
public sealed class LedgerPostings(IVouchersDb db, IRequestContext request, TimeProvider clock)
{
    public async Task<IReadOnlyList<LedgerTransfer>> ExecuteAsync(IReadOnlyList<TransferRequest> batch, CancellationToken ct)
    {
        var pendingIds = batch.Where(r => r.PendingId is not null).Select(r => r.PendingId!.Value).Distinct().ToList();
        var newIds = batch.Select(r => r.Id).ToList();
        var pendings = pendingIds.Count == 0 ? [] : await db.LedgerTransfers.Where(t => pendingIds.Contains(t.Id)).ToListAsync(ct);
        var resolutions = pendingIds.Count == 0 ? [] : await db.LedgerTransfers
            .Where(t => t.PendingId != null && pendingIds.Contains(t.PendingId.Value)).ToListAsync(ct);
        var clashes = await db.LedgerTransfers.Where(t => newIds.Contains(t.Id)).ToListAsync(ct);

        var accountIds = batch.SelectMany(r => new[] { r.DebitAccountId, r.CreditAccountId })
            .Concat(pendings.SelectMany(p => new[] { p.DebitAccountId, p.CreditAccountId }))
            .Where(id => id != Guid.Empty).Distinct().ToList();
        var vouchers = batch.Where(r => r.VoucherId is not null).Select(r => r.VoucherId!.Value).Distinct().ToList();
        var latest = vouchers.Count == 0 ? null
            : await db.LedgerTransfers.Where(t => t.VoucherId != null && vouchers.Contains(t.VoucherId.Value)).MaxAsync(t => (DateTimeOffset?)t.Timestamp, ct);
        // Last before the transfers are made: the accounts, locked (another command on the same budget waits here until this
        // one commits, and this one read what the one before it committed); accounts opened in this command as they are.
        var accounts = await db.LedgerAccountsForUpdateAsync(accountIds, ct);

        var view = new LoadedView(accounts, pendings.Concat(resolutions).Concat(clashes));
        // Stamped once the accounts are held, so an account's transfers are stamped in the order they change it (the budget
        // attribution reads a pool's credits and debits by time). A voucher's transfers are stamped in the order they were
        // made, so a replay and a trace read its story in order: a post or void never before its pending transfer, a
        // disbursement never before its settlement (its own Version lets one command at a time change it). A batch stamps its
        // transfers now, now + 1 µs, …; one made within the same microsecond as the voucher's last batch ended (a carry-over's
        // commitment is 3 µs in), or by an instance whose clock is a little behind, moves just past that batch.
        var now = clock.GetUtcNow();
        if (latest is { } last && last >= now)
            now = last.AddTicks(TimeSpan.TicksPerMicrosecond); // a microsecond: the finest instant PostgreSQL stores
        var transfers = Domain.Ledger.Ledger.Execute(batch, view, request.CorrelationId, now);
        db.LedgerTransfers.AddRange(transfers);
        return transfers;
    }

    public Task<IReadOnlyList<LedgerTransfer>> ExecuteAsync(TransferRequest single, CancellationToken ct) => ExecuteAsync([single], ct);

    private sealed class LoadedView(IEnumerable<LedgerAccount> accounts, IEnumerable<LedgerTransfer> transfers) : ILedgerView
    {
        private readonly Dictionary<Guid, LedgerAccount> _accounts = accounts.ToDictionary(a => a.Id);
        private readonly Dictionary<Guid, LedgerTransfer> _transfers = transfers.DistinctBy(t => t.Id).ToDictionary(t => t.Id);

        public LedgerAccount? FindAccount(Guid id) => _accounts.GetValueOrDefault(id);
        public LedgerTransfer? FindTransfer(Guid id) => _transfers.GetValueOrDefault(id);
        public LedgerTransfer? FindResolutionOf(Guid pendingTransferId) =>
            _transfers.Values.FirstOrDefault(t => t.PendingId == pendingTransferId);
    }
}
