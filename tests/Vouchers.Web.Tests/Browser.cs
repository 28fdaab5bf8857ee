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
    public DevelopmentServer Server { get; } = new();
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

