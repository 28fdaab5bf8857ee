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
public sealed record ListPublicSupport(Guid? ProgramId = null, int Page = 1, int PageSize = 50) : IQuery<Page<PublicSupportRow>>, IPagedQuery;

public sealed record PublicSupportRow(string VoucherCode, string ProgramCode, string ProvinceCode, string EnterpriseName, string EnterpriseTaxCode,
    string ProviderName, string ServiceKind, long SupportAmount, long? ClawedBackAmount, string Status);

public sealed class ListPublicSupportValidator : AbstractValidator<ListPublicSupport>
{
    public ListPublicSupportValidator() => this.AddPagingRules();
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
                   select new { v, p.Code, p.ProvinceCode, EnterpriseName = e.Name, ProviderName = s.Name };
        return await rows.OrderByDescending(r => r.v.UpdatedAt).ThenBy(r => r.v.Id).ToPageAsync(q, r => new PublicSupportRow(r.v.Code, r.Code,
            r.ProvinceCode, r.EnterpriseName, r.v.EnterpriseTaxCode.Value, r.ProviderName, r.v.ServiceKind.ToString(), r.v.AcceptedAmount!.Value.Dong,
            r.v.ClawedBackAmount?.Dong, r.v.Status.ToString()), ct);
    }
}
