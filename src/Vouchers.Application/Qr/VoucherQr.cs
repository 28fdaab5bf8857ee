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
    public string Field => "token";
    public string Reason { get; } = reason;

    public static InvalidTokenException Of(string reason) => new(reason, QrFaults.Message(reason));
}

/// <summary>Names and Vietnamese labels of the checks a scanned token can fail.</summary>
public static class QrFaults
{
    /// <summary>Authentic, but not the QR the voucher was last issued with (reissued, or another signature over the same content).</summary>
    public const string Superseded = "superseded";
    /// <summary>Authentic, but names no voucher in this database.</summary>
    public const string NotFound = "not-found";
    /// <summary>Authentic and current, but another provider already redeemed the voucher (verify tells it no more).</summary>
    public const string RedeemedElsewhere = "redeemed-elsewhere";

    public static string Reason(TokenFault fault) => fault switch
    {
        TokenFault.Version => "version",
        TokenFault.Format => "format",
        TokenFault.UnknownKey => "unknown-key",
        TokenFault.Signature => "signature",
        TokenFault.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "not a fault"),
    };

    public static string Message(string reason) => reason switch
    {
        "version" => "The scanned text is not a VV1 voucher token.",
        "format" => "The scanned text is not a well-formed voucher token (Base45 of the VV1 layout).",
        "unknown-key" => "The token is signed with a key this service does not recognise.",
        "signature" => "The token's signature does not match its content: it was altered or forged.",
        "expired" => "The voucher's validity has ended.",
        Superseded => "This is not the voucher's current QR code (it was reissued); ask the enterprise for its current voucher card.",
        NotFound => "The token is authentic but names no voucher in this database.",
        RedeemedElsewhere => "Another provider already redeemed this voucher.",
        _ => reason,
    };

    /// <summary>What the provider's screen says (Vietnamese).</summary>
    public static string Vi(string reason) => reason switch
    {
        "version" => "Mã QR không phải phiếu hỗ trợ (không có tiền tố VV1:)",
        "format" => "Mã QR sai định dạng",
        "unknown-key" => "Khóa ký không được công nhận",
        "signature" => "Chữ ký số không hợp lệ: mã đã bị sửa hoặc giả mạo",
        "expired" => "Phiếu đã hết hạn sử dụng",
        Superseded => "Mã QR không còn hiệu lực: phiếu đã được cấp lại mã mới",
        NotFound => "Không tìm thấy phiếu",
        RedeemedElsewhere => "Phiếu đã được sử dụng tại nhà cung cấp khác",
        _ => reason,
    };
}

/// <summary>Signs the next QR issue of a voucher and attaches it (at issuance and at a reissue).</summary>
public static class VoucherQrIssue
{
    public static void SignNext(Voucher voucher, IVoucherTokens tokens, DateTimeOffset now)
    {
        var serial = voucher.Qr.NextSerial(now); // refuses before anything is signed
        var claims = new VoucherTokenClaims(voucher.Id, voucher.ProgramId, VoucherTokenClaims.SmeDigestOf(voucher.Id, voucher.EnterpriseTaxCode.Value),
            voucher.FaceValue!.Value.Dong, voucher.ValidUntil!.Value, voucher.ServiceKind, serial);
        voucher.Qr.Attach(serial, tokens.Issue(claims), now);
    }
}
