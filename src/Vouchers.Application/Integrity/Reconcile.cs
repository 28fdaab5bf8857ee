using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Funds;
using Vouchers.Domain.Common;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Integrity;

/// <summary>
/// Reconciliation for a fiscal year (one fund, or every fund that has accounts that year): each fund's position from
/// the ledger (<see cref="GetFundPosition"/>: allocated + brought forward = available + committed + payable + disbursed +
/// carried forward), the committed figure against the face values of the vouchers whose commitment is in this year's
/// budget, what the year carried forward against what the next year brought forward (and what it brought forward
/// against what the year before carried forward), and every voucher of the year — of its programs, or paid by its budget
/// after a carry-over — checked against its own ledger transfers (<see cref="VoucherLedgerAgreement"/>), naming each one
/// that disagrees.
/// </summary>
public sealed record Reconcile(int FiscalYear, Guid? FundId = null) : IQuery<Reconciliation>;

/// <param name="CarriedForwardReceived">What the next year's position brought forward from this one (equal to <see cref="CarriedForward"/> when they agree).</param>
/// <param name="BroughtForwardSent">What the year before's position carried forward into this one (equal to <see cref="BroughtForward"/>).</param>
/// <param name="ReplayAgrees">The position read from the ledger's stored balances equals the one replayed from the
/// transfers (ADR 0016): no balance drifted or was edited.</param>
public sealed record FundReconciliation(Guid FundId, string ProvinceCode, string Kind, long Allocated, long Available, long Committed,
    long Payable, long Disbursed, bool Balanced, long CommittedByVouchers, long BroughtForward, long CarriedForward,
    long BroughtForwardSent, long CarriedForwardReceived, bool ReplayAgrees)
{
    /// <summary>The ledger's committed figure is the face values of the vouchers holding a commitment in this year's budget.</summary>
    public bool CommittedAgrees => CommittedByVouchers == Committed;

    /// <summary>Each carry-over left one year and arrived in the next: both sides of this year's borders agree.</summary>
    public bool CarryOverAgrees => CarriedForward == CarriedForwardReceived && BroughtForward == BroughtForwardSent;
}

/// <param name="Findings">Vouchers whose state disagrees with their ledger entries (at most <see cref="ReconcileHandler.MaxFindings"/>).</param>
public sealed record Reconciliation(int FiscalYear, IReadOnlyList<FundReconciliation> Funds, int VouchersChecked,
    IReadOnlyList<VoucherLedgerFinding> Findings, bool FindingsTruncated)
{
    /// <summary>Every fund balanced with its commitments agreeing, and no voucher disagreeing with its entries.</summary>
    public bool Ok => Findings.Count == 0 && Funds.All(f => f.Balanced && f.CommittedAgrees && f.CarryOverAgrees && f.ReplayAgrees);
}

public sealed class ReconcileValidator : AbstractValidator<Reconcile>
{
    public ReconcileValidator() => RuleFor(q => q.FiscalYear).SupportedFiscalYear();
}

public sealed class ReconcileHandler(IVouchersDb db, IMediator mediator) : IRequestHandler<Reconcile, Reconciliation>
{
    public const int MaxFindings = 500;
    private const int Page = 500;

    public async Task<Reconciliation> Handle(Reconcile q, CancellationToken ct)
    {
        await using var snapshot = await db.ReadSnapshotAsync(ct); // vouchers and their transfers of one moment
        if (q.FundId is { } only && !await db.Funds.AnyAsync(f => f.Id == only, ct)) throw new NotFoundException("fund", only);
        var fundIds = await db.LedgerAccounts.AsNoTracking().Where(a => a.FiscalYear == q.FiscalYear && (q.FundId == null || a.FundId == q.FundId))
            .Select(a => a.FundId).Distinct().ToListAsync(ct);
        var funds = await db.Funds.AsNoTracking().Where(f => fundIds.Contains(f.Id)).OrderBy(f => f.ProvinceCode).ThenBy(f => f.Kind).ToListAsync(ct);

        var findings = new List<VoucherLedgerFinding>();
        var truncated = false;
        var checkedCount = 0;
        var results = new List<FundReconciliation>();
        foreach (var fund in funds)
        {
            var position = await mediator.Send(new GetFundPosition(fund.Id, q.FiscalYear), ct);
            var (stored, replayed) = await FundPositionReplay.BothAsync(db, fund.Id, q.FiscalYear, ct);
            var replayAgrees = stored.AgreesWith(replayed);
            var before = q.FiscalYear > FiscalYears.First ? await mediator.Send(new GetFundPosition(fund.Id, q.FiscalYear - 1), ct) : null;
            var after = q.FiscalYear < FiscalYears.Last ? await mediator.Send(new GetFundPosition(fund.Id, q.FiscalYear + 1), ct) : null;
            // the year's vouchers: its programs', and those a carry-over brought into its budget from earlier programs
            var programIds = await db.Programs.AsNoTracking().Where(p => p.FundId == fund.Id).Select(p => p.Id).ToListAsync(ct);
            var year = q.FiscalYear;
            long committedByVouchers = 0;
            // the year's voucher ids first (16 bytes each), then the vouchers and their transfers a page of ids at a time: paging
            // with OFFSET made the database skip every voucher before the page again, quadratic in the fund's vouchers on SQLite
            var voucherIds = await db.Vouchers.AsNoTracking()
                .Where(v => programIds.Contains(v.ProgramId) && (v.FiscalYear == year || v.BudgetYear == year))
                .OrderBy(v => v.Id).Select(v => v.Id).ToListAsync(ct);
            foreach (var ids in voucherIds.Chunk(Page))
            {
                var vouchers = await db.Vouchers.AsNoTracking().Where(v => ids.Contains(v.Id)).ToDictionaryAsync(v => v.Id, ct);
                var transfers = (await db.LedgerTransfers.AsNoTracking().Where(t => t.VoucherId != null && ids.Contains(t.VoucherId.Value)).ToListAsync(ct))
                    .ToLookup(t => t.VoucherId!.Value);
                foreach (var v in ids.Select(id => vouchers[id])) // in the order of the ids, as the database sorted them
                {
                    checkedCount++;
                    if (v.BudgetYear == year && VoucherLifecycle.HoldingCommitment.Contains(v.Status)) committedByVouchers += v.FaceValue?.Dong ?? 0;
                    foreach (var finding in VoucherLedgerAgreement.Check(v, transfers[v.Id]))
                        if (findings.Count < MaxFindings) findings.Add(finding);
                        else truncated = true;
                }
            }
            results.Add(new FundReconciliation(fund.Id, fund.ProvinceCode, fund.Kind.ToString(), position.Allocated, position.Available, position.Committed,
                position.Payable, position.Disbursed, position.Balanced, committedByVouchers, position.BroughtForward, position.CarriedForward,
                before?.CarriedForward ?? 0, after?.BroughtForward ?? 0, replayAgrees));
        }
        return new Reconciliation(q.FiscalYear, results, checkedCount, findings, truncated);
    }
}
