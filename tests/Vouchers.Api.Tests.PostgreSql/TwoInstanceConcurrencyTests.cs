using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Api.Tests.PostgreSql;

/// <summary>
/// Two API processes on one PostgreSQL, many clients at once: what one process serialises in memory cannot be what
/// keeps the money right, so these races are run across processes, over real HTTP, on real connections.
/// </summary>
public sealed class TwoInstanceConcurrencyTests(TwoInstances f) : IClassFixture<TwoInstances>
{
    private readonly Scenario _s = new(f.Balancer);

    [Fact]
    public async Task SixtyFourClientsRedeemingOneVoucher_AcrossBothProcesses_ExactlyOneWins()
    {
        const int providers = 8, usersPerProvider = 8;
        var providerIds = new List<Guid> { Guid.Parse(await _s.ProviderId(DemoData.ConsultantTaxCode)) };
        for (var i = 1; i < providers; i++) providerIds.Add(await _s.NewConsultant());
        var id = await _s.Issued(10_000_000);
        var token = await _s.Token(id);
        var before = await _s.Position();

        // every user its own client and connections, half of them bound to each process's address
        var clients = providerIds.SelectMany(p => Enumerable.Range(0, usersPerProvider).Select(u => (Provider: p, User: TestUser.Provider(p, $"cashier-{u}"))))
            .Select((c, i) => (c.Provider, Instance: i % 2 == 0 ? f.A : f.B, Client: (i % 2 == 0 ? f.A : f.B).As(c.User))).ToArray();
        Assert.Equal(64, clients.Length);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var results = new ConcurrentBag<(Guid Provider, Outcome Outcome)>();
        var attempts = clients.Select(async (c, i) =>
        {
            await gate.Task;
            results.Add((c.Provider, await Outcome.Of(c.Client.Post("/api/provider/vouchers/redeem",
                new { token, contractValue = 20_000_000, contractNumber = $"HĐ-PG-{i}" }, TestHttp.Key()), c.Instance.Name)));
        }).ToArray();
        gate.SetResult();
        await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Outcome.Status == HttpStatusCode.OK);
        Assert.All(results.Where(r => r != winner), r =>
        {
            Assert.True(r.Outcome.Status == HttpStatusCode.Conflict && r.Outcome.Code == "voucher.already-redeemed", r.Outcome.ToString());
        });

        var voucher = await _s.Auditor.GetAsync($"/api/auditor/vouchers/{id}").Ok();
        Assert.Equal("Redeemed", voucher["voucher"]!["status"]!.GetValue<string>());
        Assert.Equal(winner.Provider.ToString(), voucher["voucher"]!["providerId"]!.GetValue<string>());
        Assert.Single(voucher["history"]!.AsArray(), h => h!["to"]!.GetValue<string>() == "Redeemed");
        Assert.Equal(before.ToJsonString(), (await _s.Position()).ToJsonString()); // redemption moves no money
        await TwoInstances.AssertEverythingHolds(_s, (await _s.Program())["fiscalYear"]!.GetValue<int>());
        foreach (var c in clients) c.Client.Dispose();
    }

    [Fact]
    public async Task ParallelApprovalsOnBothProcesses_AgainstOneEnvelope_NeverCommitMoreThanIt_AndLeaveNothingPending()
    {
        // a fresh program with a 100M envelope, and 24 recommended applications of 20M each (480M asked)
        const long envelope = 100_000_000, each = 20_000_000;
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
        var programId = await _s.NewConsultingProgram(envelope, today);
        var fundId = (await _s.Public.GetAsync($"/api/public/programs/{programId}").Ok())["fundId"]!.GetValue<string>();
        var ids = new List<string>();
        for (var i = 0; i < 24; i++)
        {
            var id = await _s.Apply(each, programId: programId);
            await _s.Recommend(id);
            ids.Add(id);
        }

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var approvals = ids.Select(async (id, i) =>
        {
            var instance = i % 2 == 0 ? f.A : f.B;
            using var finance = instance.As(i % 4 < 2 ? TestUser.Finance : TestUser.Finance2);
            await gate.Task;
            return await Outcome.Of(finance.Post($"/api/finance/vouchers/{id}/approve", new { }, TestHttp.Key()), instance.Name);
        }).ToArray();
        gate.SetResult();
        var answers = await Task.WhenAll(approvals);

        Assert.Equal((int)(envelope / each), answers.Count(o => o.Status == HttpStatusCode.OK));
        Assert.All(answers.Where(o => o.Status != HttpStatusCode.OK), o =>
            Assert.True(o.Status == HttpStatusCode.Conflict && o.Code == "ledger.exceeds-credits", o.ToString()));
        var position = await _s.Finance.GetAsync($"/api/finance/funds/{fundId}/positions/{today.Year}").Ok();
        var race = position["programs"]!.AsArray().Single(p => p!["programId"]!.GetValue<string>() == programId)!;
        Assert.Equal(envelope, race["committed"]!.GetValue<long>());
        Assert.Equal(0, race["available"]!.GetValue<long>());
        var statuses = new List<string>();
        foreach (var id in ids) statuses.Add((await _s.Finance.GetAsync($"/api/finance/vouchers/{id}").Ok())["voucher"]!["status"]!.GetValue<string>());
        Assert.Equal(5, statuses.Count(st => st == "Issued"));
        Assert.Equal(19, statuses.Count(st => st == "Recommended")); // refused approvals left nothing half-done, nothing awaiting
        await TwoInstances.AssertEverythingHolds(_s, today.Year);
    }
}
