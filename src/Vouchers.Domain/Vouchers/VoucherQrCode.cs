using Vouchers.Domain.Common;

namespace Vouchers.Domain.Vouchers;

/// <summary>
/// A voucher's QR code: which issue is current (its serial) and the signed token it carries, and the rules for issuing
/// and showing one. The state is the voucher's own two columns (<see cref="Voucher.QrSerial"/>, <see cref="Voucher.QrToken"/>);
/// this type holds no state of its own and is never mapped.
/// </summary>
public sealed class VoucherQrCode
{
    /// <summary>How many QR codes one voucher may have (the first and its reissues): a card lost ten times is a case for the department.</summary>
    public const int MaxIssues = 10;

    private readonly Voucher _voucher;

    internal VoucherQrCode(Voucher voucher) => _voucher = voucher;

    /// <summary>Which issue is current: 0 before issuance, 1 at issuance, one more per reissue.</summary>
    public int Serial => _voucher.QrSerial;

    /// <summary>The signed token of the current issue; null before issuance.</summary>
    public string? Token => _voucher.QrToken;

    /// <summary>
    /// The serial the next QR issue gets, or the rule that refuses one: only an issued, unredeemed voucher still within
    /// its validity gets a (new) QR, at most <see cref="MaxIssues"/> in all. Asked before anything is signed.
    /// </summary>
    public int NextSerial(DateTimeOffset now)
    {
        var v = _voucher;
        if (!IsShowable(now))
            throw new BusinessRuleException("voucher.qr-not-reissuable",
                $"Voucher {v.Code} is {StateText(now)}; only an issued voucher that was not yet redeemed gets a new QR code.");
        if (Serial >= MaxIssues)
            throw new BusinessRuleException("voucher.qr-reissue-limit",
                $"Voucher {v.Code} already had {MaxIssues} QR codes; the department must look into it (cancel and issue anew).");
        return Serial + 1;
    }

    /// <summary>
    /// The token of the current QR, while it may be shown: issued, unredeemed and within its validity. Otherwise
    /// <c>voucher.not-issued</c> (never issued), <c>voucher.qr-not-current</c> (redeemed, closed or past its date) or
    /// <c>voucher.qr-not-issued</c> (issued before vouchers had QR codes: reissue it).
    /// </summary>
    public string CurrentToken(DateTimeOffset now)
    {
        var v = _voucher;
        if (v.IssuedAt is null)
            throw new ConflictException("voucher.not-issued", $"Voucher {v.Code} was never issued ({v.Status}); it has no QR code.");
        if (!IsShowable(now))
            throw new ConflictException("voucher.qr-not-current",
                $"Voucher {v.Code} is {StateText(now)}; its QR code can no longer be used, so it is not shown.");
        return Token ?? throw new ConflictException("voucher.qr-not-issued", $"Voucher {v.Code} was issued before QR codes existed; reissue it to get one.");
    }

    /// <summary>
    /// Attaches the signed token of the next QR issue (<see cref="NextSerial"/>): at issuance, and again when the
    /// SME reports its card lost or copied, which supersedes every earlier token. The domain does not sign (the
    /// application signs with the service's key and passes the text).
    /// </summary>
    public void Attach(int serial, string token, DateTimeOffset now)
    {
        var next = NextSerial(now);
        if (serial != next) throw new InvalidOperationException($"The next QR serial of voucher {_voucher.Code} is {next}, not {serial}.");
        if (string.IsNullOrEmpty(token) || token.Length > 512) throw new ArgumentException("A QR token is 1 to 512 characters.", nameof(token));
        _voucher.RecordQr(serial, token, now); // exactly as signed: never trimmed or normalised (the token is compared byte for byte)
    }

    private bool IsShowable(DateTimeOffset now) => _voucher.Status == VoucherStatus.Issued && !_voucher.IsDueToExpire(now);

    private string StateText(DateTimeOffset now) => _voucher.Status == VoucherStatus.Issued ? "past its validity" : _voucher.Status.ToString();
}
