using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Funds;
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;

namespace Vouchers.Application.Trace;

/// <summary>
/// Forward trace, top level: a fund's fiscal year → its budget decisions → the program envelopes each decision paid
/// for (<see cref="AttributionRule"/>) → each program's money, with totals at each level and checks that they add up
/// and equal the fund position. The vouchers of a program are paged: <see cref="TraceProgram"/>.
/// </summary>
public sealed record TraceFund(Guid FundId, int FiscalYear) : IQuery<FundTrace>;

public sealed record FundTrace(FundRef Fund, int FiscalYear, string AttributionRule, string AttributionRuleText, IReadOnlyList<DecisionTrace> Decisions,
    IReadOnlyList<ProgramSummary> Programs, IReadOnlyList<TransferLine> OtherFundBudgetTransfers, FundTraceTotals Totals, FundTraceChecks Checks);

/// <summary>A budget decision and where its money went: <c>drawn</c> + <c>remaining</c> = <c>amount</c>.</summary>
public sealed record DecisionTrace(Guid AllocationId, string DecisionNumber, DateOnly DecisionDate, long Amount, TransferLine? Transfer,
    string RecordedBy, DateTimeOffset RecordedAt, IReadOnlyList<EnvelopeDraw> DrawnBy, long Drawn, long Remaining);

public sealed record EnvelopeDraw(Guid? ProgramId, string? ProgramCode, Guid TransferId, string Kind, long Amount);

/// <summary>
/// allocated = assignedToPrograms + unassignedToPrograms (with no corrections on the pool) and
/// allocated + broughtForward = available + committed + payable + disbursed + carriedForward, where available =
/// unassignedToPrograms + Σ programs' available (brought and carried forward: the year-end carry-overs, chuyển nguồn).
/// </summary>
public sealed record FundTraceTotals(long Allocated, long AssignedToPrograms, long UnassignedToPrograms, long Available, long Committed,
    long Payable, long Disbursed, long BroughtForward, long CarriedForward);

/// <param name="DecisionsAddUp">The recorded decisions sum to what the ledger allocated, and each decision's drawn + remaining is its amount.</param>
/// <param name="EnvelopesCovered">Every envelope was covered in full by the decisions before it.</param>
/// <param name="ProgramsAddUp">Each program's envelope + brought forward = its available + committed + payable + disbursed + carried forward, and its vouchers' flows equal its accounts' flows.</param>
/// <param name="Balanced">allocated + brought forward = available + committed + payable + disbursed + carried forward.</param>
/// <param name="MatchesFundPosition">These totals and per-program figures equal the fund position (<see cref="GetFundPosition"/>, computed by replaying balances).</param>
public sealed record FundTraceChecks(bool DecisionsAddUp, bool EnvelopesCovered, bool ProgramsAddUp, bool Balanced, bool MatchesFundPosition);

public sealed class TraceFundValidator : AbstractValidator<TraceFund>
{
    public TraceFundValidator()
    {
        RuleFor(q => q.FundId).NotEmpty();
        RuleFor(q => q.FiscalYear).SupportedFiscalYear();
    }
}

public sealed class TraceFundHandler(IVouchersDb db, IMediator mediator) : IRequestHandler<TraceFund, FundTrace>
{
    public async Task<FundTrace> Handle(TraceFund q, CancellationToken ct)
    {
        var fund = await db.Funds.AsNoTracking().FirstOrDefaultAsync(f => f.Id == q.FundId, ct) ?? throw new NotFoundException("fund", q.FundId);
        var pool = await FundBudgetTrail.LoadAsync(db, fund.Id, q.FiscalYear, ct);
        var lines = await TransferLines.LoadAsync(db, pool.Transfers, ct);
        // the year's programs, and earlier ones whose commitments a decision carried into this year's budget (chuyển nguồn)
        var carriedInto = db.LedgerAccounts.Where(a => a.FundId == fund.Id && a.FiscalYear == q.FiscalYear && a.ProgramId != null).Select(a => a.ProgramId!.Value);
        var programs = await db.Programs.AsNoTracking().Where(p => p.FundId == fund.Id && (p.FiscalYear == q.FiscalYear || carriedInto.Contains(p.Id)))
            .OrderBy(p => p.Code).ToListAsync(ct);
        var trails = await ProgramTrails.LoadAsync(db, programs, q.FiscalYear, ct);
        var counts = await ProgramTrails.VoucherCountsAsync(db, programs.Select(p => p.Id).ToList(), ct);

        // every envelope movement (approval, top-up, reduction, return) belongs to its program, not to "others"
        var programByEnvelope = programs.SelectMany(p => pool.EnvelopeTransfersOf(p).Select(e => (p, e))).ToDictionary(x => x.e.Id, x => x.p);
        var summaries = programs.Select(p => ProgramTrails.Summary(p, pool, lines, trails[p.Id],
            counts.GetValueOrDefault(p.Id))).ToArray();

        var decisions = pool.Decisions.Select(d =>
        {
            var draws = pool.Attribution.Draws.Where(x => x.SourceTransferId == d.TransferId).Select(x =>
            {
                var use = pool.Transfers.First(t => t.Id == x.UseTransferId);
                var program = programByEnvelope.GetValueOrDefault(use.Id);
                return new EnvelopeDraw(program?.Id, program?.Code, use.Id, use.Kind.ToString(), x.Amount);
            }).ToArray();
            var transfer = pool.Transfers.FirstOrDefault(t => t.Id == d.TransferId);
            return new DecisionTrace(d.Id, d.DecisionNumber, d.DecisionDate, d.Amount.Dong, transfer is null ? null : lines.Of(transfer),
                d.RecordedBy, d.RecordedAt, draws, draws.Sum(x => x.Amount), pool.Attribution.Remaining.GetValueOrDefault(d.TransferId));
        }).ToArray();
        var decisionTransfers = pool.Decisions.Select(d => d.TransferId).ToHashSet();
        var others = pool.Transfers.Where(t => !decisionTransfers.Contains(t.Id) && !programByEnvelope.ContainsKey(t.Id)).Select(lines.Of).ToArray();

        var allocated = pool.Transfers.Where(t => t.Kind == TransferKind.Allocation && t.CreditAccountId == pool.BudgetAccountId).Sum(t => t.Amount.Dong);
        var assigned = summaries.Sum(s => s.Money.Envelope);
        var unassigned = pool.Transfers.Sum(t => t.CreditAccountId == pool.BudgetAccountId ? t.Amount.Dong : -t.Amount.Dong);
        var totals = new FundTraceTotals(allocated, assigned, unassigned, unassigned + summaries.Sum(s => s.Money.Available),
            summaries.Sum(s => s.Money.Committed), summaries.Sum(s => s.Money.Payable), summaries.Sum(s => s.Money.Disbursed),
            summaries.Sum(s => s.Money.BroughtForward), summaries.Sum(s => s.Money.CarriedForward));

        var position = await mediator.Send(new GetFundPosition(fund.Id, q.FiscalYear), ct);
        var checks = new FundTraceChecks(
            DecisionsAddUp: decisions.Sum(d => d.Amount) == allocated && decisions.All(d => d.Drawn + d.Remaining == d.Amount),
            EnvelopesCovered: pool.Attribution.Uncovered.Count == 0,
            ProgramsAddUp: summaries.All(s => s.Money.AddsUp
                && s.Money.Flows == trails[s.Id].VouchersOnly.Voucher && s.Money.OtherTransfers == 0),
            Balanced: totals.Allocated + totals.BroughtForward == totals.Available + totals.Committed + totals.Payable + totals.Disbursed + totals.CarriedForward,
            MatchesFundPosition: Matches(totals, summaries, position));
        return new FundTrace(new FundRef(fund.Id, fund.Name, fund.ProvinceCode, fund.Kind.ToString()), q.FiscalYear, AttributionRule.Name,
            AttributionRule.Text, decisions, summaries, others, totals, checks);
    }

    private static bool Matches(FundTraceTotals t, IReadOnlyList<ProgramSummary> programs, FundPosition p) =>
        (t.Allocated, t.Available, t.UnassignedToPrograms, t.Committed, t.Payable, t.Disbursed, t.BroughtForward, t.CarriedForward) ==
        (p.Allocated, p.Available, p.UnassignedToPrograms, p.Committed, p.Payable, p.Disbursed, p.BroughtForward, p.CarriedForward)
        && p.Programs.All(pp => programs.FirstOrDefault(s => s.Id == pp.ProgramId) is { } s
            && (s.Money.Available, s.Money.Committed, s.Money.Payable, s.Money.Disbursed, s.Money.BroughtForward, s.Money.CarriedForward)
            == (pp.Available, pp.Committed, pp.Payable, pp.Disbursed, pp.BroughtForward, pp.CarriedForward));
}
