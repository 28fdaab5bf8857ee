using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Providers;

/// <summary>The published list of providers (labs, certified consultants, solution vendors); of a province: those accredited in it (suspended ones too, marked so).</summary>
public sealed record ListProviders(string? ProvinceCode = null, ProviderKind? Kind = null, int Page = 1, int PageSize = 20) : IQuery<Page<ProviderView>>, IPagedQuery;

public sealed class ListProvidersValidator : AbstractValidator<ListProviders>
{
    public ListProvidersValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Kind).IsInEnum().When(q => q.Kind is not null);
    }
}

public sealed class ListProvidersHandler(IVouchersDb db) : IRequestHandler<ListProviders, Page<ProviderView>>
{
    public async Task<Page<ProviderView>> Handle(ListProviders q, CancellationToken ct)
    {
        var query = db.Providers.AsNoTracking();
        if (q.ProvinceCode is not null) { var code = Province.FromCode(q.ProvinceCode).Code; query = query.Where(p => p.Accreditations.Any(a => a.ProvinceCode == code)); } // accredited there, not only registered there
        if (q.Kind is { } kind) query = query.Where(p => p.Kind == kind);
        return await query.OrderBy(p => p.Name).ToPageAsync(q, ProviderView.From, ct);
    }
}
