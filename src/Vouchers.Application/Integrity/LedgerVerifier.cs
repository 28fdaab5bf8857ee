using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Funds;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Sealing;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Integrity;

/// <summary>What the verifier found, as the API and the command line report it.</summary>
/// <param name="Kind">edited, deleted, inserted, reordered, rewritten, bad-checkpoint or balance-drift.</param>
public sealed record IntegrityProblem(string Kind, long? Height, string? RecordKind, Guid? RecordId, int? RecordSequence, string Message);

/// <summary>The verdict on the whole ledger: the seal chain, its checkpoints and the balances.</summary>
/// <param name="LastCheckpointHeight">The highest signed checkpoint the chain agrees with.</param>
/// <param name="Problems">The chain's problems, lowest height first, then the balances' (at most about 100 of each).</param>
public sealed record LedgerVerification(
    long Links,
    long UnsealedRecords,
    long? HeadHeight,
    string? HeadHash,
    int CheckpointsChecked,
    long? LastCheckpointHeight,
    int Accounts,
    long TransfersReplayed,
    bool Balanced,
    IReadOnlyList<Guid> AccountsDisagreeingWithReplay,
    string? ReplayError,
    IReadOnlyList<IntegrityProblem> Problems,
    bool ProblemsTruncated)
{
    /// <summary>Nothing found: every problem, the balances' included, is in <see cref="Problems"/>.</summary>
    public bool Ok => Problems.Count == 0;

    /// <summary>What changed first (the problem lowest in the chain).</summary>
    public IntegrityProblem? FirstProblem => Problems.Count == 0 ? null : Problems[0];

    /// <summary>Records sealed after <see cref="LastCheckpointHeight"/>, which no agreeing checkpoint covers yet.</summary>
    public long LinksAfterLastCheckpoint => (HeadHeight ?? 0) - (LastCheckpointHeight ?? 0);
}

/// <summary>
/// Verifies the ledger from the database alone (the API's auditor endpoint and the <c>ledger verify</c> command both
/// call this): reads the seal chain in pages of <see cref="PageSize"/> links, fetches the records each page names,
/// recomputes their content hashes and feeds them to the domain's <see cref="ChainVerifier"/>; replays the transfers
/// in chain order and compares the result with every account's stored balances; holds the chain to the stored
/// checkpoints and to any published ones given. Memory grows with the number of accounts and pending transfers,
/// not with the length of the chain.
/// </summary>
public sealed class LedgerVerifier(IVouchersDb db, ICheckpointKeys keys)
{
    public const int PageSize = 5_000;

    public async Task<LedgerVerification> VerifyAsync(IReadOnlyList<ChainCheckpoint> published, string publishedSource, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(published);
        await using var snapshot = await db.ReadSnapshotAsync(ct); // the chain, the records and the balances of one moment
        var stored = await db.ChainCheckpoints.AsNoTracking().OrderBy(c => c.Number).ToListAsync(ct);
        var claims = stored.Select(c => new CheckpointClaim(c, "stored", keys.Verify(c), IsStored: true))
            .Concat(published.Select(c => new CheckpointClaim(c, publishedSource, keys.Verify(c), IsStored: false)));
        var verifier = new ChainVerifier(claims);
        var replay = new LedgerReplay.Replayer();
        string? replayError = null;
        long replayed = 0;
        await WalkAsync(verifier, 0, transfer =>
        {
            if (replayError is not null) return;
            try { replay.Apply(transfer); replayed++; }
            catch (LedgerException e) { replayError = e.Message; }
        }, ct);

        foreach (var key in await UnsealedAsync(ct)) verifier.ObserveUnsealed(key);
        var verdict = await FinishAsync(verifier, ct);

        var accounts = await db.LedgerAccounts.AsNoTracking().ToListAsync(ct);
        var drift = LedgerReplay.Drifted(accounts, replay.Current());
        var balanced = LedgerReplay.IsBalanced(accounts);

        var problems = verdict.Problems.Select(p => new IntegrityProblem(Kebab(p.Kind), p.Height, p.Record?.Kind.ToString(), p.Record?.Id,
            p.Record is { Kind: SealedKind.VoucherTransition } r ? r.Sequence : null, p.Message)).ToList();
        if (replayError is not null) problems.Add(new("balance-drift", null, null, null, null, "The transfers, replayed in chain order, are inconsistent: " + replayError));
        if (!balanced) problems.Add(new("balance-drift", null, null, null, null, "Σ debits ≠ Σ credits over the stored account balances."));
        problems.AddRange(drift.Take(ChainVerifier.MaxProblems).Select(id => new IntegrityProblem("balance-drift", null, "Account", id, null,
            $"Account {id}: its stored balances differ from a replay of the sealed transfers.")));

        return new LedgerVerification(verdict.Links, verdict.UnsealedRecords, verdict.HeadHeight,
            verdict.HeadHash is null ? null : Convert.ToHexStringLower(verdict.HeadHash), verdict.CheckpointsChecked, verdict.LastCheckpointHeight,
            accounts.Count, replayed, balanced, drift, replayError, problems, verdict.ProblemsTruncated || drift.Count > ChainVerifier.MaxProblems);
    }

    /// <summary>
    /// The links above the last checkpoint (all of them when there is none) still chain from its hash and seal their
    /// records as they are now: what must hold before that head is signed as the next checkpoint, so that a rewrite
    /// made since the last one is refused rather than signed.
    /// </summary>
    public async Task<ChainVerdict> SinceLastCheckpointAsync(ChainCheckpoint? last, CancellationToken ct)
    {
        var verifier = new ChainVerifier([], last is null ? null : (last.Height, last.Hash));
        await WalkAsync(verifier, last?.Height ?? 0, _ => { }, ct);
        return await FinishAsync(verifier, ct);
    }

    /// <summary>
    /// Feeds the links above <paramref name="after"/> to the verifier, page by page, each with its record as it is now
    /// (<see cref="IVouchersDb.SealedPagesAsync"/>: one query a page, no EF Core materialisation); every transfer found
    /// goes to <paramref name="transfer"/> in chain order. A page is hashed on a worker while the next page is read (the
    /// database work and the hashing overlap), and its hashing is spread over the machine's cores (a record's content
    /// hash and a link's own hash depend on nothing else); the verifier and the replay still see the links one after the
    /// other, in chain order.
    /// </summary>
    private async Task WalkAsync(ChainVerifier verifier, long after, Action<LedgerTransfer> transfer, CancellationToken ct)
    {
        var previous = Task.CompletedTask;
        try
        {
            await foreach (var page in db.SealedPagesAsync(after, PageSize, ct))
            {
                await previous;
                previous = Task.Run(() => Observe(verifier, page, transfer, ct), ct);
            }
        }
        finally
        {
            await previous; // never leave a worker running on the verifier, even when reading failed
        }
    }

    private static void Observe(ChainVerifier verifier, IReadOnlyList<SealedRow> page, Action<LedgerTransfer> transfer, CancellationToken ct)
    {
        var hashes = new byte[]?[page.Count];
        var linksMatch = new bool[page.Count];
        var chunk = Math.Max(256, page.Count / (4 * Environment.ProcessorCount) + 1);
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, page.Count, chunk), new ParallelOptions { CancellationToken = ct }, range =>
        {
            for (var i = range.Item1; i < range.Item2; i++)
            {
                var row = page[i];
                hashes[i] = ContentHash(row);
                linksMatch[i] = ChainVerifier.LinkHashMatches(row.Link);
            }
        });
        for (var i = 0; i < page.Count; i++)
        {
            var row = page[i];
            verifier.Observe(row.Link, hashes[i], linksMatch[i]);
            if (row.Transfer is { } t && Names(row)) transfer(t);
        }
    }

    /// <summary>The content hash of the record a link names, as it is now: null when the link names no record (gone, or of another kind).</summary>
    private static byte[]? ContentHash(SealedRow row)
    {
        if (row.Unreadable) return Unreadable;
        if (!Names(row)) return null;
        return row.Link.Kind switch
        {
            SealedKind.Transfer => Canonical.HashOf(row.Transfer!),
            SealedKind.BudgetDecision => Canonical.HashOf(row.Decision!),
            _ => Canonical.HashOf(row.Transition!),
        };
    }

    /// <summary>Whether the row holds the record of the kind its link names.</summary>
    private static bool Names(SealedRow row) => row.Link.Kind switch
    {
        SealedKind.Transfer => row.Transfer is not null,
        SealedKind.BudgetDecision => row.Decision is not null,
        SealedKind.VoucherTransition => row.Transition is not null,
        _ => false,
    };

    /// <summary>What a record that cannot be read hashes to here: no SHA-256 output a seal holds (all bytes 0xFF), so it shows as edited.</summary>
    private static readonly byte[] Unreadable = Enumerable.Repeat((byte)0xFF, ChainLink.HashLength).ToArray();

    /// <summary>Locates the hashes that out-of-place links point to (at most <see cref="ChainVerifier.MaxProblems"/>, one query) and finishes.</summary>
    private async Task<ChainVerdict> FinishAsync(ChainVerifier verifier, CancellationToken ct)
    {
        var wanted = verifier.HashesToLocate.ToList();
        var located = wanted.Count == 0 ? [] : (await db.ChainLinks.AsNoTracking().Where(l => wanted.Contains(l.Hash))
            .Select(l => new { l.Hash, l.Height }).ToListAsync(ct))
            .GroupBy(l => Convert.ToHexString(l.Hash)).ToDictionary(g => g.Key, g => g.Min(l => l.Height)); // a copied link shares its hash
        return verifier.Finish(hash => located.TryGetValue(Convert.ToHexString(hash), out var h) ? h : null);
    }

    /// <summary>Records no link names (at most <see cref="ChainVerifier.MaxProblems"/> + 1 of each kind).</summary>
    private async Task<IReadOnlyList<SealedKey>> UnsealedAsync(CancellationToken ct)
    {
        const int take = ChainVerifier.MaxProblems + 1;
        var transfers = await db.LedgerTransfers.AsNoTracking()
            .Where(t => !db.ChainLinks.Any(l => l.Kind == SealedKind.Transfer && l.RecordId == t.Id))
            .OrderBy(t => t.Timestamp).Select(t => t.Id).Take(take).ToListAsync(ct);
        var decisions = await db.BudgetAllocations.AcrossProvinces().AsNoTracking()
            .Where(a => !db.ChainLinks.Any(l => l.Kind == SealedKind.BudgetDecision && l.RecordId == a.Id))
            .OrderBy(a => a.RecordedAt).Select(a => a.Id).Take(take).ToListAsync(ct);
        var transitions = await db.Vouchers.AcrossProvinces().AsNoTracking().SelectMany(v => v.History)
            .Where(h => !db.ChainLinks.Any(l => l.Kind == SealedKind.VoucherTransition && l.RecordId == h.VoucherId && l.RecordSequence == h.Sequence))
            .OrderBy(h => h.At).Select(h => new { h.VoucherId, h.Sequence }).Take(take).ToListAsync(ct);
        return transfers.Select(id => new SealedKey(SealedKind.Transfer, id, 0))
            .Concat(decisions.Select(id => new SealedKey(SealedKind.BudgetDecision, id, 0)))
            .Concat(transitions.Select(t => new SealedKey(SealedKind.VoucherTransition, t.VoucherId, t.Sequence)))
            .ToList();
    }

    private static string Kebab(ChainProblemKind kind) => kind switch
    {
        ChainProblemKind.BadCheckpoint => "bad-checkpoint",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
