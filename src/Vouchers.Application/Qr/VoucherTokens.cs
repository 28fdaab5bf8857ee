using System.Security.Cryptography;
using System.Text;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Qr;

/// <summary>
/// What the signed token in a voucher's QR code says (format <c>VV1</c>, see docs/qr-token.md). Everything a
/// provider needs to check the voucher offline, and nothing private about the SME: the enterprise appears only as
/// <see cref="SmeDigest"/>, 8 bytes of a hash of its tax code salted with the voucher id.
/// </summary>
/// <param name="VoucherId">The voucher's public id.</param>
/// <param name="ProgramId">The program that funds it.</param>
/// <param name="SmeDigest">8 bytes: <see cref="SmeDigestOf"/>(voucher id, tax code).</param>
/// <param name="FaceValue">Face value in whole đồng.</param>
/// <param name="ValidUntil">Last day (Asia/Ho_Chi_Minh) on which the voucher may be redeemed.</param>
/// <param name="ServiceKind">What the voucher pays for.</param>
/// <param name="Serial">Which issue of the QR this is (1 at issuance; a reissue supersedes every earlier one).</param>
public sealed record VoucherTokenClaims(Guid VoucherId, Guid ProgramId, byte[] SmeDigest, long FaceValue, DateOnly ValidUntil,
    ServiceKind ServiceKind, int Serial)
{
    public const int SmeDigestLength = 8;

    /// <summary>SHA-256("VV1-SME" ‖ voucher id (16 bytes, big-endian RFC 4122 order) ‖ tax code UTF-8), first 8 bytes.</summary>
    public static byte[] SmeDigestOf(Guid voucherId, string taxCode)
    {
        var input = new List<byte>(Encoding.ASCII.GetBytes("VV1-SME"));
        input.AddRange(voucherId.ToByteArray(bigEndian: true));
        input.AddRange(Encoding.UTF8.GetBytes(taxCode));
        return SHA256.HashData(input.ToArray())[..SmeDigestLength];
    }

    /// <summary>True when the digest is the one of this tax code (a provider checks the SME in front of it).</summary>
    public bool IsFor(string taxCode) => CryptographicOperations.FixedTimeEquals(SmeDigest, SmeDigestOf(VoucherId, taxCode));
}

/// <summary>Which check a scanned text failed, in the order they are made.</summary>
public enum TokenFault
{
    /// <summary>Every check passed.</summary>
    None = 0,
    /// <summary>Not <c>VV1:</c> (another version or not a voucher at all).</summary>
    Version = 1,
    /// <summary>Not valid Base45, or not the token's length and layout.</summary>
    Format = 2,
    /// <summary>Signed by a key id this service does not know (never had, or withdrawn after a compromise).</summary>
    UnknownKey = 3,
    /// <summary>The signature does not match the content: edited, truncated inside, or forged.</summary>
    Signature = 4,
    /// <summary>Authentic, but past its valid-until date (Asia/Ho_Chi_Minh).</summary>
    Expired = 5,
}

/// <summary>The result of reading a scanned text: the claims when authentic (also when expired), and the first check that failed.</summary>
public sealed record TokenReading(TokenFault Fault, VoucherTokenClaims? Claims, string? KeyId)
{
    public bool IsValid => Fault == TokenFault.None;
}

/// <summary>Signs and reads voucher tokens with the service's key ring (implemented in Infrastructure).</summary>
public interface IVoucherTokens
{
    /// <summary>The token for these claims, signed with the current signing key.</summary>
    string Issue(VoucherTokenClaims claims);

    /// <summary>Checks a scanned text: version, format, key, signature, then expiry against <paramref name="today"/> (Vietnam's date).</summary>
    TokenReading Read(string scanned, DateOnly today);
}
