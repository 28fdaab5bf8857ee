using System.Security.Cryptography;
using System.Text.Json;
using Vouchers.Application.Qr;

namespace Vouchers.Infrastructure.Qr;

/// <summary>
/// <see cref="IVoucherTokens"/> with the service's <see cref="QrKeyRing"/>: issues <c>VV1</c> tokens with the
/// signing key and reads them with every key of the ring (format: <see cref="VoucherTokenFormat"/>). Thread-safe.
/// </summary>
public sealed class VoucherTokenService(QrKeyRing ring) : IVoucherTokens
{
    /// <summary>The id of the key that signs what <see cref="Issue"/> returns.</summary>
    public string SigningKeyId => ring.SigningKeyId;

    /// <summary>
    /// The 192-character token. <see cref="ArgumentException"/> for claims the format cannot carry (see
    /// <see cref="VoucherTokenFormat.WritePayload"/>).
    /// </summary>
    public string Issue(VoucherTokenClaims claims) => VoucherTokenFormat.Issue(claims, ring.Signer);

    /// <summary>The first failed check, and the claims when authentic. Never throws; the text is used exactly as given.</summary>
    public TokenReading Read(string scanned, DateOnly today) => VoucherTokenFormat.Read(scanned, today, ring.Verifiers);
}

/// <summary>
/// Reads <c>VV1</c> tokens with public keys only, as a provider's app does offline with the JWK Set the service
/// publishes (<see cref="QrKeyRing.Jwks"/>). Same checks, same order, same faults as <see cref="VoucherTokenService.Read"/>.
/// </summary>
public sealed class VoucherTokenReader
{
    private readonly Dictionary<ulong, QrKey> keys;

    private VoucherTokenReader(Dictionary<ulong, QrKey> keys) => this.keys = keys;

    /// <summary>The ids of the keys it verifies with (computed from the keys).</summary>
    public IReadOnlyCollection<string> KeyIds => keys.Values.Select(k => k.KeyId).ToList();

    public TokenReading Read(string scanned, DateOnly today) => VoucherTokenFormat.Read(scanned, today, keys);

    /// <summary>
    /// A reader from a JWK Set <c>{"keys":[…]}</c>. Uses every EC P-256 key whose <c>use</c> and <c>alg</c> (when
    /// present) are <c>sig</c> and <c>ES256</c>, whatever its status (a retired key still verifies); skips the
    /// others, as RFC 7517 asks. A stated <c>kid</c> must be the one computed from x and y. Ignores any private part.
    /// <see cref="FormatException"/> when the text is not such a set, a key is malformed, or no key is usable.
    /// </summary>
    public static VoucherTokenReader FromJwks(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var keys = new Dictionary<ulong, QrKey>();
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
                    var key = QrKey.Public(ecdsa);
                    if (Text(jwk, "kid") is { } kid && !string.Equals(kid, key.KeyId, StringComparison.Ordinal))
                        throw new FormatException($"A JWK says kid {kid} but its key's id is {key.KeyId}.");
                    keys.TryAdd(key.Id, key);
                }
            }
        }
        catch (JsonException e) { throw new FormatException("Not a JWK Set: " + e.Message, e); }
        if (keys.Count == 0) throw new FormatException("The JWK Set holds no EC P-256 ES256 signing key.");
        return new VoucherTokenReader(keys);
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
