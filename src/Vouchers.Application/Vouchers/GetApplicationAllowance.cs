using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;

namespace Vouchers.Application.Vouchers;

/// <summary>
/// What an enterprise may still ask of a program before it applies: the caps of its size class (per voucher, per SME
/// in the program's year), what its applications and vouchers in the program already hold against that yearly cap, and
/// so the most one application could ask for now. Read with the same sums the application's own check uses
/// (<see cref="VoucherQueries.HeldByEnterpriseAsync"/>), so the page and the refusal agree. An SME asks only about itself.
/// </summary>
public sealed record GetApplicationAllowance(string TaxCode, Guid ProgramId) : IQuery<ApplicationAllowance>;

/// <summary>
/// <c>SizeEligible</c> false: the program has no cap for the enterprise's size class (the caps are then null).
/// <c>DeclaredForProgramYear</c> false: the enterprise's figures are not the program year's, which an application needs.
/// <c>MostNow</c>: the smaller of the per-voucher cap and what is left of the yearly cap (0 when that is below the
/// program's minimum support).
/// </summary>
public sealed record ApplicationAllowance(Guid ProgramId, int FiscalYear, string SizeClass, bool SizeEligible,
    long? PerVoucher, long? PerSmePerYear, long HeldThisYear, long? LeftThisYear, long MinimumSupport, long MostNow,
    bool DeclaredForProgramYear, int? DeclaredFiscalYear);

public sealed class GetApplicationAllowanceValidator : AbstractValidator<GetApplicationAllowance>
{
    public GetApplicationAllowanceValidator()
    {
        RuleFor(q => q.TaxCode).NotEmpty().MaximumLength(20);
        RuleFor(q => q.ProgramId).NotEmpty();
    }
}

public sealed class GetApplicationAllowanceHandler(IVouchersDb db, IRequestContext request) : IRequestHandler<GetApplicationAllowance, ApplicationAllowance>
{
    public async Task<ApplicationAllowance> Handle(GetApplicationAllowance q, CancellationToken ct)
    {
        var taxCode = TaxCode.Parse(q.TaxCode);
        // an SME reads its own allowance only: another enterprise's is answered as one that does not exist
        if (request.Actor.Role == RoleNames.Sme && request.Caller.TaxCode != taxCode)
            throw new NotVisibleException("enterprise", taxCode);
        var sme = await db.Enterprises.AsNoTracking().FirstOrDefaultAsync(e => e.TaxCode == taxCode, ct) ?? throw new NotFoundException("enterprise", taxCode);
        var program = await db.Programs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == q.ProgramId, ct) ?? throw new NotFoundException("program", q.ProgramId);
        var held = await VoucherQueries.HeldByEnterpriseAsync(db, taxCode.HeadOffice.Value, program.Id, null, ct);
        var cap = program.Caps.FirstOrDefault(c => c.Size == sme.SizeClass);
        var left = cap is null ? (Money?)null : cap.PerSmePerYear > held ? cap.PerSmePerYear - held : Money.Zero;
        var most = cap is null || left is null ? Money.Zero : left.Value < cap.PerVoucher ? left.Value : cap.PerVoucher;
        if (most < program.MinimumSupport) most = Money.Zero;
        return new ApplicationAllowance(program.Id, program.FiscalYear, sme.SizeClass.ToString(), cap is not null,
            cap?.PerVoucher.Dong, cap?.PerSmePerYear.Dong, held.Dong, left?.Dong, program.MinimumSupport.Dong, most.Dong,
            sme.ProfileFiscalYear == program.FiscalYear, sme.ProfileFiscalYear);
    }
}
