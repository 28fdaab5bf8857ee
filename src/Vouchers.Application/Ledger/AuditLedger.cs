using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Ledger;

namespace Vouchers.Application.Ledger;

/// <summary>The journal: ledger transfers, oldest first, optionally for one voucher or a time range. Paged.</summary>
public sealed record ListTransfers(Guid? VoucherId = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Page = 1, int PageSize = 100)
    : IQuery<Page<TransferView>>, IPagedQuery;

public sealed record TransferView(Guid Id, Guid DebitAccountId, Guid CreditAccountId, long Amount, string Kind, string Phase, Guid? PendingId,
    Guid CorrelationId, string? Reference, string? Reason, Guid? VoucherId, Guid? ProviderId, DateTimeOffset Timestamp)
{
    public static TransferView From(LedgerTransfer t) => new(t.Id, t.DebitAccountId, t.CreditAccountId, t.Amount.Dong, t.Kind.ToString(),
        t.Phase.ToString(), t.PendingId, t.CorrelationId, t.Reference, t.Reason, t.VoucherId, t.ProviderId, t.Timestamp);
}

public sealed class ListTransfersValidator : AbstractValidator<ListTransfers>
{
    public ListTransfersValidator() => this.AddPagingRules();
}

public sealed class ListTransfersHandler(IVouchersDb db, IRequestContext request) : IRequestHandler<ListTransfers, Page<TransferView>>
{
    public async Task<Page<TransferView>> Handle(ListTransfers q, CancellationToken ct)
    {
        var query = LedgerScope.VisibleTransfers(db, request).AsNoTracking();
        if (q.VoucherId is { } voucherId) query = query.Where(t => t.VoucherId == voucherId);
        if (q.From is { } from) query = query.Where(t => t.Timestamp >= from);
        if (q.To is { } to) query = query.Where(t => t.Timestamp < to);
        return await query.InExecutionOrder().ToPageAsync(q, TransferView.From, ct);
    }
}

/// <summary>
/// Checks the whole ledger: Σ debits = Σ credits, and every account's stored balances equal a replay of its
/// transfers. Names the accounts that disagree.
/// </summary>
public sealed record CheckLedger : IQuery<LedgerCheck>;

public sealed record LedgerCheck(int Accounts, int Transfers, bool Balanced, IReadOnlyList<Guid> AccountsDisagreeingWithReplay)
{
    public bool Ok => Balanced && AccountsDisagreeingWithReplay.Count == 0;
}

public sealed class CheckLedgerHandler(IVouchersDb db) : IRequestHandler<CheckLedger, LedgerCheck>
{
    public async Task<LedgerCheck> Handle(CheckLedger q, CancellationToken ct)
    {
        await using var snapshot = await db.ReadSnapshotAsync(ct); // balances and transfers of one moment
        var accounts = await db.LedgerAccounts.AsNoTracking().ToListAsync(ct);
        var transfers = await db.LedgerTransfers.AsNoTracking().InExecutionOrder().ToListAsync(ct);
        var disagree = LedgerReplay.Drifted(accounts, LedgerReplay.Replay(transfers));
        return new LedgerCheck(accounts.Count, transfers.Count, LedgerReplay.IsBalanced(accounts), disagree);
    }
}
