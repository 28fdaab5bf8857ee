using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Enterprises;

namespace Vouchers.Application.Providers;

/// <summary>The id of the provider registered under a tax code, or null (the development token issuer binds a demo provider user to it).</summary>
public sealed record FindProviderId(TaxCode TaxCode) : IQuery<Guid?>;

public sealed class FindProviderIdHandler(IVouchersDb db) : IRequestHandler<FindProviderId, Guid?>
{
    public async Task<Guid?> Handle(FindProviderId q, CancellationToken ct) =>
        await db.Providers.Where(p => p.TaxCode == q.TaxCode).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
}
