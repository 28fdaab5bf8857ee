using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Api.Tests;

/// <summary>Many requests at once on one envelope or one voucher: the database lets exactly what the rules allow win.</summary>
public class ConcurrencyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly Scenario _s = new(factory);

    [Fact]
    public async Task ParallelApprovals_AgainstASmallEnvelope_CommitAtMostTheEnvelope()
    {
        // a fresh program with a 100M envelope, and 12 recommended applications of 20M each (240M asked)
        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().AddHours(7).DateTime);
        var programId = await _s.NewConsultingProgram(100_000_000, today);
        var fundId = (await _s.Public.GetAsync($"/api/public/programs/{programId}").Ok())["fundId"]!.GetValue<string>();

        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var id = await _s.Apply(20_000_000, programId: programId);
            await _s.Recommend(id);
            ids.Add(id);
        }

        var statuses = new ConcurrentBag<(HttpStatusCode Status, string Body)>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (id, ct) =>
        {
            var r = await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, TestHttp.Key());
            statuses.Add((r.StatusCode, await r.Content.ReadAsStringAsync(ct)));
        });

        Assert.Equal(5, statuses.Count(s => s.Status == HttpStatusCode.OK));
        Assert.All(statuses.Where(s => s.Status != HttpStatusCode.OK), s =>
        {
            Assert.Equal(HttpStatusCode.Conflict, s.Status);
            Assert.Equal("ledger.exceeds-credits", JsonNode.Parse(s.Body)!["code"]!.GetValue<string>());
        });
        var position = await _s.Finance.GetAsync($"/api/finance/funds/{fundId}/positions/{today.Year}").Ok();
        var race = position["programs"]!.AsArray().Single(p => p!["programId"]!.GetValue<string>() == programId)!;
        Assert.Equal(100_000_000, race["committed"]!.GetValue<long>());
        Assert.Equal(0, race["available"]!.GetValue<long>());
        var stillRecommended = 0;
        foreach (var id in ids)
        {
            var v = await _s.Finance.GetAsync($"/api/finance/vouchers/{id}").Ok();
            if (v["voucher"]!["status"]!.GetValue<string>() == "Recommended") stillRecommended++;
        }
        Assert.Equal(7, stillRecommended); // refused approvals left nothing half-done
        await _s.AssertLedgerHolds();
    }

    [Fact]
    public async Task ParallelRedemptions_OfOneVoucher_HaveExactlyOneWinner()
    {
        var id = await _s.Issued(10_000_000);
        var provider = await _s.ProviderId(DemoData.ConsultantTaxCode);
        var token = await _s.Token(id);
        var results = new ConcurrentBag<(HttpStatusCode Status, string Body)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 10), new ParallelOptions { MaxDegreeOfParallelism = 10 }, async (i, ct) =>
        {
            var r = await _s.Provider(provider).Post("/api/provider/vouchers/redeem",
                new { token, contractValue = 20_000_000 + i, contractNumber = $"HĐ-{i}" }, TestHttp.Key());
            results.Add((r.StatusCode, await r.Content.ReadAsStringAsync(ct)));
        });
        Assert.Equal(1, results.Count(s => s.Status == HttpStatusCode.OK));
        Assert.Equal(9, results.Count(s => s.Status == HttpStatusCode.Conflict && s.Body.Contains("voucher.already-redeemed")));
        var history = await _s.Auditor.GetAsync($"/api/auditor/vouchers/{id}").Ok();
        Assert.Single(history["history"]!.AsArray(), h => h!["to"]!.GetValue<string>() == "Redeemed");
    }
}
