using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Api.Tests;

/// <summary>
/// The service in Development with its own token issuer and no identity provider (appsettings.Development.json,
/// demo data), on a SQLite file of its own.
/// </summary>
public sealed class DevelopmentService : IDisposable
{
    private readonly ApiFactory _owner = new();

    public DevelopmentService()
    {
        _owner.Settings["Auth:DevelopmentIssuer:Enabled"] = "true";
        _owner.Settings["Auth:Authority"] = "";
        App = _owner.WithWebHostBuilder(b => b.UseEnvironment("Development"));
    }

    public WebApplicationFactory<Program> App { get; }
    public TestClock Clock => _owner.Clock;

    public HttpClient Client(string? token = null)
    {
        var client = App.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<JsonNode> Token(string user) => await Client().Post("/api/dev/tokens", new { user }).Ok();

    public async Task<HttpClient> As(string user) => Client((await Token(user))["accessToken"]!.GetValue<string>());

    public void Dispose() => _owner.Dispose();
}

public class DevelopmentIssuerTests(DevelopmentService dev) : IClassFixture<DevelopmentService>
{
    [Fact]
    public async Task TheDemoUsers_AreListed()
    {
        var users = (await dev.Client().GetAsync("/api/dev/users").Ok()).AsArray();
        Assert.Equal(28, users.Count);
        // each of the three provinces has its officers: a reviewer, four finance officers (two to approve above the
        // four-eyes threshold, a third to authorise the payment, a fourth to record it), an auditor and an administrator;
        // one auditor is national
        foreach (var province in new[] { "dong-thap", "dong-nai", "thanh-hoa" })
            Assert.Equal(["admin", "auditor", "finance", "finance", "finance", "finance", "reviewer"],
                users.Where(u => u!["province"]?.GetValue<string>() == province).Select(u => u!["role"]!.GetValue<string>()).Order());
        Assert.Equal("auditor", users.Single(u => u!["province"]?.GetValue<string>() == "national")!["role"]!.GetValue<string>());
        Assert.All(users.Where(u => u!["role"]!.GetValue<string>() is "sme" or "provider"), u => Assert.Null(u!["province"]));
        var binh = users.Single(u => u!["user"]!.GetValue<string>() == "finance.binh")!;
        Assert.Equal("finance", binh["role"]!.GetValue<string>());
        Assert.Equal("Sở Tài chính", binh["roleLabel"]!.GetValue<string>());
        var xoai = users.Single(u => u!["user"]!.GetValue<string>() == "sme.xoai")!;
        Assert.Equal(DemoData.MangoSmeTaxCode, xoai["taxCode"]!.GetValue<string>());
        Assert.Equal(DemoData.MangoSmeName, xoai["name"]!.GetValue<string>()); // the seeded enterprise's own name
        Assert.Equal(["admin", "auditor", "finance", "provider", "reviewer", "sme"],
            users.Select(u => u!["role"]!.GetValue<string>()).Distinct().Order());
    }

    [Fact]
    public async Task AFinanceToken_ReadsAFundPosition_AndNothingOfAnotherRole()
    {
        var token = await dev.Token("finance.binh");
        Assert.Equal("Bearer", token["tokenType"]!.GetValue<string>());
        Assert.Equal("finance", token["role"]!.GetValue<string>());
        Assert.Equal(8 * 60 * 60, token["expiresIn"]!.GetValue<int>());

        var finance = dev.Client(token["accessToken"]!.GetValue<string>());
        var programs = await dev.Client().GetAsync("/api/public/programs?province=dong-thap").Ok();
        var program = programs["items"]!.AsArray().First()!;
        var position = await finance.GetAsync($"/api/finance/funds/{program["fundId"]}/positions/{program["fiscalYear"]}").Ok();
        Assert.NotNull(position);
        // the token says whose officer this is: Đồng Tháp's; Đồng Nai's fund is not there for it
        Assert.Equal("dong-thap", token["province"]!.GetValue<string>());
        var dongNai = (await dev.Client().GetAsync("/api/public/programs?province=dong-nai").Ok())["items"]!.AsArray().First()!;
        await finance.GetAsync($"/api/finance/funds/{dongNai["fundId"]}/positions/{dongNai["fiscalYear"]}").Problem(404);
        await finance.GetAsync("/api/reviewer/vouchers").Problem(403);
        await finance.GetAsync("/api/sme/enterprise").Problem(403);
    }

    [Fact]
    public async Task AnSmeToken_IsBoundToTheDemoMangoCompany()
    {
        var token = await dev.Token("sme.xoai");
        Assert.Equal(DemoData.MangoSmeTaxCode, token["taxCode"]!.GetValue<string>());
        var enterprise = await dev.Client(token["accessToken"]!.GetValue<string>()).GetAsync("/api/sme/enterprise").Ok();
        Assert.Equal(DemoData.MangoSmeTaxCode, enterprise["taxCode"]!.GetValue<string>());

        var logistics = await (await dev.As("sme.logistics")).GetAsync("/api/sme/enterprise").Ok();
        Assert.Equal(DemoData.LogisticsSmeTaxCode, logistics["taxCode"]!.GetValue<string>());
    }

    [Fact]
    public async Task AProviderToken_IsBoundToTheDemoProvider()
    {
        var token = await dev.Token("provider.consultant");
        var providers = await dev.Client().GetAsync("/api/public/providers?pageSize=100").Ok();
        var consultant = providers["items"]!.AsArray().Single(p => p!["taxCode"]!.GetValue<string>() == DemoData.ConsultantTaxCode)!;
        Assert.Equal(consultant["id"]!.GetValue<string>(), token["providerId"]!.GetValue<string>());

        var provider = dev.Client(token["accessToken"]!.GetValue<string>());
        var page = await provider.GetAsync("/api/provider/vouchers").Ok();
        Assert.NotNull(page["items"]);
        await provider.GetAsync("/api/finance/vouchers").Problem(403);
    }

    [Fact]
    public async Task TheTokens_CarryTheConfiguredClaims_SignedES256()
    {
        var jwt = new JsonWebToken((await dev.Token("provider.lab"))["accessToken"]!.GetValue<string>());
        Assert.Equal("ES256", jwt.Alg);
        Assert.Equal("urn:vouchers:development-issuer", jwt.Issuer);
        Assert.Equal([TestIdentityProvider.Audience], jwt.Audiences);
        Assert.Equal("dev|provider.lab", jwt.Subject);
        Assert.True(Guid.TryParse(jwt.GetClaim("provider_id").Value, out _));
        Assert.Equal(TimeSpan.FromHours(8), jwt.ValidTo - jwt.IssuedAt);
    }

    [Fact]
    public async Task TheTokens_AreStampedWithTheWallClock_WhichTheBearerHandlerChecksAgainst_NotTheApplicationClock()
    {
        // the service's TimeProvider is the test clock (2026-03-16); a token stamped with it would be refused as expired
        Assert.NotInRange(dev.Clock.GetUtcNow(), DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var token = (await dev.Token("reviewer.an"))["accessToken"]!.GetValue<string>();
        Assert.InRange(new JsonWebToken(token).IssuedAt, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));
        await dev.Client(token).GetAsync("/api/reviewer/vouchers").Ok();
    }

    [Fact]
    public async Task AnUnknownUser_IsABadRequestNamingUser()
    {
        var p = await dev.Client().Post("/api/dev/tokens", new { user = "root" }).Problem(400);
        Assert.Equal("dev.unknown-user", p["code"]!.GetValue<string>());
        Assert.Contains("finance.binh", p["errors"]!["user"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task ADevelopmentToken_IsRefusedByAServiceStartedWithAnotherKey()
    {
        var token = (await dev.Token("finance.binh"))["accessToken"]!.GetValue<string>();
        await dev.Client(token).GetAsync("/api/finance/vouchers").Ok(); // control: its own issuer's service accepts it

        using var other = new DevelopmentService();
        var p = await other.Client(token).GetAsync("/api/finance/vouchers").Problem(401);
        Assert.Equal("auth.unauthenticated", p["code"]!.GetValue<string>());
        await (await other.As("finance.binh")).GetAsync("/api/finance/vouchers").Ok(); // and its own tokens work there
    }

    [Fact]
    public async Task ATokenFromTheTestIdentityProvider_IsRefused_ThereIsNoAuthority()
    {
        await dev.Client(TestIdentityProvider.Shared.Token(TestUser.Finance)).GetAsync("/api/finance/vouchers").Problem(401);
    }

    [Fact]
    public async Task TheSwaggerUi_IsServedInDevelopment()
    {
        var response = await dev.Client().GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        // the root is the pages' home now (the swagger UI is linked from the README and docs/api.md)
        var home = await dev.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal("text/html", home.Content.Headers.ContentType?.MediaType);
    }
}
