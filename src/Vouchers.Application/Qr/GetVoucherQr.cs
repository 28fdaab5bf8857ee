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
    long FaceValue, string FaceValueText, string FaceValueInWords, DateOnly ValidUntil, ServiceKind ServiceKind, string ServiceKindLabel,
    string ProgramCode, string ProgramName, string FundName, string ProvinceName, string EnterpriseName)
{
    public static async Task<VoucherQrView> LoadAsync(IVouchersDb db, Voucher v, DateTimeOffset now, CancellationToken ct)
    {
        var token = v.Qr.CurrentToken(now);
        var program = await db.Programs.AsNoTracking().FirstAsync(p => p.Id == v.ProgramId, ct);
        var fund = await db.Funds.AsNoTracking().FirstAsync(f => f.Id == program.FundId, ct);
        var enterprise = await db.Enterprises.AsNoTracking().FirstAsync(e => e.Id == v.EnterpriseId, ct);
        var face = v.FaceValue!.Value;
        return new VoucherQrView(v.Id, v.Code, token, v.QrSerial, v.Status.ToString(), VoucherLifecycle.Vi(v.Status),
            face.Dong, face.ToString(), face.ToWords(), v.ValidUntil!.Value, v.ServiceKind, Labels.Vi(v.ServiceKind),
            program.Code, program.Name, fund.Name, Province.FromCode(program.ProvinceCode).Name, enterprise.Name);
    }
}

public sealed class GetVoucherQrHandler(IVouchersDb db, IRequestContext request, TimeProvider clock) : IRequestHandler<GetVoucherQr, VoucherQrView>
{
    public async Task<VoucherQrView> Handle(GetVoucherQr query, CancellationToken ct)
    {
        var voucher = await VoucherAccess.LoadVisibleAsync(db.Vouchers.AsNoTracking(), query.VoucherId, request, ct);
        return await VoucherQrView.LoadAsync(db, voucher, clock.GetUtcNow(), ct);
    }
}
