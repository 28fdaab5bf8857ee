using Vouchers.Api.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Integrity;
using Vouchers.Domain.Sealing;
using Vouchers.Infrastructure.Sealing;

namespace Vouchers.Api.Tests;

/// <summary>
/// A real service writes a real ledger (vouchers issued, paid, clawed back, cancelled), a checkpoint is published and
/// kept, then each test plays a database administrator on its own copy of the database file — editing, deleting,
/// inserting, reordering, rewriting consistently — and the verifier, reading that file directly, must name the
/// tampering and the first record it touched.
/// </summary>
public sealed class TamperedLedgerFixture : IAsyncLifetime
{
    public ApiFactory Factory { get; } = new();
    public string PublishedCheckpointsJson { get; private set; } = "";
    public string PublishedKeysJson { get; private set; } = "";
    /// <summary>Heights and records of the chain as sealed, for choosing what to tamper with.</summary>
    public List<(long Height, SealedKind Kind, Guid Id, int Sequence)> Links { get; } = [];
    public long CheckpointHeight { get; private set; }
    public long RecordsAfterCheckpoint { get; private set; }

    public async Task InitializeAsync()
    {
        var s = new Scenario(Factory);
        var paid = await s.Issued(12_000_000);
        await s.Redeem(paid, 20_000_000);
        await s.Accepted(paid);
        await s.PaidOut(paid, "UNC-KBNN-TAMPER-1");
        await s.Finance2.Post($"/api/finance/vouchers/{paid}/claw-back", new { amount = 1_000_000, reason = "Thu hồi một phần theo kết luận thanh tra" }, TestHttp.Key()).Ok();
        var cancelled = await s.Issued(5_000_000);
        await s.Finance.Post($"/api/finance/vouchers/{cancelled}/cancel", new { reason = "Không đủ điều kiện" }, TestHttp.Key()).Ok();

        var made = await s.Admin.Post("/api/admin/ledger/checkpoints", null).Ok();
        CheckpointHeight = made["checkpoint"]!["height"]!.GetValue<long>();
        PublishedCheckpointsJson = await s.Public.GetStringAsync("/api/public/ledger/checkpoints");
        PublishedKeysJson = await s.Public.GetStringAsync("/api/public/ledger/checkpoint-keys");

        // more history after the checkpoint, which no published digest covers yet
        var later = await s.Issued(3_000_000);
        await s.Redeem(later, 6_000_000);

        await using var db = Factory.Database.Open();
        foreach (var l in await db.ChainLinks.AsNoTracking().OrderBy(l => l.Height).ToListAsync())
            Links.Add((l.Height, l.Kind, l.RecordId, l.RecordSequence));
        RecordsAfterCheckpoint = Links.Count - CheckpointHeight;
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A consistent copy of the live database.</summary>
    public TestDatabase Copy() => Factory.Database.Copy();

    /// <summary>What an auditor's run of the verifier says about <paramref name="database"/>, with the published checkpoints and keys they kept.</summary>
    public async Task<LedgerVerification> Verify(TestDatabase database, bool withPublished = true)
    {
        await using var db = database.Open();
        var keys = CheckpointKeys.FromJwks(PublishedKeysJson);
        var published = withPublished ? LedgerCommand.ReadCheckpoints(PublishedCheckpointsJson).Select(c => c.ToCheckpoint()).ToList() : [];
        return await new LedgerVerifier(db, keys).VerifyAsync(published, "published", CancellationToken.None);
    }
}

public class LedgerTamperingTests(TamperedLedgerFixture f) : IClassFixture<TamperedLedgerFixture>, IDisposable
{
    private readonly List<TestDatabase> _copies = [];

    public void Dispose()
    {
        foreach (var copy in _copies) copy.Dispose();
    }

    private TestDatabase Copy()
    {
        var copy = f.Copy();
        _copies.Add(copy);
        return copy;
    }

    private static void Sql(TestDatabase db, string sql, params (string Name, object Value)[] parameters) => db.Execute(sql, parameters);

    private (long Height, SealedKind Kind, Guid Id, int Sequence) Transfer(int nth = 0, bool beforeCheckpoint = true) =>
        f.Links.Where(l => l.Kind == SealedKind.Transfer && (!beforeCheckpoint || l.Height <= f.CheckpointHeight)).Skip(nth).First();

    private object Id(Guid id) => f.Factory.Database.Id(id); // as the provider stores a Guid

    private static void AssertFirst(LedgerVerification v, string kind, long? height, Guid? record = null)
    {
        Assert.False(v.Ok);
        Assert.NotNull(v.FirstProblem);
        Assert.True(kind == v.FirstProblem!.Kind, $"expected {kind}, got {v.FirstProblem.Kind}: {v.FirstProblem.Message}");
        Assert.Equal(height, v.FirstProblem.Height);
        if (record is not null) Assert.Equal(record, v.FirstProblem.RecordId);
    }

    [Fact]
    public async Task TheUntouchedLedger_Verifies_AndSaysWhatNoCheckpointCoversYet()
    {
        var v = await f.Verify(Copy());
        Assert.True(v.Ok, string.Join("\n", v.Problems.Select(p => p.Message)));
        Assert.Equal(f.Links.Count, v.Links);
        Assert.Equal(0, v.UnsealedRecords);
        Assert.Equal(2, v.CheckpointsChecked); // the stored one and the published copy of it
        Assert.Equal(f.CheckpointHeight, v.LastCheckpointHeight);
        Assert.Equal(f.RecordsAfterCheckpoint, v.LinksAfterLastCheckpoint);
        Assert.True(f.RecordsAfterCheckpoint > 0);
        Assert.Equal(f.Links.Count(l => l.Kind == SealedKind.Transfer), v.TransfersReplayed);
        Assert.Contains(f.Links, l => l.Kind == SealedKind.BudgetDecision);
        Assert.Contains(f.Links, l => l.Kind == SealedKind.VoucherTransition);
    }

    [Fact]
    public async Task AnEditedAmount_IsNamed_WithTheAccountsItThrowsOff()
    {
        var copy = Copy();
        var target = Transfer(3);
        Sql(copy, "UPDATE \"LedgerTransfers\" SET \"Amount\" = \"Amount\" + 1 WHERE \"Id\" = @id", ("@id", Id(target.Id)));

        var v = await f.Verify(copy);
        AssertFirst(v, "edited", target.Height, target.Id);
        Assert.NotEmpty(v.AccountsDisagreeingWithReplay);
        Assert.Contains(v.Problems, p => p.Kind == "balance-drift");
    }

    [Fact]
    public async Task AnEditedReason_InNfdInsteadOfNfc_IsAnEdit()
    {
        var copy = Copy();
        var transition = f.Links.First(l => l.Kind == SealedKind.VoucherTransition && l.Sequence == 2);
        string reason;
        await using (var db = copy.Open())
            reason = (await db.Vouchers.AsNoTracking().Where(v => v.Id == transition.Id).SelectMany(v => v.History)
                .Where(h => h.Sequence == 2).Select(h => h.Reason).SingleAsync())!;
        Sql(copy, "UPDATE \"VoucherTransitions\" SET \"Reason\" = @r WHERE \"VoucherId\" = @v AND \"Sequence\" = 2",
            ("@r", "Đủ điều kiện".Normalize(System.Text.NormalizationForm.FormD)), ("@v", Id(transition.Id)));
        Assert.Equal("Đủ điều kiện", reason); // it was NFC; the only change is the form

        var v = await f.Verify(copy);
        AssertFirst(v, "edited", transition.Height, transition.Id);
        Assert.Equal("VoucherTransition", v.FirstProblem!.RecordKind);
        Assert.Equal(2, v.FirstProblem.RecordSequence);
    }

    [Fact]
    public async Task AKindEditedToANameNoVersionWrote_IsAnEdit_NotACrash()
    {
        var copy = Copy();
        var target = Transfer(1);
        Sql(copy, "UPDATE \"LedgerTransfers\" SET \"Kind\" = 'Gift' WHERE \"Id\" = @id", ("@id", Id(target.Id)));

        var v = await f.Verify(copy);
        AssertFirst(v, "edited", target.Height, target.Id); // the verifier's reader takes the row as unreadable, and unreadable never hashes to a seal
        Assert.Equal(f.Links.Count, v.Links);
    }

    [Fact]
    public async Task ADeletedTransfer_IsNamed()
    {
        var copy = Copy();
        var target = Transfer(2);
        Sql(copy, "DELETE FROM \"LedgerTransfers\" WHERE \"Id\" = @id", ("@id", Id(target.Id)));

        var v = await f.Verify(copy);
        AssertFirst(v, "deleted", target.Height, target.Id);
    }

    [Fact]
    public async Task ADeletedTransferAndItsLink_LeaveAGap()
    {
        var copy = Copy();
        var target = Transfer(2);
        Sql(copy, "DELETE FROM \"LedgerTransfers\" WHERE \"Id\" = @id; DELETE FROM \"ChainLinks\" WHERE \"Height\" = @h",
            ("@id", Id(target.Id)), ("@h", target.Height));

        var v = await f.Verify(copy);
        AssertFirst(v, "deleted", target.Height);
        Assert.Contains(target.Height.ToString(), v.FirstProblem!.Message);
    }

    [Fact]
    public async Task ADeletedTransferWithTheHeightsClosedUp_IsStillFound()
    {
        var copy = Copy();
        var target = Transfer(2);
        Sql(copy, "DELETE FROM \"LedgerTransfers\" WHERE \"Id\" = @id; DELETE FROM \"ChainLinks\" WHERE \"Height\" = @h; " +
                  "UPDATE \"ChainLinks\" SET \"Height\" = \"Height\" + 1000000 WHERE \"Height\" > @h; " +
                  "UPDATE \"ChainLinks\" SET \"Height\" = \"Height\" - 1000001 WHERE \"Height\" > 1000000",
            ("@id", Id(target.Id)), ("@h", target.Height));

        var v = await f.Verify(copy);
        AssertFirst(v, "deleted", target.Height);
        // and the checkpoint no longer matches the link at its height
        Assert.Contains(v.Problems, p => p.Kind == "rewritten" && p.Height == f.CheckpointHeight);
    }

    [Fact]
    public async Task ATransferWrittenAroundTheService_IsAnUnsealedInsert()
    {
        var copy = Copy();
        var template = Transfer(4);
        var forged = Guid.NewGuid();
        Sql(copy, "INSERT INTO \"LedgerTransfers\" SELECT @new, \"DebitAccountId\", \"CreditAccountId\", \"Amount\", \"Kind\", \"Phase\", NULL, " +
                  "\"CorrelationId\", \"Reference\", \"Reason\", \"VoucherId\", \"ProviderId\", \"Timestamp\" FROM \"LedgerTransfers\" WHERE \"Id\" = @id",
            ("@new", Id(forged)), ("@id", Id(template.Id)));

        var v = await f.Verify(copy);
        AssertFirst(v, "inserted", null, forged);
        Assert.Equal(1, v.UnsealedRecords);
    }

    [Fact]
    public async Task ALinkSlippedIntoTheMiddle_WithAValidHashOfItsOwn_IsAnInsert()
    {
        var copy = Copy();
        var at = Transfer(3);
        var template = Transfer(4);
        var forged = Guid.NewGuid();
        Sql(copy, "INSERT INTO \"LedgerTransfers\" SELECT @new, \"DebitAccountId\", \"CreditAccountId\", \"Amount\", \"Kind\", \"Phase\", NULL, " +
                  "\"CorrelationId\", \"Reference\", \"Reason\", \"VoucherId\", \"ProviderId\", \"Timestamp\" FROM \"LedgerTransfers\" WHERE \"Id\" = @id",
            ("@new", Id(forged)), ("@id", Id(template.Id)));
        byte[] previous, content;
        await using (var db = copy.Open())
        {
            previous = (await db.ChainLinks.SingleAsync(l => l.Height == at.Height - 1)).Hash;
            content = Canonical.Hash(Canonical.Of(await db.LedgerTransfers.AsNoTracking().SingleAsync(t => t.Id == forged)));
        }
        Sql(copy, "UPDATE \"ChainLinks\" SET \"Height\" = \"Height\" + 1000000 WHERE \"Height\" >= @h; " +
                  "UPDATE \"ChainLinks\" SET \"Height\" = \"Height\" - 999999 WHERE \"Height\" > 1000000; " +
                  "INSERT INTO \"ChainLinks\" VALUES (@h, 1, @id, 0, @content, @prev, @hash)",
            ("@h", at.Height), ("@id", Id(forged)), ("@content", content), ("@prev", previous), ("@hash", ChainLink.HashOf(previous, content)));

        var v = await f.Verify(copy);
        AssertFirst(v, "inserted", at.Height);
        Assert.Equal(0, v.UnsealedRecords);
    }

    [Fact]
    public async Task TwoLinksSwapped_AreReordered()
    {
        var copy = Copy();
        var first = Transfer(2);
        var second = Transfer(5);
        Sql(copy, "UPDATE \"ChainLinks\" SET \"Height\" = -1 WHERE \"Height\" = @a; UPDATE \"ChainLinks\" SET \"Height\" = @a WHERE \"Height\" = @b; " +
                  "UPDATE \"ChainLinks\" SET \"Height\" = @b WHERE \"Height\" = -1", ("@a", first.Height), ("@b", second.Height));

        var v = await f.Verify(copy);
        AssertFirst(v, "reordered", first.Height, second.Id);
        Assert.DoesNotContain(v.Problems, p => p.Kind is "edited" or "deleted" or "inserted");
    }

    [Fact]
    public async Task TwoNeighboursSwapped_AreReordered_NotAnInsert()
    {
        var copy = Copy();
        var first = Transfer(3);
        Sql(copy, "UPDATE \"ChainLinks\" SET \"Height\" = -1 WHERE \"Height\" = @a; UPDATE \"ChainLinks\" SET \"Height\" = @a WHERE \"Height\" = @b; " +
                  "UPDATE \"ChainLinks\" SET \"Height\" = @b WHERE \"Height\" = -1", ("@a", first.Height), ("@b", first.Height + 1));

        var v = await f.Verify(copy);
        AssertFirst(v, "reordered", first.Height);
        Assert.All(v.Problems.Where(p => p.Kind != "rewritten"), p => Assert.Equal("reordered", p.Kind));
    }

    /// <summary>
    /// The attacker edits an amount and recomputes every hash from there to the head, and the balances too, so the
    /// chain agrees with itself and with the accounts. Only a checkpoint signed before can contradict it.
    /// </summary>
    private async Task<TestDatabase> RewriteConsistently((long Height, SealedKind Kind, Guid Id, int Sequence) target)
    {
        var copy = Copy();
        Sql(copy, "UPDATE \"LedgerTransfers\" SET \"Amount\" = \"Amount\" - 1 WHERE \"Id\" = @id", ("@id", Id(target.Id)));
        await using var db = copy.Open();
        var edited = await db.LedgerTransfers.AsNoTracking().SingleAsync(t => t.Id == target.Id);
        Sql(copy, "UPDATE \"LedgerAccounts\" SET \"DebitsPosted\" = \"DebitsPosted\" - 1 WHERE \"Id\" = @d; " +
                  "UPDATE \"LedgerAccounts\" SET \"CreditsPosted\" = \"CreditsPosted\" - 1 WHERE \"Id\" = @c",
            ("@d", Id(edited.DebitAccountId)), ("@c", Id(edited.CreditAccountId)));
        var links = await db.ChainLinks.AsNoTracking().Where(l => l.Height >= target.Height).OrderBy(l => l.Height).ToListAsync();
        var previous = (await db.ChainLinks.AsNoTracking().SingleAsync(l => l.Height == target.Height - 1)).Hash;
        foreach (var link in links)
        {
            var content = link.Height == target.Height ? Canonical.Hash(Canonical.Of(edited)) : link.ContentHash;
            var hash = ChainLink.HashOf(previous, content);
            Sql(copy, "UPDATE \"ChainLinks\" SET \"ContentHash\" = @c, \"PreviousHash\" = @p, \"Hash\" = @h WHERE \"Height\" = @height",
                ("@c", content), ("@p", previous), ("@h", hash), ("@height", link.Height));
            previous = hash;
        }
        return copy;
    }

    [Fact]
    public async Task AConsistentRewrite_ContradictsTheStoredCheckpoint()
    {
        var target = Transfer(1, beforeCheckpoint: true);
        Assert.Equal(SealedKind.Transfer, target.Kind);
        Assert.Equal(1, f.Links.Count(l => l.Height == target.Height));
        var copy = await RewriteConsistently(target);

        var v = await f.Verify(copy, withPublished: false);
        AssertFirst(v, "rewritten", f.CheckpointHeight);
        Assert.Single(v.Problems); // nothing else gives it away: the chain and the balances agree with themselves
        Assert.Contains("Checkpoint 1 (stored", v.FirstProblem!.Message);
        Assert.Contains("rewritten", v.FirstProblem.Message);
    }

    [Fact]
    public async Task AConsistentRewrite_WithTheStoredCheckpointsDeleted_OnlyAPublishedCopyCatches()
    {
        var copy = await RewriteConsistently(Transfer(1));
        Sql(copy, "DELETE FROM \"ChainCheckpoints\"");

        var alone = await f.Verify(copy, withPublished: false);
        Assert.True(alone.Ok); // the limit of a chain on its own: this is why checkpoints are published
        var held = await f.Verify(copy);
        AssertFirst(held, "rewritten", f.CheckpointHeight);
        Assert.Contains("published", held.FirstProblem!.Message);
    }

    [Fact]
    public async Task AStoredCheckpointReHashedToMatchARewrite_FailsItsSignature()
    {
        var copy = await RewriteConsistently(Transfer(1));
        byte[] head;
        await using (var db = copy.Open())
            head = (await db.ChainLinks.SingleAsync(l => l.Height == f.CheckpointHeight)).Hash;
        Sql(copy, "UPDATE \"ChainCheckpoints\" SET \"Hash\" = @h", ("@h", head));

        var v = await f.Verify(copy, withPublished: false);
        Assert.False(v.Ok);
        Assert.Contains(v.Problems, p => p.Kind == "bad-checkpoint");
        Assert.DoesNotContain(v.Problems, p => p.Kind == "rewritten"); // a forged checkpoint is not trusted either way
    }

    [Fact]
    public async Task TheEndOfTheChainCutOff_BelowACheckpoint_IsADeletion()
    {
        var copy = Copy();
        var cut = f.CheckpointHeight - 1;
        var gone = f.Links.Where(l => l.Height >= cut).ToList();
        foreach (var l in gone.Where(l => l.Kind == SealedKind.Transfer))
            Sql(copy, "DELETE FROM \"LedgerTransfers\" WHERE \"Id\" = @id", ("@id", Id(l.Id)));
        foreach (var l in gone.Where(l => l.Kind == SealedKind.VoucherTransition))
            Sql(copy, "DELETE FROM \"VoucherTransitions\" WHERE \"VoucherId\" = @id AND \"Sequence\" = @s", ("@id", Id(l.Id)), ("@s", l.Sequence));
        Sql(copy, "DELETE FROM \"ChainLinks\" WHERE \"Height\" >= @h", ("@h", cut));

        var v = await f.Verify(copy);
        Assert.False(v.Ok);
        Assert.Contains(v.Problems, p => p.Kind == "deleted" && p.Message.Contains("chain ends at", StringComparison.Ordinal));
        Assert.Equal(cut - 1, v.HeadHeight);
    }

    [Fact]
    public async Task TheAuditorEndpoint_SeesTheTamperingOfTheLiveDatabase_AndTheCommandLineToo()
    {
        // it tampers the live database, so it has a service of its own rather than the class's
        using var factory = new ApiFactory();
        var s = new Scenario(factory);
        var id = await s.Issued(4_000_000);
        var ok = await s.Auditor.GetAsync("/api/auditor/ledger/verify").Ok();
        Assert.True(ok["ok"]!.GetValue<bool>(), ok.ToJsonString());
        var commitment = (await s.Auditor.GetAsync($"/api/auditor/ledger/transfers?voucherId={id}").Ok())["items"]![0]!["id"]!.GetValue<string>();

        factory.Database.Execute("UPDATE \"LedgerTransfers\" SET \"Amount\" = 40000000 WHERE \"Id\" = @id", ("@id", factory.Database.Id(Guid.Parse(commitment))));

        var verdict = await s.Auditor.GetAsync("/api/auditor/ledger/verify").Ok();
        Assert.False(verdict["ok"]!.GetValue<bool>());
        // and the tampered head is not signed as a checkpoint
        var refused = await s.Admin.Post("/api/admin/ledger/checkpoints").Problem(409);
        Assert.Equal("ledger.chain-broken", refused["code"]!.GetValue<string>());
        Assert.Contains(commitment, refused["detail"]!.GetValue<string>());
        Assert.Equal(0, (await s.Public.GetAsync("/api/public/ledger/checkpoints").Ok())["total"]!.GetValue<int>());
        Assert.Equal("edited", verdict["firstProblem"]!["kind"]!.GetValue<string>());
        Assert.Equal(commitment, verdict["firstProblem"]!["recordId"]!.GetValue<string>());
        await s.Public.GetAsync("/api/auditor/ledger/verify").Ok(401);

        var output = new StringWriter();
        var code = await LedgerCommand.RunAsync(factory.Services, ["verify"], output, new StringWriter());
        Assert.Equal(1, code);
        Assert.Contains("TAMPERED", output.ToString());
        Assert.Contains(commitment, output.ToString());
    }

    [Fact]
    public async Task PublishedCheckpoints_WithABadField_AreRefusedAsProblemDetails()
    {
        var s = new Scenario(f.Factory);
        var page = JsonNode.Parse(f.PublishedCheckpointsJson)!;
        var good = page["items"]!.AsArray();
        var agreed = await s.Auditor.Post("/api/auditor/ledger/verify", new { publishedCheckpoints = good }).Ok();
        Assert.True(agreed["ok"]!.GetValue<bool>(), agreed.ToJsonString());
        Assert.Equal(2, agreed["checkpointsChecked"]!.GetValue<int>());

        var bad = good[0]!.DeepClone();
        bad["hash"] = "not-hex";
        var refused = await s.Auditor.Post("/api/auditor/ledger/verify", new { publishedCheckpoints = new[] { bad } }).Problem(400);
        Assert.Contains("hash", refused.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(refused["errors"]!.AsObject(), e => e.Key.EndsWith("Hash", StringComparison.OrdinalIgnoreCase));

        // a well-formed checkpoint that was never signed by the service is reported, not trusted
        var forged = good[0]!.DeepClone();
        forged["height"] = 1;
        var verdict = await s.Auditor.Post("/api/auditor/ledger/verify", new { publishedCheckpoints = new[] { forged } }).Ok();
        Assert.Equal("bad-checkpoint", verdict["firstProblem"]!["kind"]!.GetValue<string>());
    }
}
