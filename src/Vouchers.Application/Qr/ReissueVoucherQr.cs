using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Qr;

/// <summary>
/// The SME's card was lost, photographed or copied: a new QR (next serial) is signed, and every earlier token of the
/// voucher is refused from now on as <c>qr.superseded</c>, whatever its signature. Only while issued and unredeemed.
/// </summary>
public sealed record ReissueVoucherQr(Guid VoucherId) : ICommand<VoucherQrView>;

public sealed class ReissueVoucherQrHandler(IVouchersDb db, IRequestContext request, IVoucherTokens tokens, TimeProvider clock)
    : IRequestHandler<ReissueVoucherQr, VoucherQrView>
{
    public async Task<VoucherQrView> Handle(ReissueVoucherQr command, CancellationToken ct)
    {
        var voucher = await VoucherAccess.LoadVisibleAsync(db.Vouchers, command.VoucherId, request, ct);
        var now = clock.GetUtcNow();
        VoucherQrIssue.SignNext(voucher, tokens, now);
        return await VoucherQrView.LoadAsync(db, voucher, now, ct);
    }
}
