using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Vouchers;

/// <summary>
/// Reads one voucher. It runs as a command because reading is also where expiry happens "on access": an issued
/// voucher past its date is expired (and its commitment released) before it is shown, in the same transaction.
/// </summary>
public sealed record GetVoucher(Guid VoucherId) : ICommand<VoucherDetails>;

public sealed record VoucherDetails(VoucherView Voucher, IReadOnlyList<VoucherTransitionView> History);

public sealed class GetVoucherHandler(IVouchersDb db, LedgerPostings ledger, IRequestContext request, TimeProvider clock) : IRequestHandler<GetVoucher, VoucherDetails>
{
    public async Task<VoucherDetails> Handle(GetVoucher query, CancellationToken ct)
    {
        var voucher = await VoucherAccess.LoadVisibleAsync(db.Vouchers, query.VoucherId, request, ct);
        var now = clock.GetUtcNow();
        if (voucher.IsDueToExpire(now))
            await ledger.ExecuteAsync(voucher.Expire(now), ct);
        return new VoucherDetails(VoucherView.From(voucher, now), voucher.History.Select(VoucherTransitionView.Of).ToArray());
    }
}
