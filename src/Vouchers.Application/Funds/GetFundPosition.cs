using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Balances = (long DebitsPending, long DebitsPosted, long CreditsPending, long CreditsPosted);
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;

namespace Vouchers.Application.Funds;

/// <summary>
/// A fund's position for a fiscal year, computed from the ledger's transfers (replayed), never from a counter:
/// allocated = available + committed + payable + disbursed. Per program as well.
/// </summary>
public sealed record GetFundPosition(Guid FundId, int FiscalYear) : IQuery<FundPosition>;

public sealed record FundPosition(Guid FundId, int FiscalYear, long Allocated, long Available, long UnassignedToPrograms,
    long Committed, long Payable, long Disbursed, bool Balanced, IReadOnlyList<ProgramPosition> Programs);

public sealed record ProgramPosition(Guid ProgramId, string Code, long Envelope, long Available, long Committed, long Payable, long Disbursed);

public sealed class GetFundPositionHandler(IVouchersDb db) : IRequestHandler<GetFundPosition, FundPosition>
{
    public async Task<FundPosition> Handle(GetFundPosition q, CancellationToken ct)
    {
        if (!await db.Funds.AnyAsync(f => f.Id == q.FundId, ct)) throw new NotFoundException("fund", q.FundId);
        var accounts = await db.LedgerAccounts.AsNoTracking().Where(a => a.FundId == q.FundId && a.FiscalYear == q.FiscalYear).ToListAsync(ct);
        var ids = accounts.Select(a => a.Id).ToList();
        var transfers = await db.LedgerTransfers.AsNoTracking()
            .Where(t => ids.Contains(t.DebitAccountId) || ids.Contains(t.CreditAccountId))
            .InExecutionOrder().ToListAsync(ct);
        var balances = LedgerReplay.Replay(transfers);
        long Sum(AccountCode code, Func<Balances, long> f, Guid? program = null) =>
            accounts.Where(a => a.Code == code && (program is null || a.ProgramId == program)).Sum(a => f(balances.GetValueOrDefault(a.Id)));

        var allocated = Sum(AccountCode.FundingSource, Paid);
        var unassigned = Sum(AccountCode.FundBudget, Uncommitted);
        var committed = Sum(AccountCode.ProgramBudget, Committed);
        var payable = Sum(AccountCode.ProgramPayable, Held);
        var disbursed = Sum(AccountCode.ProgramDisbursed, Held);
        var available = unassigned + Sum(AccountCode.ProgramBudget, Uncommitted);

        var programIds = accounts.Where(a => a.ProgramId != null).Select(a => a.ProgramId!.Value).Distinct().ToList();
        var programs = await db.Programs.AsNoTracking().Where(p => programIds.Contains(p.Id)).OrderBy(p => p.Code).ToListAsync(ct);
        var perProgram = programs.Select(p => new ProgramPosition(p.Id, p.Code, p.Envelope.Dong,
            Sum(AccountCode.ProgramBudget, Uncommitted, p.Id), Sum(AccountCode.ProgramBudget, Committed, p.Id),
            Sum(AccountCode.ProgramPayable, Held, p.Id), Sum(AccountCode.ProgramDisbursed, Held, p.Id))).ToArray();

        return new FundPosition(q.FundId, q.FiscalYear, allocated, available, unassigned, committed, payable, disbursed,
            allocated == available + committed + payable + disbursed, perProgram);
    }

    // The four readings of an account's replayed balances that a position is made of (one formula each, fund and program alike).
    /// <summary>What left a debit-side account for good: the funding source's allocations.</summary>
    private static long Paid(Balances b) => b.DebitsPosted - b.CreditsPosted;
    /// <summary>What a budget account can still commit: credits posted − debits posted − debits pending.</summary>
    private static long Uncommitted(Balances b) => b.CreditsPosted - b.DebitsPosted - b.DebitsPending;
    /// <summary>What a budget account has reserved for approvals not yet settled or released.</summary>
    private static long Committed(Balances b) => b.DebitsPending;
    /// <summary>What a credit-side account holds: payable or disbursed.</summary>
    private static long Held(Balances b) => b.CreditsPosted - b.DebitsPosted;
}
