using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Vouchers.Application.Qr;
using Vouchers.Domain.Common;

using Vouchers.Infrastructure.Signing;

namespace Vouchers.Infrastructure.Qr;

/// <summary>
/// The <c>VV1</c> token: <c>"VV1:" + Base45(payload ‖ signature)</c>, 192 characters, all in a QR code's
/// alphanumeric mode.
/// </summary>
/// <remarks>
/// <para>Payload, 61 bytes, integers big-endian:</para>
/// <code>
///  offset size field
///       0    8 key id: the first 8 bytes of the signing key's RFC 7638 JWK SHA-256 thumbprint
///       8   16 voucher id  (Guid, big-endian RFC 4122 byte order)
///      24   16 program id  (Guid, idem)
///      40    8 SME digest  (VoucherTokenClaims.SmeDigestOf)
///      48    8 face value, whole đồng (uint64, &gt; 0, at most long.MaxValue)
///      56    2 valid until: days since 2000-01-01 (uint16; last day of validity, Asia/Ho_Chi_Minh)
///      58    1 service kind (a defined ServiceKind)
///      59    2 serial (uint16, ≥ 1)
/// </code>
/// <para>Then the signature, 64 bytes: ES256 (ECDSA P-256 with SHA-256), IEEE P1363 form r ‖ s, over the ASCII
/// bytes <c>"VV1:"</c> followed by the payload. The prefix is signed so a later version can never be confused
/// with this one.</para>
/// <para>Reading checks, in order, and stops at the first failure: the prefix (<see cref="TokenFault.Version"/>),
/// the length and Base45 (<see cref="TokenFault.Format"/>), the key id (<see cref="TokenFault.UnknownKey"/>), the
/// signature (<see cref="TokenFault.Signature"/>), the fields (<see cref="TokenFault.Format"/>; only a validly
/// signed but malformed payload gets there), and the date (<see cref="TokenFault.Expired"/>, claims returned).</para>
/// </remarks>
public static class VoucherTokenFormat
{
    public const string Prefix = "VV1:";
    public const int KeyIdLength = 8;
    public const int KeyIdOffset = 0;
    public const int VoucherIdOffset = 8;
    public const int ProgramIdOffset = 24;
    public const int SmeDigestOffset = 40;
    public const int FaceValueOffset = 48;
    public const int ValidUntilOffset = 56;
    public const int ServiceKindOffset = 58;
    public const int SerialOffset = 59;
    public const int PayloadLength = 61;
    public const int SignatureLength = SigningKey.SignatureLength;
    /// <summary>Payload and signature: 125 bytes.</summary>
    public const int BinaryLength = PayloadLength + SignatureLength;
    /// <summary>The whole token: 4 + Base45 of 125 bytes (62 pairs · 3 + 2) = 192 characters.</summary>
    public const int TokenLength = 192;

    /// <summary>Day 0 of the valid-until field.</summary>
    public static readonly DateOnly Epoch = new(2000, 1, 1);
    /// <summary>The last date the valid-until field can hold (day 65535).</summary>
    public static readonly DateOnly LastDate = Epoch.AddDays(ushort.MaxValue);

    private static readonly byte[] PrefixBytes = Encoding.ASCII.GetBytes(Prefix);

    /// <summary>
    /// A key's id: lowercase hex of the first 8 bytes of its RFC 7638 JWK thumbprint (SHA-256 of
    /// <c>{"crv":"P-256","kty":"EC","x":"…","y":"…"}</c>, x and y base64url without padding). Anyone with the
    /// public key can compute it, so a key id names its key and is never taken on trust.
    /// </summary>
    public static string KeyIdOf(ECDsa key) => Convert.ToHexStringLower(KeyIdBytesOf(key.ExportParameters(false)));

    /// <summary>The full RFC 7638 thumbprint of a P-256 public key (32 bytes).</summary>
    public static byte[] ThumbprintOf(ECParameters publicKey)
    {
        if (publicKey.Q.X is not { Length: 32 } x || publicKey.Q.Y is not { Length: 32 } y)
            throw new ArgumentException("Not a P-256 public key (x and y must be 32 bytes).", nameof(publicKey));
        var json = $$"""{"crv":"P-256","kty":"EC","x":"{{Base64Url(x)}}","y":"{{Base64Url(y)}}"}""";
        return SHA256.HashData(Encoding.ASCII.GetBytes(json));
    }

    internal static byte[] KeyIdBytesOf(ECParameters publicKey) => ThumbprintOf(publicKey)[..KeyIdLength];

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static bool IsP256(ECParameters parameters) =>
        parameters.Curve.IsNamed && (parameters.Curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value
            || string.Equals(parameters.Curve.Oid.FriendlyName, "nistP256", StringComparison.OrdinalIgnoreCase)
            || string.Equals(parameters.Curve.Oid.FriendlyName, "ECDSA_P256", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The 61-byte payload of these claims under this key id. Refuses claims the format cannot carry:
    /// <see cref="ArgumentException"/> for a digest that is not 8 bytes, a face value ≤ 0, a date outside
    /// 2000-01-01 … <see cref="LastDate"/>, an undefined service kind, a serial outside 1 … 65535.
    /// </summary>
    public static byte[] WritePayload(ReadOnlySpan<byte> keyId, VoucherTokenClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (keyId.Length != KeyIdLength) throw new ArgumentException($"A key id is {KeyIdLength} bytes.", nameof(keyId));
        if (claims.SmeDigest is not { Length: VoucherTokenClaims.SmeDigestLength })
            throw new ArgumentException($"The SME digest must be {VoucherTokenClaims.SmeDigestLength} bytes.", nameof(claims));
        if (claims.FaceValue <= 0) throw new ArgumentException("The face value must be more than 0 đồng.", nameof(claims));
        if (claims.ValidUntil < Epoch || claims.ValidUntil > LastDate)
            throw new ArgumentException($"The valid-until date must be between {Epoch:yyyy-MM-dd} and {LastDate:yyyy-MM-dd}.", nameof(claims));
        if (!Enum.IsDefined(claims.ServiceKind)) throw new ArgumentException($"Service kind {(int)claims.ServiceKind} is not defined.", nameof(claims));
        if (claims.Serial is < 1 or > ushort.MaxValue) throw new ArgumentException("The serial must be between 1 and 65535.", nameof(claims));

        var payload = new byte[PayloadLength];
        keyId.CopyTo(payload.AsSpan(KeyIdOffset));
        claims.VoucherId.TryWriteBytes(payload.AsSpan(VoucherIdOffset, 16), bigEndian: true, out _);
        claims.ProgramId.TryWriteBytes(payload.AsSpan(ProgramIdOffset, 16), bigEndian: true, out _);
        claims.SmeDigest.CopyTo(payload.AsSpan(SmeDigestOffset));
        BinaryPrimitives.WriteUInt64BigEndian(payload.AsSpan(FaceValueOffset), (ulong)claims.FaceValue);
        BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(ValidUntilOffset), (ushort)(claims.ValidUntil.DayNumber - Epoch.DayNumber));
        payload[ServiceKindOffset] = (byte)claims.ServiceKind;
        BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(SerialOffset), (ushort)claims.Serial);
        return payload;
    }

    /// <summary>
    /// Signs a payload as it stands (no checks of its fields) and returns the token. For tools and tests that need
    /// to produce a token byte by byte; the service issues with <see cref="VoucherTokenService.Issue"/>.
    /// </summary>
    public static string Sign(ReadOnlySpan<byte> payload, ECDsa key)
    {
        if (payload.Length != PayloadLength) throw new ArgumentException($"A payload is {PayloadLength} bytes.", nameof(payload));
        Span<byte> binary = stackalloc byte[BinaryLength];
        payload.CopyTo(binary);
        Span<byte> signed = stackalloc byte[PrefixBytes.Length + PayloadLength];
        SignedData(payload, signed);
        var written = key.SignData(signed, binary[PayloadLength..], HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        if (written != SignatureLength) throw new ArgumentException("Not a P-256 key: its signature is not 64 bytes.", nameof(key));
        return Prefix + Base45.Encode(binary);
    }

    internal static string Issue(VoucherTokenClaims claims, SigningKey key)
    {
        var payload = WritePayload(key.IdBytes, claims);
        Span<byte> binary = stackalloc byte[BinaryLength];
        payload.CopyTo(binary);
        Span<byte> signed = stackalloc byte[PrefixBytes.Length + PayloadLength];
        SignedData(payload, signed);
        key.Sign(signed, binary[PayloadLength..]);
        return Prefix + Base45.Encode(binary);
    }

    /// <summary>Reads a scanned text with the given keys (by <see cref="SigningKey.Id"/>). Never throws.</summary>
    internal static TokenReading Read(string? scanned, DateOnly today, IReadOnlyDictionary<ulong, SigningKey> keys)
    {
        // 1. Version: exactly "VV1:", case and all.
        if (scanned is null || !scanned.StartsWith(Prefix, StringComparison.Ordinal)) return new(TokenFault.Version, null, null);

        // 2. Format: the exact length first (this also caps the work done on any input), then strict Base45.
        if (scanned.Length != TokenLength) return new(TokenFault.Format, null, null);
        Span<byte> binary = stackalloc byte[BinaryLength];
        if (!Base45.TryDecode(scanned.AsSpan(Prefix.Length), binary, out var written) || written != BinaryLength)
            return new(TokenFault.Format, null, null);
        var payload = binary[..PayloadLength];
        var signature = binary[PayloadLength..];

        // 3. Key: one this service has (active or retired).
        var keyIdBytes = payload.Slice(KeyIdOffset, KeyIdLength);
        var keyId = Convert.ToHexStringLower(keyIdBytes);
        if (!keys.TryGetValue(BinaryPrimitives.ReadUInt64BigEndian(keyIdBytes), out var key)) return new(TokenFault.UnknownKey, null, keyId);

        // 4. Signature over "VV1:" ‖ payload.
        Span<byte> signed = stackalloc byte[PrefixBytes.Length + PayloadLength];
        SignedData(payload, signed);
        if (!key.Verify(signed, signature)) return new(TokenFault.Signature, null, keyId);

        // 5. Fields: only a payload signed by one of our keys gets here, so a failure is a bug at issuance.
        var faceValue = BinaryPrimitives.ReadUInt64BigEndian(payload[FaceValueOffset..]);
        var serviceKind = (ServiceKind)payload[ServiceKindOffset];
        var serial = BinaryPrimitives.ReadUInt16BigEndian(payload[SerialOffset..]);
        if (faceValue is 0 or > long.MaxValue || !Enum.IsDefined(serviceKind) || serial == 0) return new(TokenFault.Format, null, keyId);
        var claims = new VoucherTokenClaims(
            new Guid(payload.Slice(VoucherIdOffset, 16), bigEndian: true),
            new Guid(payload.Slice(ProgramIdOffset, 16), bigEndian: true),
            payload.Slice(SmeDigestOffset, VoucherTokenClaims.SmeDigestLength).ToArray(),
            (long)faceValue,
            Epoch.AddDays(BinaryPrimitives.ReadUInt16BigEndian(payload[ValidUntilOffset..])),
            serviceKind,
            serial);

        // 6. Expiry: the last valid day is included.
        return new(today > claims.ValidUntil ? TokenFault.Expired : TokenFault.None, claims, keyId);
    }

    private static void SignedData(ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        PrefixBytes.CopyTo(destination);
        payload.CopyTo(destination[PrefixBytes.Length..]);
    }
}
