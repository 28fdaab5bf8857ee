using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;

namespace Vouchers.Application.Enterprises;

/// <summary>
/// An SME registers (or updates) its enterprise profile. The size class is computed from the declared figures
/// under Decree 80/2021 — a client cannot set it. <c>FiscalYear</c> says which year's figures these are (default: the
/// current year); an application is judged on the declaration of its program's year.
/// </summary>
public sealed record RegisterEnterprise(
    string TaxCode, string Name, string ProvinceCode, string CommuneWard, SectorGroup SectorGroup, Sector Sector,
    int AverageInsuredEmployees, long AnnualRevenue, long TotalCapital, int? FiscalYear = null) : ICommand<EnterpriseView>;

public sealed class RegisterEnterpriseValidator : AbstractValidator<RegisterEnterprise>
{
    public RegisterEnterpriseValidator()
    {
        RuleFor(c => c.TaxCode).NotEmpty().MaximumLength(20);
        RuleFor(c => c.Name).NotEmpty().MaximumLength(Text.NameMax);
        RuleFor(c => c.ProvinceCode).NotEmpty().MaximumLength(40);
        RuleFor(c => c.CommuneWard).NotEmpty().MaximumLength(200);
        RuleFor(c => c.SectorGroup).IsInEnum();
        RuleFor(c => c.Sector).IsInEnum();
        RuleFor(c => c.AverageInsuredEmployees).InclusiveBetween(0, 1_000_000);
        RuleFor(c => c.AnnualRevenue).GreaterThanOrEqualTo(0);
        RuleFor(c => c.TotalCapital).GreaterThanOrEqualTo(0);
        RuleFor(c => c.FiscalYear).InclusiveBetween(FiscalYears.First, FiscalYears.Last).When(c => c.FiscalYear is not null);
    }
}

public sealed record EnterpriseView(Guid Id, string TaxCode, string Name, string ProvinceCode, string CommuneWard, string SectorGroup,
    string Sector, int AverageInsuredEmployees, long AnnualRevenue, long TotalCapital, string SizeClass, bool IsDemo,
    ProfileChangeView? PendingChange = null, int? FiscalYear = null)
{
    public static EnterpriseView From(Enterprise e, EnterpriseProfileChange? pending = null) => new(e.Id, e.TaxCode.Value, e.Name, e.ProvinceCode,
        e.CommuneWard, e.SectorGroup.ToString(), e.Sector.ToString(), e.AverageInsuredEmployees, e.AnnualRevenue.Dong, e.TotalCapital.Dong,
        e.SizeClass.ToString(), e.IsDemo, pending is null ? null : ProfileChangeView.Of(pending), e.ProfileFiscalYear);
}

/// <summary>
/// Registers the enterprise, or records its newly declared profile. Every change is kept with its old and new values
/// (and the audit line says them); a change of province or size class while the enterprise has open applications or
/// vouchers does not apply: it waits for a reviewer (answered with <c>pendingChange</c>; the profile is unchanged).
/// One enterprise's profile changes and applications queue behind each other, so neither decides on a stale read.
/// </summary>
public sealed class RegisterEnterpriseHandler(IVouchersDb db, IRequestContext request, TimeProvider clock) : IRequestHandler<RegisterEnterprise, EnterpriseView>
{
    public async Task<EnterpriseView> Handle(RegisterEnterprise c, CancellationToken ct)
    {
        var taxCode = TaxCode.Parse(c.TaxCode);
        var profile = new EnterpriseProfile(c.Name, c.ProvinceCode, c.CommuneWard, c.SectorGroup, c.Sector, c.AverageInsuredEmployees,
            Money.Vnd(c.AnnualRevenue), Money.Vnd(c.TotalCapital), c.FiscalYear);
        var now = clock.GetUtcNow();
        await db.QueueForEnterpriseAsync(taxCode.HeadOffice.Value, ct);
        var existing = await db.Enterprises.FirstOrDefaultAsync(e => e.TaxCode == taxCode, ct);
        EnterpriseProfileChange? change;
        if (existing is null)
        {
            existing = Enterprise.Register(taxCode, profile, request.Actor, now, out var registration);
            db.Enterprises.Add(existing);
            change = registration;
        }
        else change = existing.UpdateProfile(profile, await Vouchers.VoucherQueries.HasOpenVouchersAsync(db, existing.Id, ct), request.Actor, now);
        request.InProvince(existing.ProvinceCode); // the line joins the enterprise's province's trail
        if (change is null) return EnterpriseView.From(existing);
        db.ProfileChanges.Add(change);
        request.Describes(change.Status == EnterpriseProfileChangeStatus.PendingReview ? "enterprise.profile-change-pending-review" : "enterprise.profile-changed",
            change.Summary);
        return EnterpriseView.From(existing, change.Status == EnterpriseProfileChangeStatus.PendingReview ? change : null);
    }
}
