using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Providers;

/// <summary>
/// One registered provider as an administrator keeps it: its accreditation in each province (suspended ones too) and its
/// current services and list prices. Providers are reference data every province may accredit, so any administrator
/// reads any of them; what an administrator may change is decided by the commands (their province, its home province).
/// </summary>
public sealed record GetProvider(Guid ProviderId) : IQuery<ProviderView>;

public sealed class GetProviderHandler(IVouchersDb db) : IRequestHandler<GetProvider, ProviderView>
{
    public async Task<ProviderView> Handle(GetProvider q, CancellationToken ct) =>
        ProviderView.From(await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == q.ProviderId, ct)
                          ?? throw new NotFoundException("provider", q.ProviderId));
}
