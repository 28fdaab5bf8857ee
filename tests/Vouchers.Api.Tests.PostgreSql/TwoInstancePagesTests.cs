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
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        Assert.Contains("Đăng nhập", await page.InnerTextAsync("header.site"));

        var served = _balancer.Log.ToList();
        Assert.Contains(served, l => l.StartsWith("instance A GET /connect/authorize", StringComparison.Ordinal) || l.StartsWith("instance B GET /connect/authorize", StringComparison.Ordinal));
        Assert.Contains(served, l => l.StartsWith("instance A ", StringComparison.Ordinal) && l.Contains("/signin-oidc", StringComparison.Ordinal)
                                  || l.StartsWith("instance B ", StringComparison.Ordinal) && l.Contains("/signin-oidc", StringComparison.Ordinal));
        Assert.Contains(served, l => l.StartsWith("instance A GET / ", StringComparison.Ordinal) || l == "instance A GET /");
        Assert.Contains(served, l => l == "instance B GET /");
    }
}
