using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Vouchers.Api.Tests.PostgreSql;

/// <summary>
/// The web pages behind a round-robin balancer with two service processes on one PostgreSQL database (issue 17): no
/// sticky sessions. A sign-in's code is issued by one instance and redeemed by the other; the sign-in cookie and the
/// antiforgery tokens one instance made open on the other (the data-protection key ring is in the database).
/// </summary>
public sealed class TwoInstancePagesTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly string _keys = Directory.CreateTempSubdirectory("vouchers-dev-idp-").FullName;
    private ServiceProcess _a = null!, _b = null!;
    private HttpBalancer _balancer = null!;

    public async Task InitializeAsync()
    {
        var port = PostgresServer.FreePort();
        var settings = ServiceProcess.DeploymentSettings(_database);
        // Development: the service's own OpenID Connect provider for the demo users, reached through the balancer by
        // both instances (one issuer), its keys in one file both read
        settings.Remove("Auth:Authority");
        settings["Auth:DevelopmentIssuer:Enabled"] = "true";
        settings["Auth:DevelopmentIssuer:KeyFile"] = Path.Combine(_keys, "dev-identity-keys.json");
        settings["Auth:Web:Authority"] = $"http://127.0.0.1:{port}";
        _a = await ServiceProcess.StartAsync("instance A", settings, "Development");
        _b = await ServiceProcess.StartAsync("instance B", settings, "Development");
        _balancer = await HttpBalancer.StartAsync(port, _a, _b);
    }

    public async Task DisposeAsync()
    {
        if (_balancer is not null) await _balancer.DisposeAsync();
        if (_a is not null) await _a.DisposeAsync();
        if (_b is not null) await _b.DisposeAsync();
        _database.Dispose();
        Directory.Delete(_keys, recursive: true);
    }

    [Fact]
    public async Task An_sme_signs_in_reads_and_signs_out_across_two_instances()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(BrowserLaunch.Options());
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _balancer.Address.ToString().TrimEnd('/') });
        context.SetDefaultTimeout(BrowserLaunch.ActionTimeoutMs);
        var page = await context.NewPageAsync();

        await page.SignInAsync("sme.xoai");
        for (var i = 0; i < 4; i++) // each reload goes to the other instance: both open the cookie
        {
            await page.ReloadAsync();
            Assert.Contains("Hồ sơ và phiếu của tôi", await page.InnerTextAsync("header.site"));
        }
        // the sign-out form was drawn by one instance and is posted to the other
        await page.ClickAsync("header.site form button[type=submit]");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/", BrowserLaunch.Committed);
        Assert.Contains("Đăng nhập", await page.InnerTextAsync("header.site"));

        var served = _balancer.Log.ToList();
        Assert.Contains(served, l => l.StartsWith("instance A GET /connect/authorize", StringComparison.Ordinal) || l.StartsWith("instance B GET /connect/authorize", StringComparison.Ordinal));
        Assert.Contains(served, l => l.StartsWith("instance A ", StringComparison.Ordinal) && l.Contains("/signin-oidc", StringComparison.Ordinal)
                                  || l.StartsWith("instance B ", StringComparison.Ordinal) && l.Contains("/signin-oidc", StringComparison.Ordinal));
        Assert.Contains(served, l => l.StartsWith("instance A GET / ", StringComparison.Ordinal) || l == "instance A GET /");
        Assert.Contains(served, l => l == "instance B GET /");
    }

    /// <summary>
    /// The voucher's journey through the balancer: the SME applies on its page, the department and finance act through
    /// the API, the provider verifies the typed code, sees the support and redeems with a double click (once), and
    /// reports delivery — every request to whichever instance the balancer picked.
    /// </summary>
    [Fact]
    public async Task A_voucher_is_applied_for_redeemed_and_delivered_on_the_pages_across_two_instances()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(BrowserLaunch.Options());
        var site = _balancer.Address.ToString().TrimEnd('/');
        // the API steps go to instance A itself: the development issuer signs bearer tokens with a key of its own process
        using var api = new HttpClient { BaseAddress = _a.BaseAddress };
        async Task<JsonNode> Call(HttpMethod method, string user, string path, object? body = null, string? key = null)
        {
            var token = (await (await api.PostAsJsonAsync("api/dev/tokens", new { user })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonNode>())!["accessToken"]!.GetValue<string>();
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (key is not null) request.Headers.Add("Idempotency-Key", key);
            if (body is not null) request.Content = JsonContent.Create(body);
            using var response = await api.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{method} {path} as {user}: {(int)response.StatusCode} {text}");
            return JsonNode.Parse(text)!;
        }
        var programs = await api.GetFromJsonAsync<JsonNode>("api/public/programs?province=thanh-hoa");
        var programId = programs!["items"]!.AsArray().Single(p => p!["code"]!.GetValue<string>().StartsWith("TH-CDS-", StringComparison.Ordinal))!["id"]!.GetValue<string>();

        // the SME applies on its page
        await using var smeContext = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site });
        smeContext.SetDefaultTimeout(BrowserLaunch.ActionTimeoutMs);
        var sme = await smeContext.NewPageAsync();
        await sme.SignInAsync("sme.food", "/sme/apply?programId=" + programId);
        await sme.CheckAsync("#kind-DigitalTransformationConsulting");
        await sme.FillAsync("#amount", "20.000.000");
        await sme.FillAsync("#purpose", "Đánh giá mức độ chuyển đổi số cho xưởng chế biến");
        await sme.ClickAsync("#submit-application");
        await sme.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/sme/vouchers/", StringComparison.Ordinal), BrowserLaunch.Committed);
        var id = new Uri(sme.Url).AbsolutePath.Split('/')[3];

        // the department recommends and finance approves, through the API
        await Call(HttpMethod.Post, "reviewer.quang", $"api/reviewer/vouchers/{id}/recommend", new { note = "Đủ điều kiện" });
        await Call(HttpMethod.Post, "finance.son", $"api/finance/vouchers/{id}/approve", new { }, Guid.NewGuid().ToString());
        var code = (await Call(HttpMethod.Get, "sme.food", $"api/sme/vouchers/{id}"))["voucher"]!["code"]!.GetValue<string>();
        await sme.GotoAsync($"/sme/vouchers/{id}/qr");
        Assert.Contains(code, await sme.InnerTextAsync("main"));

        // the provider verifies the typed code, sees the support, and redeems with a double click
        await using var providerContext = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site });
        providerContext.SetDefaultTimeout(BrowserLaunch.ActionTimeoutMs);
        var provider = await providerContext.NewPageAsync();
        await provider.SignInAsync("provider.consultant", "/provider/scan");
        await provider.FillAsync("#code", code);
        await provider.FillAsync("#taxCode", Vouchers.Infrastructure.Demo.DemoData.FoodSmeTaxCode);
        await provider.ClickAsync("#verify-code");
        await provider.FillAsync("#contractValue", "30.000.000");
        await provider.FillAsync("#contractNumber", "HĐ-2INST/2026");
        await provider.ClickAsync("#preview");
        Assert.Equal("15.000.000\u00A0₫", await provider.InnerTextAsync("#quote-support"));
        await provider.DblClickAsync("#confirm");
        await provider.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/provider/vouchers/{id}", BrowserLaunch.Committed);
        await provider.FillAsync("#note", "Đã bàn giao báo cáo đánh giá");
        await provider.ClickAsync("#deliver");
        await provider.WaitForURLAsync(url => new Uri(url).Query.Contains("done=", StringComparison.Ordinal), BrowserLaunch.Committed);

        var history = (await Call(HttpMethod.Get, "sme.food", $"api/sme/vouchers/{id}"))["history"]!.AsArray();
        Assert.Equal(1, history.Count(h => h!["to"]?.GetValue<string>() == "Redeemed"));   // one redemption for the double click
        Assert.Equal("Delivered", history[^1]!["to"]!.GetValue<string>());
        var served = _balancer.Log.Where(l => l.Contains(" POST /provider/", StringComparison.Ordinal) || l.Contains(" POST /sme/", StringComparison.Ordinal)).ToList();
        Assert.Contains(served, l => l.StartsWith("instance A ", StringComparison.Ordinal));
        Assert.Contains(served, l => l.StartsWith("instance B ", StringComparison.Ordinal)); // the page posts went to both
    }
}
