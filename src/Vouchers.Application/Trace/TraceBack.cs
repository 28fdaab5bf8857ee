using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Trace;

/// <summary>
/// Backward trace from one ledger transfer (e.g. a provider's disbursement): back through its voucher, the voucher's
/// commitment, the program's envelope approval, to the budget decisions that funded the envelope
/// (<see cref="AttributionRule"/>), naming each transfer on the way.
/// </summary>
public sealed record TraceTransfer(Guid TransferId) : IQuery<BackwardTrace>;

/// <summary>Backward trace from a voucher: from its latest transfer back to the budget decisions.</summary>
public sealed record TraceVoucher(Guid VoucherId) : IQuery<BackwardTrace>;

/// <param name="Start">The transfer asked about (null when the trace starts from a voucher).</param>
/// <param name="Path">From the start back to the decisions: each step names its transfer; an <c>Allocation</c> step's
/// <c>attributed</c> is what the envelope drew on that decision.</param>
public sealed record BackwardTrace(TransferLine? Start, VoucherTrace? Voucher, ProgramLink? Program, FundRef Fund, int FiscalYear,
    IReadOnlyList<DecisionShare> FundedBy, IReadOnlyList<TraceStep> Path, string AttributionRule, string AttributionRuleText);

public sealed record ProgramLink(Guid Id, string Code, string Name, long Envelope, string? EnvelopeDecisionNumber, DateOnly? EnvelopeDecisionDate,
    TransferLine? EnvelopeApproval);

public sealed record TraceStep(string Step, string Description, TransferLine? Transfer, long? Attributed = null);

public sealed class TraceBackHandler(IVouchersDb db, IRequestContext request) : IRequestHandler<TraceTransfer, BackwardTrace>, IRequestHandler<TraceVoucher, BackwardTrace>
{
    public async Task<BackwardTrace> Handle(TraceTransfer q, CancellationToken ct)
    {
        var start = await LedgerScope.VisibleTransfers(db, request).AsNoTracking().FirstOrDefaultAsync(t => t.Id == q.TransferId, ct)
            ?? throw new NotFoundException("transfer", q.TransferId);
        if (start.VoucherId is { } voucherId)
            return await FromVoucherAsync(await db.Vouchers.AsNoTracking().FirstAsync(v => v.Id == voucherId, ct), start, ct);

        // Not a voucher's transfer: an allocation, an envelope movement (approval, top-up, reduction, return) or a correction. Its accounts say where it belongs.
        var accounts = await db.LedgerAccounts.AsNoTracking().Where(a => a.Id == start.DebitAccountId || a.Id == start.CreditAccountId).ToListAsync(ct);
        var account = accounts.FirstOrDefault(a => a.ProgramId != null) ?? accounts.First();
        var pool = await FundBudgetTrail.LoadAsync(db, account.FundId, account.FiscalYear, ct);
        var program = account.ProgramId is { } programId ? await db.Programs.AsNoTracking().FirstAsync(p => p.Id == programId, ct) : null;
        var envelope = program is null ? null : pool.EnvelopeOf(program);
        var lines = await TransferLines.LoadAsync(db, [start, .. pool.Transfers], ct);

        var path = new List<TraceStep> { Step(start, lines, pool) };
        IReadOnlyList<DecisionShare> fundedBy;
        if (start.Kind == TransferKind.EnvelopeTopUp) fundedBy = pool.SharesOf(start.Id); // a top-up draws on the pool by itself
        else if (start.Kind is TransferKind.EnvelopeReduction or TransferKind.EnvelopeReturn)
            fundedBy = [pool.Share(start.Id, start.Amount.Dong)]; // it handed money back to the pool
        else if (envelope is not null)
        {
            if (envelope.Id != start.Id) path.Add(Step(envelope, lines, pool));
            fundedBy = pool.SharesOf(envelope.Id);
        }
        else if (start.CreditAccountId == pool.BudgetAccountId) fundedBy = [pool.Share(start.Id, start.Amount.Dong)]; // it put money into the pool
        else fundedBy = pool.SharesOf(start.Id); // another debit of the pool
        path.AddRange(DecisionSteps(fundedBy, lines, pool));
        return await ResultAsync(lines.Of(start), null, program, envelope, lines, account.FundId, account.FiscalYear, fundedBy, path, ct);
    }

    public async Task<BackwardTrace> Handle(TraceVoucher q, CancellationToken ct)
    {
        var voucher = await db.Vouchers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == q.VoucherId, ct) ?? throw new NotFoundException("voucher", q.VoucherId);
        return await FromVoucherAsync(voucher, null, ct);
    }

    private async Task<BackwardTrace> FromVoucherAsync(Voucher voucher, LedgerTransfer? start, CancellationToken ct)
    {
        var program = await db.Programs.AsNoTracking().FirstAsync(p => p.Id == voucher.ProgramId, ct);
        var pool = await FundBudgetTrail.LoadAsync(db, program.FundId, program.FiscalYear, ct);
        var built = (await VoucherTraces.BuildAsync(db, program, [voucher], ct)).Single();
        var envelope = pool.EnvelopeOf(program);
        var lines = await TransferLines.LoadAsync(db, [.. built.Transfers, .. pool.Transfers, .. start is null ? Array.Empty<LedgerTransfer>() : [start]], ct);

        // From the start (or the voucher's latest transfer) back to its commitment: each money step rests on the one before.
        var path = new List<TraceStep>();
        var byId = built.Transfers.ToDictionary(t => t.Id);
        var visited = new HashSet<Guid>(); // a tampered ledger can point in a circle: each transfer is a step once
        for (var current = start ?? built.Transfers.LastOrDefault(); current is not null && visited.Add(current.Id);
             current = Before(current, built.Transfers, byId, program))
            path.Add(Step(current, lines, pool));
        IReadOnlyList<DecisionShare> fundedBy = [];
        if (envelope is not null)
        {
            // the voucher is funded by its program's envelope as a whole: the approval and any top-ups
            foreach (var e in pool.EnvelopeTransfersOf(program).Where(t => t.Kind is TransferKind.EnvelopeApproval or TransferKind.EnvelopeTopUp))
                path.Add(Step(e, lines, pool));
            fundedBy = pool.EnvelopeSharesOf(program);
            path.AddRange(DecisionSteps(fundedBy, lines, pool));
        }
        return await ResultAsync(start is null ? null : lines.Of(start), built.Trace, program, envelope, lines, program.FundId, program.FiscalYear,
            fundedBy, path, ct);
    }

    /// <summary>The transfer this one rests on: a clawback on the payment it reverses (or the settlement, before payment), a payment on its settlement, a post or void on its commitment.</summary>
    private static LedgerTransfer? Before(LedgerTransfer t, IReadOnlyList<LedgerTransfer> voucherTransfers, IReadOnlyDictionary<Guid, LedgerTransfer> byId,
        SupportProgram program)
    {
        LedgerTransfer? InBatch(TransferKind kind) => voucherTransfers.FirstOrDefault(x => x.Kind == kind && x.CorrelationId == t.CorrelationId && x.Id != t.Id);
        LedgerTransfer? LastBefore(TransferKind kind) => voucherTransfers.TakeWhile(x => x.Id != t.Id).LastOrDefault(x => x.Kind == kind)
            ?? voucherTransfers.LastOrDefault(x => x.Kind == kind && x.Id != t.Id);
        return t.Kind switch
        {
            // after payment a clawback reverses the disbursement, before it the settlement (in whichever year's accounts paid it)
            TransferKind.Clawback => voucherTransfers.Any(x => x.Kind == TransferKind.Disbursement)
                ? LastBefore(TransferKind.Disbursement) : LastBefore(TransferKind.Settlement),
            TransferKind.Disbursement => LastBefore(TransferKind.Settlement),
            TransferKind.Settlement or TransferKind.Release or TransferKind.CarryOverRelease =>
                t.PendingId is { } p && byId.GetValueOrDefault(p) is { Kind: TransferKind.Commitment } c ? c : null,
            // a commitment carried over (chuyển nguồn) rests on what its batch brought forward, that on what the old year
            // carried forward, that on the old commitment's end: so the trace goes back to the program's envelope
            TransferKind.Commitment => InBatch(TransferKind.BringForward),
            TransferKind.BringForward => InBatch(TransferKind.CarryForward),
            TransferKind.CarryForward => InBatch(TransferKind.CarryOverRelease),
            _ => voucherTransfers.FirstOrDefault(x => x.Kind == TransferKind.Commitment && x.Id != t.Id),
        };
    }

    private static IEnumerable<TraceStep> DecisionSteps(IReadOnlyList<DecisionShare> shares, TransferLines lines, FundBudgetTrail pool) =>
        shares.Select(s => pool.Transfers.FirstOrDefault(t => t.Id == s.SourceTransferId) is { } t
            ? Step(t, lines, pool) with { Attributed = s.Amount }
            : new TraceStep(s.SourceKind, $"Transfer {s.SourceTransferId}", null, s.Amount));

    private static TraceStep Step(LedgerTransfer t, TransferLines lines, FundBudgetTrail pool)
    {
        var amount = t.Amount.ToString();
        var text = t.Kind switch
        {
            TransferKind.Allocation => pool.DecisionOf(t.Id) is { } d
                ? $"Budget decision {d.DecisionNumber} of {d.DecisionDate:yyyy-MM-dd} put {amount} into the fund's budget"
                : $"Allocation {t.Reference} of {amount} into the fund's budget",
            TransferKind.EnvelopeApproval => $"Envelope of {amount} approved by decision {t.Reference}, from the fund's budget to the program's",
            TransferKind.EnvelopeTopUp => $"Envelope topped up by {amount} by decision {t.Reference}, from the fund's budget to the program's",
            TransferKind.EnvelopeReduction => $"Envelope reduced by {amount} by decision {t.Reference}: uncommitted budget back from the program's budget to the fund's",
            TransferKind.EnvelopeReturn => $"Program closed by decision {t.Reference}: its unused {amount} returned from the program's budget to the fund's",
            TransferKind.Commitment => $"Commitment: the face value {amount} of voucher {t.Reference} reserved in the program's budget",
            TransferKind.Settlement => $"Settlement: the accepted {amount} authorised for payment (invoice {t.Reference})" +
                (lines.Of(t).ReleasedAmount is > 0 and var released ? $"; the other {Money.Vnd(released)} of the commitment returned to the program's budget" : ""),
            TransferKind.Release => $"Release: the whole commitment of {amount} returned to the program's budget",
            TransferKind.Disbursement => $"Disbursement: {amount} paid to the provider (payment order {t.Reference})",
            TransferKind.Clawback => $"Clawback: {amount} recovered to the program's budget",
            TransferKind.CarryOverRelease => $"Year end (decision {t.Reference}): the commitment of {amount} ended in the budget of the year that closed, to be carried over",
            TransferKind.CarryForward => $"Carried forward (chuyển nguồn, decision {t.Reference}): {amount} left the program's budget of the year that closed",
            TransferKind.BringForward => $"Brought forward (decision {t.Reference}): {amount} arrived in the program's budget of the next year",
            _ => $"{t.Kind}: {amount} ({t.Reason})",
        };
        return new TraceStep(t.Kind.ToString(), text, lines.Of(t));
    }

    private async Task<BackwardTrace> ResultAsync(TransferLine? start, VoucherTrace? voucher, SupportProgram? program, LedgerTransfer? envelope,
        TransferLines lines, Guid fundId, int fiscalYear, IReadOnlyList<DecisionShare> fundedBy, IReadOnlyList<TraceStep> path, CancellationToken ct)
    {
        var fund = await db.Funds.AsNoTracking().FirstAsync(f => f.Id == fundId, ct);
        var link = program is null ? null : new ProgramLink(program.Id, program.Code, program.Name, program.Envelope.Dong, program.EnvelopeDecisionNumber,
            program.EnvelopeDecisionDate, envelope is null ? null : lines.Of(envelope));
        return new BackwardTrace(start, voucher, link, new FundRef(fund.Id, fund.Name, fund.ProvinceCode, fund.Kind.ToString()), fiscalYear, fundedBy,
            path, AttributionRule.Name, AttributionRule.Text);
    }
}
