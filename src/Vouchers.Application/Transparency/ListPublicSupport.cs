using Vouchers.Application.Localization;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Transparency;

/// <summary>
/// Công khai: who received how much. Lists settled, paid and clawed-back vouchers with the enterprise's name and
/// tax code (public business registration data), the program, the provider and the amount — nothing private.
/// </summary>
/// <param name="ProvinceCode">Only this province's programs (a province code such as <c>dong-thap</c>).</param>
/// <param name="Fund">Only programs of this kind of fund.</param>
/// <param name="FiscalYear">Only programs of this fiscal year.</param>
public sealed record ListPublicSupport(Guid? ProgramId = null, int Page = 1, int PageSize = 50, string? ProvinceCode = null, FundKind? Fund = null,
    int? FiscalYear = null) : IQuery<Page<PublicSupportRow>>, IPagedQuery;

public sealed record PublicSupportRow(string VoucherCode, string ProgramCode, string ProvinceCode, string EnterpriseName, string EnterpriseTaxCode,
    string ProviderName, string ServiceKind, long SupportAmount, long? ClawedBackAmount, string Status, string ProgramName = "", string FundKind = "",
    int FiscalYear = 0);

public sealed class ListPublicSupportValidator : AbstractValidator<ListPublicSupport>
{
    public ListPublicSupportValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.ProvinceCode).Must(c => Province.TryFromCode(c!, out _)).When(q => q.ProvinceCode is not null)
            .WithMessage("Not a known province code (GET /api/public/provinces lists them).").WithErrorCode(ValidationCodes.NotAProvince);
        RuleFor(q => q.Fund).IsInEnum().When(q => q.Fund is not null);
        RuleFor(q => q.FiscalYear).InclusiveBetween(2000, 2100).When(q => q.FiscalYear is not null);
    }
}

public sealed class ListPublicSupportHandler(IVouchersDb db) : IRequestHandler<ListPublicSupport, Page<PublicSupportRow>>
{
    private static readonly VoucherStatus[] Public = [VoucherStatus.Settled, VoucherStatus.Paid, VoucherStatus.ClawedBack];

    public async Task<Page<PublicSupportRow>> Handle(ListPublicSupport q, CancellationToken ct)
    {
        var vouchers = db.Vouchers.AsNoTracking().Where(v => Public.Contains(v.Status));
        if (q.ProgramId is { } programId) vouchers = vouchers.Where(v => v.ProgramId == programId);
        var programs = db.Programs.AsQueryable();
        if (q.ProvinceCode is not null) { var code = Province.FromCode(q.ProvinceCode).Code; programs = programs.Where(p => p.ProvinceCode == code); }
        if (q.Fund is { } fund) programs = programs.Where(p => p.FundKind == fund);
        if (q.FiscalYear is { } year) programs = programs.Where(p => p.FiscalYear == year);
        var rows = from v in vouchers
                   join p in programs on v.ProgramId equals p.Id
                   join e in db.Enterprises on v.EnterpriseId equals e.Id
                   join s in db.Providers on v.ProviderId equals s.Id
                   select new { v, p.Code, p.ProvinceCode, EnterpriseName = e.Name, ProviderName = s.Name, ProgramName = p.Name, p.FundKind, p.FiscalYear };
        return await rows.OrderByDescending(r => r.v.UpdatedAt).ThenBy(r => r.v.Id).ToPageAsync(q, r => new PublicSupportRow(r.v.Code, r.Code,
            r.ProvinceCode, r.EnterpriseName, r.v.EnterpriseTaxCode.Value, r.ProviderName, r.v.ServiceKind.ToString(), r.v.AcceptedAmount!.Value.Dong,
            r.v.ClawedBackAmount?.Dong, r.v.Status.ToString(), r.ProgramName, r.FundKind.ToString(), r.FiscalYear), ct);
    }
}
