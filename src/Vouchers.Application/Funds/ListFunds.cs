using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Funds;

public sealed record ListFunds(string? ProvinceCode = null) : IQuery<IReadOnlyList<FundView>>;

public sealed class ListFundsHandler(IVouchersDb db) : IRequestHandler<ListFunds, IReadOnlyList<FundView>>
{
    public async Task<IReadOnlyList<FundView>> Handle(ListFunds q, CancellationToken ct)
    {
        var query = db.Funds.AsNoTracking();
        if (q.ProvinceCode is not null)
        {
            var code = Province.FromCode(q.ProvinceCode).Code;
            query = query.Where(f => f.ProvinceCode == code);
        }
        var funds = await query.OrderBy(f => f.ProvinceCode).ThenBy(f => f.Kind).Take(500).ToListAsync(ct);
        return funds.Select(FundView.From).ToArray();
    }
}
