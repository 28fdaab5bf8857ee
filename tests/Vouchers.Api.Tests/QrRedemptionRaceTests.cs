using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Api.Tests;

/// <summary>
/// Many providers scanning the same voucher at the same moment, over real HTTP (Kestrel on loopback, a connection per
/// request): exactly one redemption wins, every other gets 409 <c>voucher.already-redeemed</c>, the ledger holds.
/// </summary>
public class QrRedemptionRaceTests : IDisposable
{
    private const int Providers = 4, UsersPerProvider = 8, Attempts = Providers * UsersPerProvider;
    private readonly ApiFactory _factory = new();

    public QrRedemptionRaceTests()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
    }

    public void Dispose() => _factory.Dispose();

    private HttpClient Client(TestUser user)
    {
        // every user its own connection pool: the requests really arrive side by side over TCP
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4 }) { BaseAddress = _factory.ClientOptions.BaseAddress }.InEnglish();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestIdentityProvider.Shared.Token(user));
        return client;
    }

    [Fact]
    public async Task ManyProvidersRedeemingOneVoucherAtOnce_ExactlyOneWins_TheRestGet409WithTheReason()
    {
        var s = new Scenario(_factory);
        Assert.StartsWith("http://127.0.0.1:", _factory.ClientOptions.BaseAddress.ToString(), StringComparison.Ordinal); // Kestrel, not the in-memory server
        var providers = new List<Guid> { Guid.Parse(await s.ProviderId(DemoData.ConsultantTaxCode)) };
        for (var i = 1; i < Providers; i++) providers.Add(await s.NewConsultant());
        var id = await s.Issued(10_000_000);
        var token = await s.Token(id);
        var before = await s.Position();

        var clients = providers.SelectMany(p => Enumerable.Range(0, UsersPerProvider).Select(u => (Provider: p, Client: Client(TestUser.Provider(p, $"cashier-{u}"))))).ToArray();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var results = new ConcurrentBag<(Guid Provider, HttpStatusCode Status, JsonNode Body)>();
        var attempts = clients.Select(async (c, i) =>
        {
            await gate.Task;
            var response = await c.Client.Post("/api/provider/vouchers/redeem",
                new { token, contractValue = 20_000_000, contractNumber = $"HĐ-RACE-{i}" }, TestHttp.Key());
            results.Add((c.Provider, response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!));
        }).ToArray();
        gate.SetResult();
        await Task.WhenAll(attempts);

        Assert.Equal(Attempts, results.Count);
        var winner = Assert.Single(results, r => r.Status == HttpStatusCode.OK);
        var losers = results.Where(r => r.Status != HttpStatusCode.OK).ToList();
        Assert.Equal(Attempts - 1, losers.Count);
        Assert.All(losers, l =>
        {
            Assert.Equal(HttpStatusCode.Conflict, l.Status);
            Assert.Equal("voucher.already-redeemed", l.Body["code"]!.GetValue<string>());
        });

        var voucher = await s.Auditor.GetAsync($"/api/auditor/vouchers/{id}").Ok();
        Assert.Equal("Redeemed", voucher["voucher"]!["status"]!.GetValue<string>());
        Assert.Equal(winner.Provider.ToString(), voucher["voucher"]!["providerId"]!.GetValue<string>());
        Assert.Single(voucher["history"]!.AsArray(), h => h!["to"]!.GetValue<string>() == "Redeemed");
        var after = await s.Position();
        Assert.Equal(before.ToJsonString(), after.ToJsonString()); // redemption fixes the amount; the commitment is untouched
        await s.AssertLedgerHolds();
        foreach (var c in clients) c.Client.Dispose();
    }
}
