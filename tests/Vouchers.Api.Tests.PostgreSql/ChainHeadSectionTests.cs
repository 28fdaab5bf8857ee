using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Vouchers.Domain.Sealing;
using Vouchers.Domain.Vouchers;
using Vouchers.Infrastructure.Demo;
using Vouchers.Infrastructure.Persistence;

namespace Vouchers.Api.Tests.PostgreSql;

/// <summary>
/// The chain head is held only inside COMMIT (ADR 0022; before it, from the head's read to the commit, ADR 0017), never
/// from a money command's first read. These tests stop a command at its commit — its work written, not committed — or
/// hold the head from another session so that commands wait inside their COMMIT, and look at what the others can do
/// meanwhile, and at what a connection lost right there leaves behind.
/// </summary>
public sealed class ChainHeadSectionTests(ChainHeadGatedFactory factory) : IClassFixture<ChainHeadGatedFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly Scenario _s = new(factory);

    private DateOnly Today => DateOnly.FromDateTime(factory.Clock.GetUtcNow().AddHours(7).DateTime);

    private async Task<string> StatusOf(string id) =>
        (await _s.Auditor.GetAsync($"/api/auditor/vouchers/{id}").Ok())["voucher"]!["status"]!.GetValue<string>();

    /// <summary>Arms the gate at a sealing commit: the next command to reach it reports its backend and waits for <paramref name="release"/>.</summary>
    private TaskCompletionSource<int> HoldAtTheCommit(Task release)
    {
        var arrived = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        factory.ChainHead.Arm(ChainHeadInterceptor.Step.Commit, async command =>
        {
            arrived.SetResult(((NpgsqlConnection)command.Connection!).ProcessID);
            await release;
        });
        return arrived;
    }

    /// <summary>Whether some open transaction holds the voucher's row (it wrote it and has not committed).</summary>
    private bool RowIsHeld(string voucherId)
    {
        using var c = factory.Database.OpenConnection();
        using var tx = c.BeginTransaction();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """SELECT 1 FROM "Vouchers" WHERE "Id" = @id FOR UPDATE NOWAIT""";
        cmd.Parameters.Add(new NpgsqlParameter("id", Guid.Parse(voucherId)));
        try
        {
            cmd.ExecuteScalar();
            return false;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return true;
        }
    }

    [Fact]
    public async Task ACommandHeldAtItsCommit_DoesNotStopAnotherBudgetsCommand_ItsOwnEnvelopeWaits_AndAllAreSealedInCommitOrder()
    {
        var programId = await _s.NewConsultingProgram(100_000_000, Today);
        var x = await _s.Apply(10_000_000, programId: programId);
        await _s.Recommend(x);
        var z = await _s.Apply(10_000_000, programId: programId);
        await _s.Recommend(z);
        var y = await _s.Issued(5_000_000); // the demo program: another envelope, another fund account
        var token = await _s.Token(y);
        var consultant = _s.Provider(await _s.ProviderId(DemoData.ConsultantTaxCode));

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = HoldAtTheCommit(release.Task);
        var a = _s.Finance.Post($"/api/finance/vouchers/{x}/approve", new { }, TestHttp.Key()); // A: its commitment on the new envelope
        Task<HttpResponseMessage>? b2 = null;
        try
        {
            await held.Task.WaitAsync(Patience);
            // A's work is written and not committed: it holds its voucher's row, and nobody sees the voucher changed
            Assert.True(RowIsHeld(x), "A reached its commit before writing its voucher");
            Assert.Equal("Recommended", await StatusOf(x));

            // B1, a money command on another budget, runs whole and commits while A waits at its commit (a second later by the clock)
            factory.Clock.Advance(TimeSpan.FromSeconds(1));
            var b1 = await consultant.Post("/api/provider/vouchers/redeem", new { token, contractValue = 10_000_000, contractNumber = "HĐ-HEAD-1" }, TestHttp.Key())
                .WaitAsync(Patience).Ok();
            Assert.Equal("Redeemed", b1["status"]!.GetValue<string>());

            // B2, an approval on A's envelope, waits for A's accounts, not for the head
            b2 = _s.Finance.Post($"/api/finance/vouchers/{z}/approve", new { }, TestHttp.Key());
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(b2.IsCompleted, "an approval on the same envelope went through while A held that envelope's rows");
            Assert.False(a.IsCompleted);
        }
        finally
        {
            release.TrySetResult();
        }
        Assert.Equal("Issued", (await a.WaitAsync(Patience).Ok())["status"]!.GetValue<string>());
        Assert.Equal("Issued", (await b2!.WaitAsync(Patience).Ok())["status"]!.GetValue<string>());

        // heights follow the commits (B1, A, B2), not the instants the commands stamped: A's approval is older than B1's redemption
        await using var db = factory.Database.Open();
        async Task<(long Height, DateTimeOffset At)> Sealed(string voucherId, VoucherTrigger trigger)
        {
            var id = Guid.Parse(voucherId);
            var transition = (await db.Vouchers.AsNoTracking().Where(v => v.Id == id).SelectMany(v => v.History).ToListAsync()).Single(t => t.Trigger == trigger);
            var link = await db.ChainLinks.AsNoTracking().SingleAsync(l => l.Kind == SealedKind.VoucherTransition && l.RecordId == id && l.RecordSequence == transition.Sequence);
            return (link.Height, transition.At);
        }
        var (hA, atA) = await Sealed(x, VoucherTrigger.Approve);
        var (hB1, atB1) = await Sealed(y, VoucherTrigger.Redeem);
        var (hB2, _) = await Sealed(z, VoucherTrigger.Approve);
        Assert.True(hB1 < hA && hA < hB2, $"heights B1 {hB1}, A {hA}, B2 {hB2}");
        Assert.True(atA < atB1, $"A was stamped at {atA:O}, B1 at {atB1:O}");

        var position = await _s.Finance.GetAsync($"/api/finance/funds/{(await _s.Public.GetAsync($"/api/public/programs/{programId}").Ok())["fundId"]}/positions/{Today.Year}").Ok();
        var program = position["programs"]!.AsArray().Single(p => p!["programId"]!.GetValue<string>() == programId)!;
        Assert.Equal(20_000_000, program["committed"]!.GetValue<long>());
        await TwoInstances.AssertEverythingHolds(_s, Today.Year);
    }

    [Fact]
    public async Task AConnectionKilledAtTheCommit_AfterTheWork_LeavesNothing_AndTheRetryAppliesOnce()
    {
        var id = await _s.Apply(7_000_000);
        await _s.Recommend(id);
        var key = TestHttp.Key();
        var before = await _s.Position();
        int links;
        await using (var db = factory.Database.Open()) links = await db.ChainLinks.CountAsync();

        factory.ChainHead.Arm(ChainHeadInterceptor.Step.Commit, async command =>
        {
            Assert.True(RowIsHeld(id)); // the work is written
            await Terminate(((NpgsqlConnection)command.Connection!).ProcessID);
        });
        var lost = await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, key);
        var body = await lost.Content.ReadAsStringAsync();
        Assert.False(factory.ChainHead.IsArmed);
        Assert.True(lost.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)lost.StatusCode}: {body}");
        Assert.Equal("database.unavailable", JsonNode.Parse(body)!["code"]!.GetValue<string>());

        Assert.Equal("Recommended", await StatusOf(id));
        Assert.Empty((await _s.Auditor.GetAsync($"/api/auditor/ledger/transfers?voucherId={id}").Ok())["items"]!.AsArray());
        Assert.Equal(before.ToJsonString(), (await _s.Position()).ToJsonString());
        await using (var db = factory.Database.Open()) Assert.Equal(links, await db.ChainLinks.CountAsync());

        var retry = await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, key);
        Assert.True(retry.StatusCode == HttpStatusCode.OK, await retry.Content.ReadAsStringAsync());
        Assert.False(retry.Headers.Contains("Idempotent-Replayed")); // it ran now, for the first time
        Assert.Equal("Issued", await StatusOf(id));
        Assert.Single((await _s.Auditor.GetAsync($"/api/auditor/ledger/transfers?voucherId={id}").Ok())["items"]!.AsArray());
        await using (var db = factory.Database.Open()) Assert.Equal(links + 2, await db.ChainLinks.CountAsync());
        Assert.Equal(before["committed"]!.GetValue<long>() + 7_000_000, (await _s.Position())["committed"]!.GetValue<long>());
        await TwoInstances.AssertEverythingHolds(_s, Today.Year);
    }

    /// <summary>Ends a backend from another session, and waits until it is gone.</summary>
    private async Task Terminate(int pid)
    {
        using var c = factory.Database.OpenConnection();
        using var kill = c.CreateCommand();
        kill.CommandText = $"SELECT pg_terminate_backend({pid}, 10000)";
        Assert.True((bool)(await kill.ExecuteScalarAsync())!);
    }

    /// <summary>The links of the chain, and the staged seals no COMMIT has taken (there should never be any after one).</summary>
    private async Task<(int Links, int Staged)> ChainCount()
    {
        await using var db = factory.Database.Open();
        return (await db.ChainLinks.CountAsync(),
            await db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM \"__ChainPending\"").SingleAsync());
    }

    /// <summary>The backends that wait for the chain-head lock, with the statement each is running.</summary>
    private List<(int Pid, string Query)> WaitingForTheHead()
    {
        using var c = factory.Database.OpenConnection();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT l.pid, a.query FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid " +
                          $"WHERE l.locktype = 'advisory' AND NOT l.granted AND l.objid = {VouchersDbContext.ChainHeadLock} " +
                          "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";
        using var r = cmd.ExecuteReader();
        var waiting = new List<(int, string)>();
        while (r.Read()) waiting.Add((r.GetInt32(0), r.GetString(1)));
        return waiting;
    }

    [Fact]
    public async Task TheHeadIsTakenInsideTheCommit_AfterAllTheWork_AndAConnectionKilledWaitingThere_LeavesNothing()
    {
        var id = await _s.Apply(6_000_000);
        await _s.Recommend(id);
        var key = TestHttp.Key();
        var before = await _s.Position();
        var (links, staged) = await ChainCount();
        Assert.Equal(0, staged);

        // another session holds the chain head (a session-level lock on the same key)
        using var holder = factory.Database.OpenConnection();
        using (var take = holder.CreateCommand())
        {
            take.CommandText = $"SELECT pg_advisory_lock({VouchersDbContext.ChainHeadLock})";
            await take.ExecuteScalarAsync();
        }
        var approve = _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, key);
        var deadline = DateTime.UtcNow + Patience;
        List<(int Pid, string Query)> waiting;
        while ((waiting = WaitingForTheHead()).Count == 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
        var (pid, query) = Assert.Single(waiting);
        // it waits in its COMMIT, with its work written: the head is taken after every other statement of the command
        Assert.Equal("COMMIT", query.Trim());
        Assert.True(RowIsHeld(id));
        Assert.False(approve.IsCompleted);
        Assert.Equal("Recommended", await StatusOf(id)); // nobody sees it before it is sealed

        await Terminate(pid);
        var lost = await approve.WaitAsync(Patience);
        var body = await lost.Content.ReadAsStringAsync();
        Assert.True(lost.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)lost.StatusCode}: {body}");
        using (var release = holder.CreateCommand())
        {
            release.CommandText = $"SELECT pg_advisory_unlock({VouchersDbContext.ChainHeadLock})";
            Assert.True((bool)(await release.ExecuteScalarAsync())!);
        }

        Assert.Equal("Recommended", await StatusOf(id));
        Assert.Empty((await _s.Auditor.GetAsync($"/api/auditor/ledger/transfers?voucherId={id}").Ok())["items"]!.AsArray());
        Assert.Equal(before.ToJsonString(), (await _s.Position()).ToJsonString());
        Assert.Equal((links, 0), await ChainCount());

        var retry = await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, key);
        Assert.True(retry.StatusCode == HttpStatusCode.OK, await retry.Content.ReadAsStringAsync());
        Assert.False(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("Issued", await StatusOf(id));
        Assert.Equal((links + 2, 0), await ChainCount()); // the staged row went with its seal
        await TwoInstances.AssertEverythingHolds(_s, Today.Year);
    }
}
