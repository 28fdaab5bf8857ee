using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Trace;

/// <summary>
/// Forward trace, program level: the program (envelope, its approval, the decisions that funded it) and its vouchers
/// that moved money (issued at least once), one page at a time, oldest issue first. <c>voucherTotals</c> sums every
/// such voucher of the program (all pages), so it can be checked against the program's own accounts.
/// </summary>
public sealed record TraceProgram(Guid ProgramId, int Page = 1, int PageSize = 20) : IQuery<ProgramTrace>, IPagedQuery;

/// <param name="VouchersAddUp">The vouchers' flows, over all pages, equal the flows on the program's accounts.</param>
public sealed record ProgramTrace(FundRef Fund, int FiscalYear, string AttributionRule, ProgramSummary Program, VoucherMoney VoucherTotals,
    bool VouchersAddUp, Page<VoucherTrace> Vouchers);

public sealed class TraceProgramValidator : AbstractValidator<TraceProgram>
{
    public TraceProgramValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.ProgramId).NotEmpty();
    }
}

public sealed class TraceProgramHandler(IVouchersDb db) : IRequestHandler<TraceProgram, ProgramTrace>
{
    public async Task<ProgramTrace> Handle(TraceProgram q, CancellationToken ct)
    {
        var program = await db.Programs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == q.ProgramId, ct) ?? throw new NotFoundException("program", q.ProgramId);
        var fund = await db.Funds.AsNoTracking().FirstAsync(f => f.Id == program.FundId, ct);
        var pool = await FundBudgetTrail.LoadAsync(db, program.FundId, program.FiscalYear, ct);
        var trails = (await ProgramTrails.LoadAsync(db, [program], null, ct))[program.Id]; // every year: its own and any a carry-over reached

        var vouchers = db.Vouchers.AsNoTracking().Where(v => v.ProgramId == program.Id && v.CommitmentTransferId != null)
            .OrderBy(v => v.IssuedAt).ThenBy(v => v.Id);
        var total = await vouchers.CountAsync(ct);
        var rows = await vouchers.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToListAsync(ct);
        var built = await VoucherTraces.BuildAsync(db, program, rows, ct);

        var summary = await ProgramTrails.SummaryAsync(db, program, pool, trails, total, ct);
        var voucherTotals = trails.VouchersOnly.Voucher;
        return new ProgramTrace(new FundRef(fund.Id, fund.Name, fund.ProvinceCode, fund.Kind.ToString()), program.FiscalYear, AttributionRule.Name,
            summary, voucherTotals, voucherTotals == summary.Money.Flows && summary.Money.OtherTransfers == 0,
            new Page<VoucherTrace>(built.Select(b => b.Trace).ToArray(), q.Page, q.PageSize, total));
    }
}
