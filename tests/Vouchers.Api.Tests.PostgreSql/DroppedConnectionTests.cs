using System.Net;
using Npgsql;

namespace Vouchers.Api.Tests.PostgreSql;

/// <summary>
/// The database connection drops around the commit of a money-moving command (<see cref="FaultyLink"/> between the
/// service and PostgreSQL). Whether the commit happened or not, the client is told to retry with the same key, and
/// the retry neither loses the effect nor applies it twice.
/// </summary>
public sealed class DroppedConnectionTests : IAsyncLifetime
{
    private readonly ApiFactory _factory = new();
    private FaultyLink _link = null!;
    private Scenario _s = null!;

    public async Task InitializeAsync()
    {
        var direct = new NpgsqlConnectionStringBuilder(_factory.Database.ConnectionString);
        _link = new FaultyLink(direct.Host!, direct.Port);
        _factory.Settings["ConnectionStrings:Vouchers"] = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Port = _link.Port }.ToString();
        _s = new Scenario(_factory);
        await _s.Program(); // started: migrated and seeded through the link
    }

    public async Task DisposeAsync()
    {
        _factory.Dispose();
        await _link.DisposeAsync();
    }

    private async Task<(string Id, string Key)> Recommended(long amount)
    {
        var id = await _s.Apply(amount);
        await _s.Recommend(id);
        return (id, TestHttp.Key());
    }

    private async Task<(string Status, int Commitments)> Voucher(string id)
    {
        var voucher = await _s.Auditor.GetAsync($"/api/auditor/vouchers/{id}").Ok();
        var transfers = await _s.Auditor.GetAsync($"/api/auditor/ledger/transfers?voucherId={id}").Ok();
        return (voucher["voucher"]!["status"]!.GetValue<string>(), transfers["items"]!.AsArray().Count(t => t!["kind"]!.GetValue<string>() == "Commitment"));
    }

    /// <summary>Sends the call with the link armed: the connection drops at <paramref name="fault"/>, the client is told 503 and to retry.</summary>
    private async Task Lost(FaultyLink.Fault fault, Func<Task<HttpResponseMessage>> call)
    {
        var fired = _link.Fired;
        _link.Arm(fault);
        var lost = await call().Problem(503);
        Assert.Equal(fired + 1, _link.Fired);
        Assert.Equal("database.unavailable", lost["code"]!.GetValue<string>());
    }

    private Task<HttpResponseMessage> Approve(string id, string key) => _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, key);

    [Fact]
    public async Task DroppedAfterTheCommit_TheRetryIsAnsweredFromTheStoredResult_NotAppliedTwice()
    {
        var (id, key) = await Recommended(7_000_000);
        var before = await _s.Position();

        await Lost(FaultyLink.Fault.AfterCommit, () => Approve(id, key));
        Assert.Equal(("Issued", 1), await Voucher(id)); // it was committed; the service could not know

        var retry = await Approve(id, key);
        var body = await retry.Content.ReadAsStringAsync();
        Assert.True(retry.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(id, System.Text.Json.Nodes.JsonNode.Parse(body)!["id"]!.GetValue<string>());
        Assert.Equal("Issued", System.Text.Json.Nodes.JsonNode.Parse(body)!["status"]!.GetValue<string>());
        var again = await Approve(id, key);
        Assert.Equal(body, await again.Content.ReadAsStringAsync()); // the same stored answer every time

        Assert.Equal(("Issued", 1), await Voucher(id));
        var after = await _s.Position();
        Assert.Equal(before["committed"]!.GetValue<long>() + 7_000_000, after["committed"]!.GetValue<long>());
        await _s.AssertLedgerHolds();
    }

    [Fact]
    public async Task DroppedBeforeTheCommit_NothingWasApplied_AndTheRetryAppliesItOnce()
    {
        var (id, key) = await Recommended(6_000_000);
        var before = await _s.Position();

        await Lost(FaultyLink.Fault.BeforeCommit, () => Approve(id, key));
        Assert.Equal(("Recommended", 0), await Voucher(id)); // rolled back with the connection
        Assert.Equal(before.ToJsonString(), (await _s.Position()).ToJsonString());

        var retry = await Approve(id, key);
        Assert.True(retry.StatusCode == HttpStatusCode.OK, await retry.Content.ReadAsStringAsync());
        Assert.False(retry.Headers.Contains("Idempotent-Replayed")); // it ran now, for the first time
        Assert.Equal(("Issued", 1), await Voucher(id));
        Assert.Equal(before["committed"]!.GetValue<long>() + 6_000_000, (await _s.Position())["committed"]!.GetValue<long>());
        await _s.AssertLedgerHolds();
    }

    [Fact]
    public async Task DroppedAfterTheCommitOfAPayment_TheRetryDoesNotPayTwice()
    {
        var id = await _s.Issued(5_000_000);
        await _s.Redeem(id, 10_000_000);
        await _s.Accepted(id);
        await _s.Settled(id);
        var key = TestHttp.Key();
        var before = await _s.Position();

        await Lost(FaultyLink.Fault.AfterCommit, () => _s.Finance3.Post($"/api/finance/vouchers/{id}/disburse", new { paymentReference = "UNC-KBNN-DROP-1" }, key));
        var retry = await _s.Finance3.Post($"/api/finance/vouchers/{id}/disburse", new { paymentReference = "UNC-KBNN-DROP-1" }, key).Ok();
        Assert.Equal("Paid", retry["status"]!.GetValue<string>());

        var transfers = await _s.Auditor.GetAsync($"/api/auditor/ledger/transfers?voucherId={id}").Ok();
        Assert.Single(transfers["items"]!.AsArray(), t => t!["kind"]!.GetValue<string>() == "Disbursement");
        var after = await _s.Position();
        Assert.Equal(before["disbursed"]!.GetValue<long>() + 5_000_000, after["disbursed"]!.GetValue<long>());
        await _s.AssertLedgerHolds();
    }
}
