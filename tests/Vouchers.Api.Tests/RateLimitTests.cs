using System.Net;
using System.Text.Json.Nodes;

namespace Vouchers.Api.Tests;

/// <summary>
/// The limits of "RateLimits": scanning/redeeming per provider (all its users together) and per user, and every
/// request per user. Each test starts a service of its own with a small limit and a one-minute window, so the
/// window cannot roll over within the test.
/// </summary>
public class RateLimitTests
{
    private static ApiFactory Limited(string limit, int permits)
    {
        var factory = new ApiFactory();
        factory.Settings[$"RateLimits:{limit}:PermitLimit"] = permits.ToString();
        factory.Settings[$"RateLimits:{limit}:Window"] = "00:01:00";
        return factory;
    }

    /// <summary>A redemption attempt with a made-up token: refused (422 qr.format), but counted.</summary>
    private static Task<HttpResponseMessage> Redeem(HttpClient provider) =>
        provider.Post("/api/provider/vouchers/redeem", new { token = "VV1:MADE-UP", contractValue = 10_000_000, contractNumber = "HĐ-RL" }, TestHttp.Key());

    private static async Task NotLimited(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.StatusCode != HttpStatusCode.TooManyRequests, $"unexpected 429: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonNode> Limited(Task<HttpResponseMessage> call, int windowSeconds = 60)
    {
        var response = await call;
        var p = await Task.FromResult(response).Problem(429);
        Assert.Equal("rate-limit.exceeded", p["code"]!.GetValue<string>());
        var retryAfter = Assert.Single(response.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter), 1, windowSeconds);
        return p;
    }

    [Fact]
    public async Task Redemptions_AreLimitedPerProvider_AcrossItsUsers()
    {
        using var factory = Limited("ScanPerProvider", 3);
        var provider = Guid.NewGuid();
        var staff = factory.As(TestUser.Provider(provider));
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Redeem(staff)).StatusCode); // counted, though the token is made up

        await Limited(Redeem(factory.As(TestUser.Provider(provider, "other"))));
        await Limited(Redeem(staff));
        await NotLimited(Redeem(factory.As(TestUser.Provider(Guid.NewGuid()))));      // another provider
        await factory.As(TestUser.Provider(provider, "other")).GetAsync("/api/provider/vouchers").Ok(); // only scans are limited
    }

    [Fact]
    public async Task Redemptions_AreLimitedPerUser()
    {
        using var factory = Limited("ScanPerUser", 2);
        var provider = Guid.NewGuid();
        var staff = factory.As(TestUser.Provider(provider));
        await NotLimited(Redeem(staff));
        await NotLimited(Redeem(staff));
        await Limited(Redeem(staff));

        await NotLimited(Redeem(factory.As(TestUser.Provider(provider, "other")))); // a colleague at the same provider
        await staff.GetAsync("/api/provider/vouchers").Ok();                      // and the user's other requests
    }

    [Fact]
    public async Task Requests_AreLimitedPerUser()
    {
        using var factory = Limited("General", 5);
        var finance = factory.As(TestUser.Finance);
        for (var i = 0; i < 5; i++) await finance.GetAsync("/api/finance/vouchers").Ok();
        await Limited(finance.GetAsync("/api/finance/vouchers"));
        await Limited(finance.GetAsync("/api/finance/nothing-here"));             // every request counts, not one endpoint's
        await Limited(factory.As(TestUser.Finance).GetAsync("/api/finance/vouchers")); // the same subject with a fresh token

        await factory.As(TestUser.Finance2).GetAsync("/api/finance/vouchers").Ok(); // another user of the same role
        await factory.As(TestUser.Reviewer).GetAsync("/api/reviewer/vouchers").Ok();
    }

    [Fact]
    public async Task AnonymousRequests_AreLimitedTogether_WithoutLimitingSignedInUsers()
    {
        using var factory = Limited("General", 3);
        for (var i = 0; i < 3; i++) await factory.CreateClient().GetAsync("/api/public/provinces").Ok();
        await Limited(factory.CreateClient().GetAsync("/api/public/provinces"));
        await factory.As(TestUser.Auditor).GetAsync("/api/public/provinces").Ok();
    }

    [Fact]
    public async Task HealthProbes_AreNeverLimited_EvenWhenTheirAddressIsOverItsLimit()
    {
        // a load balancer probes from the address its public traffic comes from: a 429 would take a healthy instance out
        using var factory = Limited("General", 2);
        for (var i = 0; i < 2; i++) await factory.CreateClient().GetAsync("/api/public/provinces").Ok();
        await Limited(factory.CreateClient().GetAsync("/api/public/provinces"));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/health/live")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/health/ready")).StatusCode);
        }
    }
}
