using System.Security.Cryptography;
using System.Text.Json;
using Vouchers.Application.Qr;

using Vouchers.Infrastructure.Signing;

namespace Vouchers.Infrastructure.Qr;

/// <summary>
/// <see cref="IVoucherTokens"/> with the service's <see cref="SigningKeyRing"/>: issues <c>VV1</c> tokens with the
/// signing key and reads them with every key of the ring (format: <see cref="VoucherTokenFormat"/>). Thread-safe.
/// </summary>
public sealed class VoucherTokenService(SigningKeyRing ring) : IVoucherTokens
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
/// publishes (<see cref="SigningKeyRing.Jwks"/>). Same checks, same order, same faults as <see cref="VoucherTokenService.Read"/>.
/// </summary>
public sealed class VoucherTokenReader
{
    private readonly IReadOnlyDictionary<ulong, SigningKey> keys;

    private VoucherTokenReader(IReadOnlyDictionary<ulong, SigningKey> keys) => this.keys = keys;

    /// <summary>The ids of the keys it verifies with (computed from the keys).</summary>
    public IReadOnlyCollection<string> KeyIds => keys.Values.Select(k => k.KeyId).ToList();

    public TokenReading Read(string scanned, DateOnly today) => VoucherTokenFormat.Read(scanned, today, keys);

    /// <summary>
    /// A reader from a JWK Set <c>{"keys":[…]}</c>. Uses every EC P-256 key whose <c>use</c> and <c>alg</c> (when
    /// present) are <c>sig</c> and <c>ES256</c>, whatever its status (a retired key still verifies); skips the
    /// others, as RFC 7517 asks. A stated <c>kid</c> must be the one computed from x and y. Ignores any private part.
    /// <see cref="FormatException"/> when the text is not such a set, a key is malformed, or no key is usable.
    /// </summary>
    public static VoucherTokenReader FromJwks(string json) => new(SigningKey.FromJwks(json));
}
