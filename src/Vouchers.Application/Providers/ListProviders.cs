using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Providers;

/// <summary>The published list of providers (labs, certified consultants, solution vendors).</summary>
public sealed record ListProviders(string? ProvinceCode = null, ProviderKind? Kind = null, int Page = 1, int PageSize = 20) : IQuery<Page<ProviderView>>;

public sealed class ListProvidersValidator : AbstractValidator<ListProviders>
{
    public ListProvidersValidator()
    {
        RuleFor(q => q.Page).InclusiveBetween(1, 100_000);
        RuleFor(q => q.PageSize).InclusiveBetween(1, PageRequest.MaxPageSize);
        RuleFor(q => q.Kind).IsInEnum().When(q => q.Kind is not null);
    }
}

public sealed class ListProvidersHandler(IVouchersDb db) : IRequestHandler<ListProviders, Page<ProviderView>>
{
    public async Task<Page<ProviderView>> Handle(ListProviders q, CancellationToken ct)
    {
        var query = db.Providers.AsNoTracking();
        if (q.ProvinceCode is not null) { var code = Province.FromCode(q.ProvinceCode).Code; query = query.Where(p => p.ProvinceCode == code); }
        if (q.Kind is { } kind) query = query.Where(p => p.Kind == kind);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(p => p.Name).Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToListAsync(ct);
        return new Page<ProviderView>(items.Select(ProviderView.From).ToArray(), q.Page, q.PageSize, total);
    }
}
