using System.Net;
using System.Text.Json.Nodes;

namespace Vouchers.Api.Tests.PostgreSql;

/// <summary>
/// Two API processes on one fresh PostgreSQL database, as a province runs them behind a load balancer: the first
/// migrates and seeds the demo data, the second starts on what the first wrote. Same signing keys, same identity
/// provider; a short idempotency lease so that a retry after a process died takes the claim over within the test.
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public TestDatabase Database { get; } = TestDatabase.Create();
    public ServiceProcess A { get; private set; } = null!;
    public ServiceProcess B { get; private set; } = null!;
    public LoadBalancer Balancer { get; private set; } = null!;

    /// <summary>How long a claim of a request in flight protects it (the service's default is 60 s).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(4);

    public async Task InitializeAsync()
    {
        var settings = ServiceProcess.DeploymentSettings(Database);
        settings["Idempotency:Lease"] = Lease.ToString("c");
        A = await ServiceProcess.StartAsync("instance A", settings);
        B = await ServiceProcess.StartAsync("instance B", settings);
        Balancer = new LoadBalancer(A, B);
    }

    public async Task DisposeAsync()
    {
        if (A is not null) await A.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
        Database.Dispose();
    }

    /// <summary>The ledger as an auditor checks it after a run: every invariant, the seal chain, every fund reconciled.</summary>
    public static async Task AssertEverythingHolds(Scenario s, int year)
    {
        await s.AssertLedgerHolds();
        var verified = await s.Auditor.GetAsync("/api/auditor/ledger/verify").Ok();
        Assert.True(verified["ok"]!.GetValue<bool>(), verified.ToJsonString());
        var reconciliation = await s.Auditor.GetAsync($"/api/auditor/reconciliation/{year}").Ok();
        Assert.True(reconciliation["ok"]!.GetValue<bool>(), reconciliation.ToJsonString());
    }
}

/// <summary>What one HTTP call ended as, from the client's side.</summary>
public sealed record Outcome(HttpStatusCode? Status, string Body, bool Replayed, string Instance)
{
    public JsonNode? Json => Body.Length > 0 && Body[0] is '{' or '[' ? JsonNode.Parse(Body) : null;
    public string? Code => Json?["code"]?.GetValue<string>();

    public static Task<Outcome> Of(Task<HttpResponseMessage> call, string instance) => Of(() => call, () => instance);

    /// <summary>The call's outcome; <paramref name="instance"/> is read after it, when a balancer has chosen where it went.</summary>
    public static async Task<Outcome> Of(Func<Task<HttpResponseMessage>> send, Func<string> instance)
    {
        try
        {
            using var response = await send();
            return new Outcome(response.StatusCode, await response.Content.ReadAsStringAsync(),
                response.Headers.TryGetValues("Idempotent-Replayed", out var v) && v.Contains("true"), instance());
        }
        catch (HttpRequestException e) { return new Outcome(null, e.Message, false, instance()); }
        catch (TaskCanceledException e) { return new Outcome(null, e.Message, false, instance()); }
    }

    public override string ToString() => $"{Instance}: {(Status is { } st ? (int)st : "no answer")} {Body[..Math.Min(Body.Length, 300)]}";
}
