using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Vouchers.Web.Tests;

/// <summary>
/// One Chromium for the test collection (Debian's, via <see cref="Chromium.Executable"/>; a missing browser fails, it
/// never skips), and one service (<see cref="DevelopmentServer"/>). Each test takes fresh browser contexts (no shared
/// cookies) from it.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    /// <summary>
    /// Four eyes from 25.000.000 ₫ (the service's default is 100.000.000 ₫): a second approval is reachable within a
    /// demo enterprise's yearly cap, which every page test shares, while the 20.000.000 ₫ vouchers of the SME's and the
    /// provider's tests still need one officer.
    /// </summary>
    public const long SecondApprovalFrom = 25_000_000;

    public DevelopmentServer Server { get; } = new(new Dictionary<string, string> { ["Approval:SecondApprovalFrom"] = SecondApprovalFrom.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public string Base => Server.Base;

    public async Task InitializeAsync()
    {
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(BrowserLaunch.Options());
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        Server.Dispose();
    }

    /// <summary>A fresh context (no cookies) at a phone's width (360 × 780) or a desktop's (1280 × 900).</summary>
    public async Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, BaseURL = Base, Locale = "vi-VN", TimezoneId = "Asia/Ho_Chi_Minh" });
        context.SetDefaultTimeout(BrowserLaunch.ActionTimeoutMs); // a 2-core CI machine running other suites beside this one
        return context;
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}

