using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Funds;

/// <summary>
/// The figures a finance dashboard shows beside a fund's position (<see cref="GetFundPosition"/>) for a fiscal year:
/// <list type="bullet">
/// <item>by service kind, what the fund's vouchers paid from that year's budget hold in the ledger's three columns: committed
/// (the face value of a voucher holding its commitment, <see cref="VoucherLifecycle.HoldingCommitment"/>), payable (the
/// accepted amount of a settled voucher, less what was clawed back before payment) and disbursed (the accepted amount of a
/// paid one, less what was clawed back after payment): the same terms whose sums are the position's, so the kinds add
/// up to it;</item>
/// <item>by month (Vietnam time), the ledger's movements of that year's accounts: new commitments, payments authorised
/// (settlements, the amount posted) and payments recorded (disbursements);</item>
/// <item>the budget decisions (allocations) of the year, by date;</item>
/// <item>the pipeline: how many of the fund's vouchers of that budget year are in each status, and what they count for
/// (<see cref="VoucherLifecycle.AmountHeld"/>: requested, proposed or face value).</item>
/// </list>
/// Reads the fund's vouchers of the year and the year's commitment, settlement and disbursement transfers (not the whole
/// ledger); a fund of another province is answered as one that does not exist.
/// </summary>
public sealed record GetFundDashboard(Guid FundId, int FiscalYear) : IQuery<FundDashboard>;

public sealed record FundDashboard(Guid FundId, int FiscalYear, IReadOnlyList<ServiceKindFigures> ByServiceKind, IReadOnlyList<MonthFigures> ByMonth,
    IReadOnlyList<PipelineStage> Pipeline, IReadOnlyList<AllocationLine> Allocations);

public sealed record AllocationLine(string DecisionNumber, DateOnly DecisionDate, long Amount);

public sealed record ServiceKindFigures(string ServiceKind, int Vouchers, long Committed, long Payable, long Disbursed);

/// <param name="Month">The month, <c>yyyy-MM</c> in Vietnam time.</param>
public sealed record MonthFigures(string Month, long Committed, long Settled, long Disbursed);

public sealed record PipelineStage(string Status, int Vouchers, long Amount);

public sealed class GetFundDashboardValidator : AbstractValidator<GetFundDashboard>
{
    public GetFundDashboardValidator() => RuleFor(q => q.FiscalYear).SupportedFiscalYear();
}

public sealed class GetFundDashboardHandler(IVouchersDb db) : IRequestHandler<GetFundDashboard, FundDashboard>
{
    public async Task<FundDashboard> Handle(GetFundDashboard q, CancellationToken ct)
    {
        if (!await db.Funds.AnyAsync(f => f.Id == q.FundId, ct)) throw new NotFoundException("fund", q.FundId);
        var programIds = await db.Programs.AsNoTracking().Where(p => p.FundId == q.FundId).Select(p => p.Id).ToListAsync(ct);
        var vouchers = await db.Vouchers.AsNoTracking()
            .Where(v => programIds.Contains(v.ProgramId) && v.BudgetYear == q.FiscalYear)
            .Select(v => new { v.Status, v.ServiceKind, v.RequestedAmount, v.ProposedAmount, v.FaceValue, v.AcceptedAmount, v.ClawedBackAmount, v.PaymentReference })
            .ToListAsync(ct);

        var byKind = vouchers.GroupBy(v => v.ServiceKind).OrderBy(g => g.Key).Select(g =>
        {
            long committed = 0, payable = 0, disbursed = 0;
            foreach (var v in g)
            {
                var kept = (v.AcceptedAmount?.Dong ?? 0) - (v.ClawedBackAmount?.Dong ?? 0);
                if (VoucherLifecycle.HoldingCommitment.Contains(v.Status)) committed += v.FaceValue?.Dong ?? 0;
                else if (v.Status == VoucherStatus.Settled || (v.Status == VoucherStatus.ClawedBack && v.PaymentReference is null)) payable += kept;
                else if (v.Status == VoucherStatus.Paid || (v.Status == VoucherStatus.ClawedBack && v.PaymentReference is not null)) disbursed += kept;
            }
            return new ServiceKindFigures(g.Key.ToString(), g.Count(), committed, payable, disbursed);
        }).ToArray();

        var pipeline = vouchers.GroupBy(v => v.Status).OrderBy(g => g.Key).Select(g => new PipelineStage(g.Key.ToString(), g.Count(),
            g.Sum(v => VoucherLifecycle.AmountHeld(v.FaceValue, v.ProposedAmount, v.RequestedAmount).Dong))).ToArray();

        var accountIds = await db.LedgerAccounts.AsNoTracking().Where(a => a.FundId == q.FundId && a.FiscalYear == q.FiscalYear)
            .Select(a => a.Id).ToListAsync(ct);
        var kinds = new[] { TransferKind.Commitment, TransferKind.Settlement, TransferKind.Disbursement };
        var moves = await db.LedgerTransfers.AsNoTracking()
            .Where(t => kinds.Contains(t.Kind) && (accountIds.Contains(t.DebitAccountId) || accountIds.Contains(t.CreditAccountId)))
            .Select(t => new { t.Kind, t.Amount, t.Timestamp })
            .ToListAsync(ct);
        var byMonth = moves.Select(t => (t.Kind, Amount: t.Amount.Dong, t.Timestamp)).GroupBy(t => VietnamTime.Local(t.Timestamp).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new MonthFigures(g.Key, Sum(g, TransferKind.Commitment), Sum(g, TransferKind.Settlement), Sum(g, TransferKind.Disbursement)))
            .ToArray();
        var allocations = await db.BudgetAllocations.AsNoTracking().Where(a => a.FundId == q.FundId && a.FiscalYear == q.FiscalYear)
            .Select(a => new { a.DecisionNumber, a.DecisionDate, a.Amount }).ToListAsync(ct);
        return new FundDashboard(q.FundId, q.FiscalYear, byKind, byMonth, pipeline, allocations
            .OrderBy(a => a.DecisionDate).ThenBy(a => a.DecisionNumber, StringComparer.Ordinal)
            .Select(a => new AllocationLine(a.DecisionNumber, a.DecisionDate, a.Amount.Dong)).ToArray());

        static long Sum(IEnumerable<(TransferKind Kind, long Amount, DateTimeOffset Timestamp)> moves, TransferKind kind) =>
            moves.Where(m => m.Kind == kind).Sum(m => m.Amount);
    }
}
