using System.Security.Cryptography;

namespace Vouchers.Domain.Sealing;

/// <summary>
/// One link of the seal chain: the record it seals (<see cref="Kind"/>, <see cref="RecordId"/>,
/// <see cref="RecordSequence"/>), that record's content hash, and
/// <c>Hash = SHA-256("VCH1" ‖ PreviousHash ‖ ContentHash)</c>. Every ledger transfer, voucher transition and
/// budget decision gets one link, in the transaction that writes it, so the chain is the order records were written in.
/// <see cref="Height"/> numbers the links from 1; the first link's <see cref="PreviousHash"/> is <see cref="Genesis"/>.
/// The height is not hashed: the chain is what the previous-hash pointers say, and the height only stores their order
/// (which is how the verifier can tell links that were moved from links that were altered).
/// </summary>
public sealed class ChainLink
{
    public const int HashLength = 32;
    private static readonly byte[] Domain = "VCH1"u8.ToArray();

    /// <summary>The previous hash of the first link: 32 zero bytes.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[HashLength];

    private ChainLink() { }

    public long Height { get; private set; }
    public SealedKind Kind { get; private set; }
    public Guid RecordId { get; private set; }
    public int RecordSequence { get; private set; }
    public byte[] ContentHash { get; private set; } = [];
    public byte[] PreviousHash { get; private set; } = [];
    public byte[] Hash { get; private set; } = [];

    public SealedKey Key => new(Kind, RecordId, RecordSequence);

    /// <summary>The link after <paramref name="previous"/> (null: the first link) that seals the record with <paramref name="contentHash"/>.</summary>
    public static ChainLink Append(ChainLink? previous, SealedKey key, byte[] contentHash)
    {
        ArgumentNullException.ThrowIfNull(contentHash);
        if (contentHash.Length != HashLength) throw new ArgumentException("A content hash is 32 bytes (SHA-256).", nameof(contentHash));
        var prev = previous?.Hash ?? Genesis.ToArray();
        return new ChainLink
        {
            Height = (previous?.Height ?? 0) + 1, Kind = key.Kind, RecordId = key.Id, RecordSequence = key.Sequence,
            ContentHash = contentHash, PreviousHash = prev, Hash = HashOf(prev, contentHash),
        };
    }

    /// <summary>A link exactly as stored (for the verifier and for tests that play the tamperer).</summary>
    public static ChainLink Stored(long height, SealedKey key, byte[] contentHash, byte[] previousHash, byte[] hash) => new()
    {
        Height = height, Kind = key.Kind, RecordId = key.Id, RecordSequence = key.Sequence,
        ContentHash = contentHash, PreviousHash = previousHash, Hash = hash,
    };

    /// <summary>SHA-256("VCH1" ‖ previous ‖ content).</summary>
    public static byte[] HashOf(ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> contentHash)
    {
        var hash = new byte[HashLength];
        HashOf(previousHash, contentHash, hash);
        return hash;
    }

    /// <summary>SHA-256("VCH1" ‖ previous ‖ content), written into <paramref name="destination"/> (32 bytes).</summary>
    public static void HashOf(ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> contentHash, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[4 + 2 * HashLength];
        Domain.CopyTo(input);
        previousHash.CopyTo(input[4..]);
        contentHash.CopyTo(input[(4 + HashLength)..]);
        SHA256.HashData(input, destination);
    }
}
