namespace Vouchers.Domain.Sealing;

/// <summary>What the verifier found wrong. Stored nowhere; the names are the API's.</summary>
public enum ChainProblemKind
{
    /// <summary>A record's content differs from what was sealed, or a link's own hash does not match its fields.</summary>
    Edited,
    /// <summary>A sealed record or link is gone (a missing record, a gap in the heights, a link whose predecessor is not in the chain, a chain shorter than a checkpoint).</summary>
    Deleted,
    /// <summary>A record that no link seals, or a link slipped in between two links that were chained to each other.</summary>
    Inserted,
    /// <summary>A link that is chained to a link at another place: the stored order is not the order of sealing.</summary>
    Reordered,
    /// <summary>The chain agrees with itself but not with a signed checkpoint: history up to it was recomputed.</summary>
    Rewritten,
    /// <summary>A checkpoint whose signature does not verify with any checkpoint key, or whose numbering has a gap.</summary>
    BadCheckpoint,
}

/// <param name="Height">The chain height the problem is at; null for a record no link seals.</param>
/// <param name="Record">The record concerned, when there is one.</param>
public sealed record ChainProblem(ChainProblemKind Kind, long? Height, SealedKey? Record, string Message);

/// <summary>
/// A checkpoint to hold the chain to: where it came from (for messages: "stored", a file name, "published"), whether
/// its signature verified, and whether it is one of the database's own (whose numbering must have no gap).
/// </summary>
public sealed record CheckpointClaim(ChainCheckpoint Checkpoint, string Source, bool SignatureValid, bool IsStored);

/// <param name="LastCheckpointHeight">The height of the highest signed checkpoint the chain agrees with.</param>
public sealed record ChainVerdict(long Links, long UnsealedRecords, long? HeadHeight, byte[]? HeadHash, int CheckpointsChecked,
    long? LastCheckpointHeight, IReadOnlyList<ChainProblem> Problems, bool ProblemsTruncated)
{
    public bool Ok => Problems.Count == 0;
    /// <summary>The problem lowest in the chain (records no link seals come last): what changed first.</summary>
    public ChainProblem? First => Problems.Count == 0 ? null : Problems[0];
}

/// <summary>
/// Recomputes the seal chain and names what is wrong with it. Fed the links in stored height order, each with the
/// content hash of the record it names as that record is now (null when the record is gone), then the records no link
/// names, it checks: every record still hashes to what its link sealed; every link's hash matches its own fields;
/// heights run 1, 2, 3… without a gap; every link's previous hash is the hash of the link below it; every checkpoint
/// agrees with the link at its height and is signed. Memory is constant in the chain's length (a few hashes, the
/// checkpoints and at most <see cref="MaxProblems"/> problems); telling a reordered link from a deleted one needs a
/// lookup of a hash's height, which the caller supplies and which is asked only for links whose predecessor is wrong.
/// </summary>
public sealed class ChainVerifier
{
    public const int MaxProblems = 100;

    private readonly List<CheckpointClaim> _checkpoints;
    private readonly Dictionary<long, List<CheckpointClaim>> _checkpointsAt;
    private readonly List<ChainProblem> _problems = [];
    private readonly List<(long Height, SealedKey Key, byte[] Previous, bool PreviousLinkBroken)> _breaks = [];
    private long _dropped;
    private readonly List<SealedKey> _unsealed = [];
    private long _links, _unsealedCount, _expectedHeight = 1;
    private byte[] _lastHash = ChainLink.Genesis.ToArray();
    private bool _lastBroken;
    private long? _lastAgreeingCheckpoint;
    private int _checkpointsChecked;

    /// <param name="checkpoints">The checkpoints to hold the chain to.</param>
    /// <param name="after">Verify only the links above this one (a checkpoint's height and hash, trusted); null: from the genesis.</param>
    public ChainVerifier(IEnumerable<CheckpointClaim> checkpoints, (long Height, byte[] Hash)? after = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        if (after is { } start)
        {
            _expectedHeight = start.Height + 1;
            _lastHash = start.Hash;
        }
        _checkpoints = checkpoints.OrderBy(c => c.Checkpoint.Number).ToList();
        _checkpointsAt = _checkpoints.Where(c => c.SignatureValid).GroupBy(c => c.Checkpoint.Height).ToDictionary(g => g.Key, g => g.ToList());
    }

    /// <summary>The next link in stored height order, and the content hash of its record as it is now (null: the record is gone).</summary>
    public void Observe(ChainLink link, byte[]? recordHash) => Observe(link, recordHash, LinkHashMatches(link));

    /// <summary>
    /// As <see cref="Observe(ChainLink, byte[])"/>, with <see cref="LinkHashMatches"/> of the link already computed by the
    /// caller: a link's own hash depends on its fields alone, so a reader can check a page of them on several cores and
    /// then hand them over in height order.
    /// </summary>
    public void Observe(ChainLink link, byte[]? recordHash, bool linkHashMatches)
    {
        ArgumentNullException.ThrowIfNull(link);
        _links++;
        var h = link.Height;
        var broken = false;
        if (h != _expectedHeight) // links are read in height order, so a height can only jump ahead
        {
            Add(new(ChainProblemKind.Deleted, _expectedHeight, null,
                $"Links {_expectedHeight}–{h - 1} are missing: the chain jumps from height {_expectedHeight - 1} to {h}."));
            broken = true;
        }
        if (recordHash is null)
            Add(new(ChainProblemKind.Deleted, h, link.Key, $"{Describe(link.Key)}, sealed at height {h}, is missing."));
        else if (!recordHash.AsSpan().SequenceEqual(link.ContentHash))
            Add(new(ChainProblemKind.Edited, h, link.Key, $"{Describe(link.Key)}, sealed at height {h}, was edited: its content no longer hashes to what was sealed."));

        if (!linkHashMatches)
        {
            Add(new(ChainProblemKind.Edited, h, link.Key, $"The chain link at height {h} ({Describe(link.Key)}) was edited: its hash does not match its fields."));
            broken = true;
        }
        else if (!broken && !link.PreviousHash.AsSpan().SequenceEqual(_lastHash))
        {
            if (_breaks.Count < MaxProblems) _breaks.Add((h, link.Key, link.PreviousHash, _lastBroken)); // the lowest ones: links come in height order
            else _dropped++;
            broken = true;
        }

        if (_checkpointsAt.TryGetValue(h, out var claims))
            foreach (var claim in claims)
            {
                _checkpointsChecked++;
                if (claim.Checkpoint.Hash.AsSpan().SequenceEqual(link.Hash)) _lastAgreeingCheckpoint = h;
                else
                    Add(new(ChainProblemKind.Rewritten, h, link.Key,
                        $"Checkpoint {claim.Checkpoint.Number} ({claim.Source}, signed {Canonical.InstantText(claim.Checkpoint.At)}) says the link at height {h} " +
                        $"hashes to {Short(claim.Checkpoint.Hash)}…, the chain says {Short(link.Hash)}…: " +
                        $"history up to height {h} was rewritten after the checkpoint was published" +
                        (_lastAgreeingCheckpoint is { } p ? $" (the checkpoint at height {p} still agrees: the change lies in heights {p + 1}–{h})." : ".")));
            }

        _expectedHeight = h + 1;
        _lastHash = link.Hash;
        _lastBroken = broken;
    }

    /// <summary>Whether the link's stored hash is SHA-256("VCH1" ‖ previous ‖ content) of its stored fields.</summary>
    public static bool LinkHashMatches(ChainLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (link.PreviousHash.Length != ChainLink.HashLength || link.ContentHash.Length != ChainLink.HashLength) return false;
        Span<byte> hash = stackalloc byte[ChainLink.HashLength];
        ChainLink.HashOf(link.PreviousHash, link.ContentHash, hash);
        return hash.SequenceEqual(link.Hash);
    }

    /// <summary>A record that no link seals (written around the service, or its link deleted).</summary>
    public void ObserveUnsealed(SealedKey key)
    {
        _unsealedCount++;
        if (_unsealed.Count < MaxProblems) _unsealed.Add(key);
    }

    /// <summary>Previous hashes of links that do not follow the link below them: what <see cref="Finish"/> will ask the height of.</summary>
    public IEnumerable<byte[]> HashesToLocate => _breaks.Select(b => b.Previous);

    /// <param name="heightOfHash">The height of the stored link with this hash, or null when no link has it (0 for the genesis hash).</param>
    public ChainVerdict Finish(Func<byte[], long?> heightOfHash)
    {
        ArgumentNullException.ThrowIfNull(heightOfHash);
        var late = new List<ChainProblem>(); // found here, at any height: sorted in with the rest below
        foreach (var (h, key, previous, previousLinkBroken) in _breaks)
        {
            var from = previous.AsSpan().SequenceEqual(ChainLink.Genesis) ? 0 : heightOfHash(previous);
            if (from is null)
                late.Add(new(ChainProblemKind.Deleted, h, key,
                    $"The link at height {h} ({Describe(key)}) was chained to a link that is no longer in the chain: what was sealed just before it was deleted " +
                    "(or that link was altered and re-hashed)."));
            else if (from == h - 2 && !previousLinkBroken)
                late.Add(new(ChainProblemKind.Inserted, h - 1, null,
                    $"The link at height {h - 1} was slipped in: the link at height {h} ({Describe(key)}) was chained directly to height {h - 2}."));
            else
                late.Add(new(ChainProblemKind.Reordered, h, key,
                    $"The link at height {h} ({Describe(key)}) was chained to the link now at height {from}: the stored order is not the order of sealing."));
        }

        foreach (var claim in _checkpoints)
        {
            if (!claim.SignatureValid)
                late.Add(new(ChainProblemKind.BadCheckpoint, claim.Checkpoint.Height, null,
                    $"Checkpoint {claim.Checkpoint.Number} ({claim.Source}) is not signed by a checkpoint key (key {claim.Checkpoint.KeyId})."));
            else if (claim.Checkpoint.Height >= _expectedHeight)
            {
                late.Add(new(ChainProblemKind.Deleted, _expectedHeight, null,
                    $"Checkpoint {claim.Checkpoint.Number} ({claim.Source}) covers height {claim.Checkpoint.Height}, but the chain ends at {_expectedHeight - 1}: " +
                    "links were deleted from its end."));
            }
        }
        foreach (var gap in _checkpoints.Where(c => c.IsStored).Select(c => c.Checkpoint.Number).Order()
                     .Select((n, i) => (n, i)).Where(x => x.n != x.i + 1).Take(1))
            late.Add(new(ChainProblemKind.BadCheckpoint, null, null, $"Stored checkpoints are numbered with a gap before number {gap.n}: a checkpoint was deleted."));

        var ordered = _problems.Concat(late).OrderBy(p => p.Height ?? long.MaxValue).ThenBy(p => p.Kind).ToList();
        ordered.AddRange(_unsealed.Select(key =>
            new ChainProblem(ChainProblemKind.Inserted, null, key, $"{Describe(key)} is not sealed: it was written around the service (or its link was deleted).")));
        var truncated = _dropped > 0 || _unsealedCount > _unsealed.Count || ordered.Count > MaxProblems;
        return new ChainVerdict(_links, _unsealedCount, _links == 0 ? null : _expectedHeight - 1, _links == 0 ? null : _lastHash,
            _checkpointsChecked, _lastAgreeingCheckpoint, ordered.Take(MaxProblems).ToList(), truncated);
    }

    private static string Short(byte[] hash) => Convert.ToHexStringLower(hash.AsSpan(0, Math.Min(8, hash.Length)));

    private void Add(ChainProblem problem)
    {
        if (_problems.Count < MaxProblems) _problems.Add(problem); // found in height order: the first ones kept are the lowest
        else _dropped++;
    }

    private static string Describe(SealedKey key) => key.Kind switch
    {
        SealedKind.Transfer => $"ledger transfer {key.Id}",
        SealedKind.VoucherTransition => $"transition #{key.Sequence} of voucher {key.Id}",
        SealedKind.BudgetDecision => $"budget decision {key.Id}",
        _ => key.ToString(),
    };
}
