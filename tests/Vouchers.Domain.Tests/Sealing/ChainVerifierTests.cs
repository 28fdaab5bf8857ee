using System.Security.Cryptography;
using System.Text;
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Sealing;
using Vouchers.Domain.Tests.Ledger;

namespace Vouchers.Domain.Tests.Sealing;

public class ChainVerifierTests
{
    private static byte[] H(int i) => SHA256.HashData(BitConverter.GetBytes(i));

    /// <summary>A chain of <paramref name="n"/> links sealing records whose content hashes are H(1)…H(n).</summary>
    private static List<ChainLink> Chain(int n)
    {
        var links = new List<ChainLink>();
        ChainLink? head = null;
        for (var i = 1; i <= n; i++)
        {
            head = ChainLink.Append(head, new SealedKey(SealedKind.Transfer, new Guid(i, 0, 0, new byte[8]), 0), H(i));
            links.Add(head);
        }
        return links;
    }

    private static ChainVerdict Verify(IEnumerable<ChainLink> links, Func<ChainLink, byte[]?>? record = null, IEnumerable<CheckpointClaim>? checkpoints = null)
    {
        var list = links.ToList();
        var verifier = new ChainVerifier(checkpoints ?? []);
        foreach (var l in list) verifier.Observe(l, record is null ? l.ContentHash : record(l));
        return verifier.Finish(hash => list.FirstOrDefault(l => l.Hash.AsSpan().SequenceEqual(hash))?.Height);
    }

    private static ChainLink Moved(ChainLink l, long height) => ChainLink.Stored(height, l.Key, l.ContentHash, l.PreviousHash, l.Hash);

    private static CheckpointClaim Claim(long number, ChainLink at, bool signed = true) =>
        new(ChainCheckpoint.Stored(number, at.Height, at.Hash, DateTimeOffset.UnixEpoch, "0011223344556677", new byte[64]), "stored", signed, IsStored: true);

    [Fact]
    public void AnIntactChain_Verifies_AndReportsItsHead()
    {
        var chain = Chain(10);
        var v = Verify(chain, checkpoints: [Claim(1, chain[4]), Claim(2, chain[9])]);
        Assert.True(v.Ok);
        Assert.Equal(10, v.Links);
        Assert.Equal(10, v.HeadHeight);
        Assert.Equal(chain[9].Hash, v.HeadHash);
        Assert.Equal(2, v.CheckpointsChecked);
        Assert.Equal(10, v.LastCheckpointHeight);
        Assert.Equal(ChainLink.Genesis.ToArray(), chain[0].PreviousHash);
    }

    [Fact]
    public void TheLinkHash_CoversThePreviousHashAndTheContent()
    {
        var chain = Chain(2);
        Assert.Equal(SHA256.HashData([.. "VCH1"u8, .. chain[0].Hash, .. H(2)]), chain[1].Hash);
    }

    [Fact]
    public void AnEditedRecord_IsNamedAtItsHeight()
    {
        var chain = Chain(10);
        var v = Verify(chain, l => l.Height == 4 ? H(99) : l.ContentHash);
        Assert.Equal(ChainProblemKind.Edited, v.First!.Kind);
        Assert.Equal(4, v.First.Height);
        Assert.Equal(chain[3].Key, v.First.Record);
        Assert.Single(v.Problems);
    }

    [Fact]
    public void AMissingRecord_IsADeletion()
    {
        var v = Verify(Chain(10), l => l.Height == 6 ? null : l.ContentHash);
        Assert.Equal((ChainProblemKind.Deleted, 6L), (v.First!.Kind, v.First.Height!.Value));
    }

    [Fact]
    public void ALinkWhoseHashWasChanged_IsAnEditedLink()
    {
        var chain = Chain(10);
        chain[2] = ChainLink.Stored(3, chain[2].Key, H(42), chain[2].PreviousHash, chain[2].Hash); // content hash changed, link hash kept
        var v = Verify(chain, l => l.ContentHash);
        Assert.Equal((ChainProblemKind.Edited, 3L), (v.First!.Kind, v.First.Height!.Value));
        Assert.Contains("chain link", v.First.Message);
    }

    [Fact]
    public void AGapInTheHeights_IsADeletion_AndSoIsALinkClosedUpOverIt()
    {
        var chain = Chain(10);
        var gap = chain.Where(l => l.Height != 5).ToList();
        Assert.Equal((ChainProblemKind.Deleted, 5L), (Verify(gap).First!.Kind, Verify(gap).First!.Height!.Value));
        var closed = gap.Select(l => l.Height > 5 ? Moved(l, l.Height - 1) : l).ToList();
        var v = Verify(closed);
        Assert.Equal((ChainProblemKind.Deleted, 5L), (v.First!.Kind, v.First.Height!.Value));
    }

    [Fact]
    public void ALinkSlippedIn_IsAnInsertion()
    {
        var chain = Chain(10);
        var forged = ChainLink.Append(chain[3], new SealedKey(SealedKind.Transfer, Guid.NewGuid(), 0), H(77)); // height 5, chained to 4
        var spliced = chain.Take(4).Append(forged).Concat(chain.Skip(4).Select(l => Moved(l, l.Height + 1))).ToList();
        var v = Verify(spliced);
        Assert.Equal((ChainProblemKind.Inserted, 5L), (v.First!.Kind, v.First.Height!.Value));
        Assert.Single(v.Problems);
    }

    [Fact]
    public void SwappedLinks_AreReordered()
    {
        var chain = Chain(10);
        var swapped = chain.Select(l => l.Height switch { 3 => Moved(chain[6], 3), 7 => Moved(chain[2], 7), _ => l }).OrderBy(l => l.Height).ToList();
        var v = Verify(swapped);
        Assert.Equal((ChainProblemKind.Reordered, 3L), (v.First!.Kind, v.First.Height!.Value));
        Assert.All(v.Problems, p => Assert.Equal(ChainProblemKind.Reordered, p.Kind));
    }

    [Fact]
    public void AConsistentRewrite_ContradictsTheCheckpoint_AndIsLocatedBetweenCheckpoints()
    {
        var chain = Chain(10);
        var published = new[] { Claim(1, chain[2]), Claim(2, chain[7]) };
        // record 5 changed and every hash from there recomputed: the chain agrees with itself
        var rewritten = chain.Take(4).ToList();
        var head = rewritten[^1];
        for (var i = 5; i <= 10; i++) rewritten.Add(head = ChainLink.Append(head, chain[i - 1].Key, i == 5 ? H(55) : H(i)));
        Assert.True(Verify(rewritten).Ok);
        var v = Verify(rewritten, checkpoints: published);
        Assert.Equal((ChainProblemKind.Rewritten, 8L), (v.First!.Kind, v.First.Height!.Value));
        Assert.Contains("heights 4–8", v.First.Message);
        Assert.Equal(3, v.LastCheckpointHeight); // the last checkpoint the chain still agrees with
    }

    [Fact]
    public void AnUnsignedCheckpoint_IsNotTrusted_AndAGapInStoredNumbersIsReported()
    {
        var chain = Chain(10);
        var v = Verify(chain, checkpoints: [Claim(1, chain[2]), Claim(3, chain[8], signed: false)]);
        Assert.Equal(2, v.Problems.Count(p => p.Kind == ChainProblemKind.BadCheckpoint));
        Assert.Equal(1, v.CheckpointsChecked); // only the signed one was held against the chain
    }

    [Fact]
    public void ManyProblemsHigherUp_DoNotHideTheLowestOne_FoundOnlyAtTheEnd()
    {
        var chain = Chain(300);
        var gap = chain.Where(l => l.Height != 5).Select(l => l.Height > 5 ? Moved(l, l.Height - 1) : l).ToList(); // a deletion at 5, closed up
        var v = Verify(gap, l => l.Height > 100 ? H(0) : l.ContentHash); // and 198 edited records above it
        Assert.Equal((ChainProblemKind.Deleted, 5L), (v.First!.Kind, v.First.Height!.Value));
        Assert.Equal(ChainVerifier.MaxProblems, v.Problems.Count);
        Assert.True(v.ProblemsTruncated);
    }

    [Fact]
    public void FromACheckpoint_OnlyTheLinksAboveItAreVerified()
    {
        var chain = Chain(10);
        var verifier = new ChainVerifier([], (chain[5].Height, chain[5].Hash));
        foreach (var l in chain.Skip(6)) verifier.Observe(l, l.ContentHash);
        Assert.True(verifier.Finish(_ => null).Ok);

        var rewritten = new ChainVerifier([], (chain[5].Height, H(1))); // the head it starts from is not the one they chain to
        foreach (var l in chain.Skip(6)) rewritten.Observe(l, l.ContentHash);
        var verdict = rewritten.Finish(_ => null);
        Assert.Equal(ChainProblemKind.Deleted, verdict.First!.Kind);
        Assert.Equal(7, verdict.First.Height);
    }

    [Fact]
    public void ACheckpointAboveTheHead_MeansTheTailWasCut()
    {
        var chain = Chain(10);
        var v = Verify(chain.Take(7), checkpoints: [Claim(1, chain[9])]);
        Assert.Equal(ChainProblemKind.Deleted, v.First!.Kind);
        Assert.Contains("chain ends at 7", v.First.Message);
    }

    [Fact]
    public void UnsealedRecords_AreInsertions_ListedAfterTheChainsProblems()
    {
        var chain = Chain(5);
        var verifier = new ChainVerifier([]);
        foreach (var l in chain) verifier.Observe(l, l.Height == 2 ? H(0) : l.ContentHash);
        var stray = new SealedKey(SealedKind.BudgetDecision, Guid.NewGuid(), 0);
        verifier.ObserveUnsealed(stray);
        var v = verifier.Finish(_ => null);
        Assert.Equal([ChainProblemKind.Edited, ChainProblemKind.Inserted], v.Problems.Select(p => p.Kind));
        Assert.Equal(stray, v.Problems[1].Record);
        Assert.Equal(1, v.UnsealedRecords);
    }

    [Fact]
    public void ACheckpoint_CoversItsNumberHeightHashTimeAndKey_AndNeedsTheChainToHaveGrown()
    {
        var chain = Chain(3);
        byte[]? signed = null;
        var first = ChainCheckpoint.Make(null, chain[1], new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero).AddTicks(7), "00112233aabbccdd",
            data => { signed = data; return new byte[64]; });
        Assert.Equal(1, first.Number);
        Assert.Equal($"vouchers.chain-checkpoint.v1\nnumber=1\nheight=2\nhash={Convert.ToHexStringLower(chain[1].Hash)}\nat=2026-11-22T08:00:00.000000Z\nkid=00112233aabbccdd\n",
            Encoding.UTF8.GetString(signed!));
        Assert.Throws<InvalidOperationException>(() => ChainCheckpoint.Make(first, chain[1], DateTimeOffset.UnixEpoch, "k", _ => new byte[64]));
        Assert.Equal(2, ChainCheckpoint.Make(first, chain[2], DateTimeOffset.UnixEpoch, "k", _ => new byte[64]).Number);
    }
}
