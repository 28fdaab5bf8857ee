using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Common;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Qr;

/// <summary>The SME's own voucher QR: the signed token and what its printable card shows; only while the voucher is issued and unredeemed.</summary>
public sealed record GetVoucherQr(Guid VoucherId) : IQuery<VoucherQrView>;

/// <summary>
/// The current QR issue of a voucher and the human-readable details printed beside it (Vietnamese labels).
/// Only its owner reads this: it carries the enterprise's name.
/// </summary>
public sealed record VoucherQrView(Guid VoucherId, string Code, string Token, int Serial, string Status, string StatusLabel,
    long FaceValue, string FaceValueText, string FaceValueInWords, DateOnly ValidUntil, string ServiceKind, string ServiceKindLabel,
    string ProgramCode, string ProgramName, string FundName, string ProvinceName, string EnterpriseName)
{
    public static async Task<VoucherQrView> LoadAsync(IVouchersDb db, Voucher v, CancellationToken ct)
    {
        if (v.Status != VoucherStatus.Issued)
            throw v.IssuedAt is null
                ? new ConflictException("voucher.not-issued", $"Voucher {v.Code} was never issued ({v.Status}); it has no QR code.")
                : new ConflictException("voucher.qr-not-current", $"Voucher {v.Code} is {v.Status}; its QR code can no longer be used, so it is not shown.");
        if (v.QrToken is null)
            throw new ConflictException("voucher.qr-not-issued", $"Voucher {v.Code} was issued before QR codes existed; reissue it to get one.");
        var program = await db.Programs.AsNoTracking().FirstAsync(p => p.Id == v.ProgramId, ct);
        var fund = await db.Funds.AsNoTracking().FirstAsync(f => f.Id == program.FundId, ct);
        var enterprise = await db.Enterprises.AsNoTracking().FirstAsync(e => e.Id == v.EnterpriseId, ct);
        var face = v.FaceValue!.Value;
        return new VoucherQrView(v.Id, v.Code, v.QrToken, v.QrSerial, v.Status.ToString(), VoucherLifecycle.Vi(v.Status),
            face.Dong, face.ToString(), face.ToWords(), v.ValidUntil!.Value, v.ServiceKind.ToString(), Labels.Vi(v.ServiceKind),
            program.Code, program.Name, fund.Name, Province.FromCode(program.ProvinceCode).Name, enterprise.Name);
    }
}

public sealed class GetVoucherQrHandler(IVouchersDb db, IRequestContext request) : IRequestHandler<GetVoucherQr, VoucherQrView>
{
    public async Task<VoucherQrView> Handle(GetVoucherQr query, CancellationToken ct)
    {
        var voucher = await db.Vouchers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == query.VoucherId, ct)
                      ?? throw new NotFoundException("voucher", query.VoucherId);
        VoucherAccess.EnsureVisible(voucher, request);
        return await VoucherQrView.LoadAsync(db, voucher, ct);
    }
}
