using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Common;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Qr;

/// <summary>
/// The one way a scanned text becomes a voucher, for verify and redeem alike: the token's own checks (version,
/// format, key, signature, expiry), then the database: the voucher it names must exist and the text must be
/// exactly the QR the voucher was last issued with. Comparing the whole text, not only the serial, means that
/// another valid signature over the same payload (ECDSA signatures are malleable) or a token forged for the
/// current serial with a leaked key is still refused (<c>superseded</c>).
/// </summary>
public static class PresentedVoucher
{
    /// <summary>The voucher, or the reason (a <see cref="QrFaults.Reason"/>, <c>not-found</c> or <c>superseded</c>).</summary>
    public sealed record Result(Voucher? Voucher, string? Reason, Guid? VoucherId);

    public static async Task<Result> LoadAsync(IVouchersDb db, IRequestContext request, IVoucherTokens tokens, string scanned, DateTimeOffset now,
        bool forUpdate, CancellationToken ct)
    {
        var reading = tokens.Read(scanned, VietnamTime.Today(now));
        var claims = reading.Claims;
        if (claims is not null) request.Concerns("voucher", claims.VoucherId); // authentic (perhaps expired): the trail names the voucher
        if (!reading.IsValid) return new Result(null, QrFaults.Reason(reading.Fault), claims?.VoucherId);

        var vouchers = forUpdate ? db.Vouchers : db.Vouchers.AsNoTracking();
        var voucher = await vouchers.FirstOrDefaultAsync(v => v.Id == claims!.VoucherId, ct);
        if (voucher is null) return new Result(null, QrFaults.NotFound, claims!.VoucherId);
        VoucherAccess.EnsureVisible(voucher, request, presentingVoucher: true);
        if (voucher.QrToken is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(voucher.QrToken), Encoding.ASCII.GetBytes(scanned)))
            return new Result(null, QrFaults.Superseded, voucher.Id);
        return new Result(voucher, null, voucher.Id);
    }
}
