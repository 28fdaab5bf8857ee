using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
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
            .OrderBy(t => t.Timestamp).ThenBy(t => t.Phase).ThenBy(t => t.Id).ToListAsync(ct);
        var balances = LedgerReplay.Replay(transfers);
        (long DebitsPending, long DebitsPosted, long CreditsPending, long CreditsPosted) B(LedgerAccount a) =>
            balances.TryGetValue(a.Id, out var b) ? b : default;

        long Sum(AccountCode code, Func<(long DebitsPending, long DebitsPosted, long CreditsPending, long CreditsPosted), long> f, Guid? program = null) =>
            accounts.Where(a => a.Code == code && (program is null || a.ProgramId == program)).Sum(a => f(B(a)));

        var allocated = Sum(AccountCode.FundingSource, b => b.DebitsPosted - b.CreditsPosted);
        var unassigned = Sum(AccountCode.FundBudget, b => b.CreditsPosted - b.DebitsPosted - b.DebitsPending);
        var programAvailable = Sum(AccountCode.ProgramBudget, b => b.CreditsPosted - b.DebitsPosted - b.DebitsPending);
        var committed = Sum(AccountCode.ProgramBudget, b => b.DebitsPending);
        var payable = Sum(AccountCode.ProgramPayable, b => b.CreditsPosted - b.DebitsPosted);
        var disbursed = Sum(AccountCode.ProgramDisbursed, b => b.CreditsPosted - b.DebitsPosted);
        var available = unassigned + programAvailable;

        var programIds = accounts.Where(a => a.ProgramId != null).Select(a => a.ProgramId!.Value).Distinct().ToList();
        var programs = await db.Programs.AsNoTracking().Where(p => programIds.Contains(p.Id)).OrderBy(p => p.Code).ToListAsync(ct);
        var perProgram = programs.Select(p => new ProgramPosition(p.Id, p.Code, p.Envelope.Dong,
            Sum(AccountCode.ProgramBudget, b => b.CreditsPosted - b.DebitsPosted - b.DebitsPending, p.Id),
            Sum(AccountCode.ProgramBudget, b => b.DebitsPending, p.Id),
            Sum(AccountCode.ProgramPayable, b => b.CreditsPosted - b.DebitsPosted, p.Id),
            Sum(AccountCode.ProgramDisbursed, b => b.CreditsPosted - b.DebitsPosted, p.Id))).ToArray();

        return new FundPosition(q.FundId, q.FiscalYear, allocated, available, unassigned, committed, payable, disbursed,
            allocated == available + committed + payable + disbursed, perProgram);
    }
}
