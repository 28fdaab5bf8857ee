using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Transparency;

/// <summary>
/// Công khai: who received how much. Lists settled, paid and clawed-back vouchers with the enterprise's name and
/// tax code (public business registration data), the program, the provider and the amount — nothing private.
/// </summary>
public sealed record ListPublicSupport(Guid? ProgramId = null, int Page = 1, int PageSize = 50) : IQuery<Page<PublicSupportRow>>;

public sealed record PublicSupportRow(string VoucherCode, string ProgramCode, string ProvinceCode, string EnterpriseName, string EnterpriseTaxCode,
    string ProviderName, string ServiceKind, long SupportAmount, long? ClawedBackAmount, string Status);

public sealed class ListPublicSupportValidator : AbstractValidator<ListPublicSupport>
{
    public ListPublicSupportValidator()
    {
        RuleFor(q => q.Page).InclusiveBetween(1, 100_000);
        RuleFor(q => q.PageSize).InclusiveBetween(1, PageRequest.MaxPageSize);
    }
}

public sealed class ListPublicSupportHandler(IVouchersDb db) : IRequestHandler<ListPublicSupport, Page<PublicSupportRow>>
{
    private static readonly VoucherStatus[] Public = [VoucherStatus.Settled, VoucherStatus.Paid, VoucherStatus.ClawedBack];

    public async Task<Page<PublicSupportRow>> Handle(ListPublicSupport q, CancellationToken ct)
    {
        var vouchers = db.Vouchers.AsNoTracking().Where(v => Public.Contains(v.Status));
        if (q.ProgramId is { } programId) vouchers = vouchers.Where(v => v.ProgramId == programId);
        var rows = from v in vouchers
                   join p in db.Programs on v.ProgramId equals p.Id
                   join e in db.Enterprises on v.EnterpriseId equals e.Id
                   join s in db.Providers on v.ProviderId equals s.Id
                   orderby v.UpdatedAt descending, v.Id
                   select new { v, p.Code, p.ProvinceCode, EnterpriseName = e.Name, ProviderName = s.Name };
        var total = await vouchers.CountAsync(ct);
        var page = await rows.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToListAsync(ct);
        return new Page<PublicSupportRow>(page.Select(r => new PublicSupportRow(r.v.Code, r.Code, r.ProvinceCode, r.EnterpriseName,
            r.v.EnterpriseTaxCode.Value, r.ProviderName, r.v.ServiceKind.ToString(), r.v.AcceptedAmount!.Value.Dong, r.v.ClawedBackAmount?.Dong,
            r.v.Status.ToString())).ToArray(), q.Page, q.PageSize, total);
    }
}
