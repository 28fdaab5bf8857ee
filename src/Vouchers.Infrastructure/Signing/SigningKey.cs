using System.Text.Json;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;

using Vouchers.Infrastructure.Qr;

namespace Vouchers.Infrastructure.Signing;

/// <summary>
/// One P-256 key as the token code uses it: its key id and a pool of <see cref="ECDsa"/> instances, so that
/// concurrent Sign/Verify calls never share an instance (.NET does not promise that an instance is thread-safe).
/// Holds the private key only when made from one.
/// </summary>
internal sealed class SigningKey
{
    /// <summary>An ES256 signature in IEEE P1363 form (r ‖ s): 64 bytes.</summary>
    public const int SignatureLength = 64;

    private readonly ECParameters parameters;
    private readonly ConcurrentBag<ECDsa> pool = [];

    private SigningKey(ECDsa key, bool hasPrivateKey)
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
    public static SigningKey Private(ECDsa key) => new(key, hasPrivateKey: true);

    /// <summary>The public part of <paramref name="key"/> (which stays the caller's).</summary>
    public static SigningKey Public(ECDsa key) => new(key, hasPrivateKey: false);

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
            if (written != SignatureLength) throw new CryptographicException($"ES256 signature of {written} bytes.");
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

    /// <summary>
    /// The public keys of a JWK Set (RFC 7517), by id: EC P-256 keys for ES256 signatures; other keys are skipped, as
    /// RFC 7517 asks. A stated <c>kid</c> must be the one computed from x and y. Ignores any private part.
    /// <see cref="FormatException"/> when the text is not such a set, a key is malformed, or no key is usable.
    /// </summary>
    public static IReadOnlyDictionary<ulong, SigningKey> FromJwks(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var keys = new Dictionary<ulong, SigningKey>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("keys", out var list) || list.ValueKind != JsonValueKind.Array)
                throw new FormatException("A JWK Set is an object with a \"keys\" array.");
            foreach (var jwk in list.EnumerateArray())
            {
                if (jwk.ValueKind != JsonValueKind.Object) throw new FormatException("A JWK is an object.");
                if (Text(jwk, "kty") != "EC" || Text(jwk, "crv") != "P-256") continue;
                if (Text(jwk, "use") is { } use && use != "sig") continue;
                if (Text(jwk, "alg") is { } alg && alg != "ES256") continue;
                var x = Coordinate(jwk, "x");
                var y = Coordinate(jwk, "y");
                ECDsa ecdsa;
                try { ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } }); }
                catch (CryptographicException) { throw new FormatException("A JWK's x and y are not a point of P-256."); }
                using (ecdsa)
                {
                    var key = SigningKey.Public(ecdsa);
                    if (Text(jwk, "kid") is { } kid && !string.Equals(kid, key.KeyId, StringComparison.Ordinal))
                        throw new FormatException($"A JWK says kid {kid} but its key's id is {key.KeyId}.");
                    keys.TryAdd(key.Id, key);
                }
            }
        }
        catch (JsonException e) { throw new FormatException("Not a JWK Set: " + e.Message, e); }
        if (keys.Count == 0) throw new FormatException("The JWK Set holds no EC P-256 ES256 signing key.");
        return keys;
    }

    private static string? Text(JsonElement jwk, string name) =>
        jwk.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw new FormatException($"A JWK's \"{name}\" is not a string.") : null;

    private static byte[] Coordinate(JsonElement jwk, string name)
    {
        var text = Text(jwk, name) ?? throw new FormatException($"A JWK has no \"{name}\".");
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        Span<byte> bytes = stackalloc byte[33];
        if (text.Contains('=') || !Convert.TryFromBase64String(base64, bytes, out var written) || written != 32)
            throw new FormatException($"A JWK's \"{name}\" is not 32 bytes of base64url.");
        return bytes[..32].ToArray();
    }
}
