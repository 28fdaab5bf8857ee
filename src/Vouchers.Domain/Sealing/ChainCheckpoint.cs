using System.Globalization;
using System.Text;

namespace Vouchers.Domain.Sealing;

/// <summary>
/// A signed statement "the seal chain's link at <see cref="Height"/> has hash <see cref="Hash"/>", numbered from 1.
/// Checkpoints are published (<c>GET /api/public/ledger/checkpoints</c>), so a history rewritten afterwards — even
/// consistently, every hash recomputed — contradicts a copy someone else holds. The signature (ES256 over
/// <see cref="SignedBytes"/>) is made and checked by the infrastructure with the checkpoint signing key; the domain
/// only says what is signed.
/// </summary>
public sealed class ChainCheckpoint
{
    public const string Header = "vouchers.chain-checkpoint.v1";

    private ChainCheckpoint() { }

    public long Number { get; private set; }
    public long Height { get; private set; }
    public byte[] Hash { get; private set; } = [];
    public DateTimeOffset At { get; private set; }
    public string KeyId { get; private set; } = "";
    public byte[] Signature { get; private set; } = [];

    /// <summary>The checkpoint after <paramref name="previous"/> (null: the first) at the chain's <paramref name="head"/>, made at <paramref name="now"/> (kept to the microsecond, as PostgreSQL stores it).</summary>
    public static ChainCheckpoint Make(ChainCheckpoint? previous, ChainLink head, DateTimeOffset now, string keyId, Func<byte[], byte[]> sign)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(sign);
        if (previous is not null && head.Height <= previous.Height)
            throw new InvalidOperationException($"The chain has not grown since checkpoint {previous.Number} (height {previous.Height}).");
        var c = new ChainCheckpoint { Number = (previous?.Number ?? 0) + 1, Height = head.Height, Hash = head.Hash, At = now.AddTicks(-(now.Ticks % 10)), KeyId = keyId };
        c.Signature = sign(c.SignedBytes());
        return c;
    }

    /// <summary>A checkpoint as published or stored (for verifying a copy).</summary>
    public static ChainCheckpoint Stored(long number, long height, byte[] hash, DateTimeOffset at, string keyId, byte[] signature) =>
        new() { Number = number, Height = height, Hash = hash, At = at, KeyId = keyId, Signature = signature };

    /// <summary>
    /// What the signature covers, as UTF-8 text: the header line, then <c>number</c>, <c>height</c>, <c>hash</c>
    /// (lowercase hex), <c>at</c> (UTC, microseconds) and <c>kid</c>, one <c>name=value</c> line each.
    /// </summary>
    public byte[] SignedBytes() => Encoding.UTF8.GetBytes(
        $"{Header}\nnumber={Number.ToString(CultureInfo.InvariantCulture)}\nheight={Height.ToString(CultureInfo.InvariantCulture)}\n" +
        $"hash={Convert.ToHexStringLower(Hash)}\nat={Canonical.InstantText(At)}\nkid={KeyId}\n");
}
