using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Api.Tests;

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
        for (var i = 1; i < providers; i++)
        {
            var created = await _s.Admin.Post("/api/admin/providers", new
            {
                taxCode = Scenario.NewTaxCode(), name = $"Công ty Tư vấn số {i}", kind = "Consultant", provinceCode = "dong-thap",
                accreditationNumber = $"TVCDS-PG-{i}-{Guid.NewGuid():N}"[..24], accreditedFrom = "2025-01-01", accreditedUntil = "2030-01-01",
                services = new[] { new { kind = "DigitalTransformationConsulting", name = "Tư vấn lộ trình chuyển đổi số", listPrice = 30_000_000 } },
            }).Ok();
            providerIds.Add(Guid.Parse(created["id"]!.GetValue<string>()));
        }
        var id = await _s.Issued(10_000_000);
        var token = await _s.Token(id);
        var before = await _s.Position();

        // every user its own client and connections, half of them on each process
        var clients = providerIds.SelectMany(p => Enumerable.Range(0, usersPerProvider).Select(u => (Provider: p, User: TestUser.Provider(p, $"cashier-{u}"))))
            .Select((c, i) => (c.Provider, Instance: i % 2 == 0 ? f.A : f.B, Client: (i % 2 == 0 ? f.A : f.B).As(c.User))).ToArray();
        Assert.Equal(64, clients.Length);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var results = new ConcurrentBag<(Guid Provider, Outcome Outcome)>();
        var attempts = clients.Select(async (c, i) =>
        {
            await gate.Task;
            results.Add((c.Provider, await Outcome.Of(c.Client.Post("/api/provider/vouchers/redeem",
                new { token, contractValue = 20_000_000, contractNumber = $"HĐ-PG-{i}" }, Http.Key()), c.Instance.Name)));
        }).ToArray();
        gate.SetResult();
        await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Outcome.Status == HttpStatusCode.OK);
        Assert.All(results.Where(r => r != winner), r =>
        {
            Assert.True(r.Outcome.Status == HttpStatusCode.Conflict && r.Outcome.Code == "voucher.already-redeemed", r.Outcome.ToString());
        });
        Assert.Equal(2, results.Select(r => r.Outcome.Instance).Distinct().Count()); // both processes answered

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
        var fund = (await _s.Admin.GetAsync("/api/admin/funds?province=dong-thap").Ok()).AsArray()
            .Single(x => x!["kind"]!.GetValue<string>() == "ScienceTechnology")!;
        var fundId = fund["id"]!.GetValue<string>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
        var program = await _s.Admin.Post("/api/admin/programs", new
        {
            code = $"PG-RACE-{Guid.NewGuid():N}"[..20], fundId, fiscalYear = today.Year, name = "Chương trình thử tranh chấp hai tiến trình",
            envelope, eligibleServiceKinds = new[] { "DigitalTransformationConsulting" }, eligibleProviderKinds = new[] { "Consultant" },
            supportRatePercent = 50, caps = new[] { new { size = "Small", perVoucher = 50_000_000, perSmePerYear = 50_000_000 } },
            voucherValidityDays = 30, applicationOpens = today.AddDays(-1), applicationCloses = today.AddDays(30),
        }).Ok();
        var programId = program["id"]!.GetValue<string>();
        await _s.Finance.Post($"/api/finance/programs/{programId}/approve-envelope", new { decisionNumber = $"QĐ-PG-{programId[..8]}", decisionDate = today }, Http.Key()).Ok();
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
            return await Outcome.Of(finance.Post($"/api/finance/vouchers/{id}/approve", new { }, Http.Key()), instance.Name);
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
