using Vouchers.Domain.Common;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Qr;

/// <summary>
/// The signed token failed a check (or was superseded by a reissue). Maps to 422 with <c>field: token</c> and the
/// <c>reason</c>; codes <c>qr.version</c>, <c>qr.format</c>, <c>qr.unknown-key</c>, <c>qr.signature</c>,
/// <c>qr.expired</c>, <c>qr.superseded</c>.
/// </summary>
public sealed class InvalidTokenException(string reason, string message) : DomainException("qr." + reason, message)
{
    public const string Superseded = "superseded";
    public string Field => "token";
    public string Reason { get; } = reason;

    public static InvalidTokenException Of(TokenFault fault) => new(QrFaults.Reason(fault), QrFaults.Message(fault));

    public static InvalidTokenException SupersededBy(int current) =>
        new(Superseded, $"This QR code was replaced by a reissued one (current issue {current}); ask the enterprise for its current voucher card.");
}

/// <summary>Names and Vietnamese labels of the checks a scanned token can fail.</summary>
public static class QrFaults
{
    public static string Reason(TokenFault fault) => fault switch
    {
        TokenFault.Version => "version",
        TokenFault.Format => "format",
        TokenFault.UnknownKey => "unknown-key",
        TokenFault.Signature => "signature",
        TokenFault.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "not a fault"),
    };

    public static string Message(TokenFault fault) => fault switch
    {
        TokenFault.Version => "The scanned text is not a VV1 voucher token.",
        TokenFault.Format => "The scanned text is not a well-formed voucher token (Base45 of the VV1 layout).",
        TokenFault.UnknownKey => "The token is signed with a key this service does not recognise.",
        TokenFault.Signature => "The token's signature does not match its content: it was altered or forged.",
        TokenFault.Expired => "The voucher's validity has ended.",
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "not a fault"),
    };

    /// <summary>What the provider's screen says (Vietnamese).</summary>
    public static string Vi(string reason) => reason switch
    {
        "version" => "Mã QR không phải phiếu hỗ trợ (không có tiền tố VV1:)",
        "format" => "Mã QR sai định dạng",
        "unknown-key" => "Khóa ký không được công nhận",
        "signature" => "Chữ ký số không hợp lệ: mã đã bị sửa hoặc giả mạo",
        "expired" => "Phiếu đã hết hạn sử dụng",
        InvalidTokenException.Superseded => "Mã QR đã được thay thế bằng mã cấp lại",
        "not-found" => "Không tìm thấy phiếu",
        _ => reason,
    };
}

/// <summary>Signs the next QR issue of a voucher and attaches it (at issuance and at a reissue).</summary>
public static class VoucherQrIssue
{
    public static void SignNext(Voucher voucher, IVoucherTokens tokens, DateTimeOffset now)
    {
        var serial = voucher.QrSerial + 1;
        var claims = new VoucherTokenClaims(voucher.Id, voucher.ProgramId, VoucherTokenClaims.SmeDigestOf(voucher.Id, voucher.EnterpriseTaxCode.Value),
            voucher.FaceValue!.Value.Dong, voucher.ValidUntil!.Value, voucher.ServiceKind, serial);
        voucher.AttachQrToken(serial, tokens.Issue(claims), now);
    }
}
