using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;

namespace Vouchers.Application.Enterprises;

public sealed record GetEnterprise(string TaxCode) : IQuery<EnterpriseView>;

public sealed class GetEnterpriseHandler(IVouchersDb db) : IRequestHandler<GetEnterprise, EnterpriseView>
{
    public async Task<EnterpriseView> Handle(GetEnterprise q, CancellationToken ct)
    {
        var taxCode = TaxCode.Parse(q.TaxCode);
        var e = await db.Enterprises.AsNoTracking().FirstOrDefaultAsync(x => x.TaxCode == taxCode, ct) ?? throw new NotFoundException("enterprise", taxCode);
        var pending = e.PendingProfileChangeId is { } id ? await db.ProfileChanges.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) : null;
        return EnterpriseView.From(e, pending);
    }
}
