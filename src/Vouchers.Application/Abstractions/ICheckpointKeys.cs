using Vouchers.Domain.Sealing;

namespace Vouchers.Application.Abstractions;

/// <summary>
/// The keys that sign the seal chain's checkpoints (ES256; section <c>CheckpointSigning</c>, separate from the QR keys).
/// Every key of the ring verifies, retired ones included, so a checkpoint stays checkable after a rotation.
/// </summary>
public interface ICheckpointKeys
{
    /// <summary>The key id (16 lowercase hex digits) of the key that signs.</summary>
    string SigningKeyId { get; }

    /// <summary>An ES256 signature (IEEE P1363, 64 bytes) of <paramref name="data"/> with the signing key.</summary>
    byte[] Sign(byte[] data);

    /// <summary>True when the checkpoint's signature verifies with the key its <see cref="ChainCheckpoint.KeyId"/> names.</summary>
    bool Verify(ChainCheckpoint checkpoint);

    /// <summary>The public keys as a JWK Set, for checking published checkpoints offline.</summary>
    string Jwks();
}
