using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Vouchers.Infrastructure.Qr;

/// <summary>
/// One P-256 key as the token code uses it: its key id and a pool of <see cref="ECDsa"/> instances, so that
/// concurrent Sign/Verify calls never share an instance (.NET does not promise that an instance is thread-safe).
/// Holds the private key only when made from one.
/// </summary>
internal sealed class QrKey
{
    private readonly ECParameters parameters;
    private readonly ConcurrentBag<ECDsa> pool = [];

    private QrKey(ECDsa key, bool hasPrivateKey)
    {
        parameters = key.ExportParameters(hasPrivateKey);
        PublicParameters = hasPrivateKey ? key.ExportParameters(false) : parameters;
        HasPrivateKey = hasPrivateKey;
        IdBytes = VoucherTokenFormat.KeyIdBytesOf(PublicParameters);
        Id = BinaryPrimitives.ReadUInt64BigEndian(IdBytes);
        KeyId = Convert.ToHexStringLower(IdBytes);
        if (hasPrivateKey) pool.Add(key); // a public key's instances are made from its public parameters only

    }

    /// <summary>The key id as a number (the 8 bytes read big-endian), for lookups without allocating.</summary>
    public ulong Id { get; }
    public byte[] IdBytes { get; }
    /// <summary>Lowercase hex of <see cref="IdBytes"/>.</summary>
    public string KeyId { get; }
    public bool HasPrivateKey { get; }
    public ECParameters PublicParameters { get; }

    /// <summary>Takes ownership of <paramref name="key"/>, which must be on P-256 (checked by the callers).</summary>
    public static QrKey Private(ECDsa key) => new(key, hasPrivateKey: true);

    /// <summary>The public part of <paramref name="key"/> (which stays the caller's).</summary>
    public static QrKey Public(ECDsa key) => new(key, hasPrivateKey: false);

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        var key = Rent();
        try { return key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation); }
        catch (CryptographicException) { return false; }
        finally { pool.Add(key); }
    }

    /// <summary>ES256 in IEEE P1363 form (r ‖ s, 64 bytes) into <paramref name="destination"/>.</summary>
    public void Sign(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (!HasPrivateKey) throw new InvalidOperationException($"Key {KeyId} has no private part: it can only verify.");
        var key = Rent();
        try
        {
            var written = key.SignData(data, destination, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            if (written != VoucherTokenFormat.SignatureLength) throw new CryptographicException($"ES256 signature of {written} bytes.");
        }
        finally { pool.Add(key); }
    }

    /// <summary>The private key as PKCS#8 PEM (for the key file).</summary>
    public string ExportPkcs8Pem()
    {
        var key = Rent();
        try { return key.ExportPkcs8PrivateKeyPem(); }
        finally { pool.Add(key); }
    }

    private ECDsa Rent() => pool.TryTake(out var key) ? key : ECDsa.Create(parameters);
}
