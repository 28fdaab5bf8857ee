using System.Globalization;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Sealing;
using Vouchers.Infrastructure.Signing;

namespace Vouchers.Infrastructure.Sealing;

/// <summary>
/// <see cref="ICheckpointKeys"/> over the <see cref="SigningPurpose.Checkpoints"/> key ring, or — for an auditor who
/// verifies with the public keys they fetched earlier rather than the server's key file — over a JWK Set (verify only).
/// </summary>
public sealed class CheckpointKeys : ICheckpointKeys
{
    private readonly SigningKey? signer;
    private readonly IReadOnlyDictionary<ulong, SigningKey> verifiers;
    private readonly Func<string> jwks;

    public CheckpointKeys(SigningKeyRing ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        signer = ring.Signer;
        verifiers = ring.Verifiers;
        jwks = ring.Jwks;
    }

    private CheckpointKeys(IReadOnlyDictionary<ulong, SigningKey> keys, string json)
    {
        verifiers = keys;
        jwks = () => json;
    }

    /// <summary>Verify-only keys from a JWK Set (<c>GET /api/public/ledger/checkpoint-keys</c>); <see cref="FormatException"/> if it is not one.</summary>
    public static CheckpointKeys FromJwks(string json) => new(SigningKey.FromJwks(json), json);

    public string SigningKeyId => signer?.KeyId ?? throw new InvalidOperationException("These checkpoint keys only verify.");

    public byte[] Sign(byte[] data)
    {
        if (signer is null) throw new InvalidOperationException("These checkpoint keys only verify.");
        var signature = new byte[SigningKey.SignatureLength];
        signer.Sign(data, signature);
        return signature;
    }

    public bool Verify(ChainCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return checkpoint.Signature.Length == SigningKey.SignatureLength && checkpoint.KeyId.Length == 16
            && checkpoint.KeyId.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f')
            && ulong.TryParse(checkpoint.KeyId, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var id)
            && verifiers.TryGetValue(id, out var key) && key.Verify(checkpoint.SignedBytes(), checkpoint.Signature);
    }

    public string Jwks() => jwks();
}
