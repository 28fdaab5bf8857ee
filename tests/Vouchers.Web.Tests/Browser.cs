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
    public Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 900) =>
        Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, BaseURL = Base, Locale = "vi-VN", TimezoneId = "Asia/Ho_Chi_Minh" });
}

public static class BrowserLaunch
{
    public static BrowserTypeLaunchOptions Options(params string[] extraArgs) => new()
    {
        ExecutablePath = Chromium.Executable,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", .. extraArgs],
    };
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}

public static class PageChecks
{
    /// <summary>axe-core on the page as it stands: no serious or critical violation (the list is the failure message).</summary>
    public static async Task AssertAccessibleAsync(this IPage page)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"axe on {page.Url}:\n" + string.Join("\n", bad.Select(v =>
            $"- {v.Impact} {v.Id}: {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => n.Target.ToString()))}")));
    }

    /// <summary>Signs in through the real code flow: the sign-in page, the development provider's user list, the callback.</summary>
    public static async Task SignInAsync(this IPage page, string user, string returnPath = "/")
    {
        await page.GotoAsync("/account/sign-in?returnUrl=" + Uri.EscapeDataString(returnPath));
        await page.ClickAsync("#sign-in");
        await page.ClickAsync($"button[data-user='{user}']");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == returnPath.Split('?')[0]);
    }
}

/// <summary>
/// Screenshots for docs/screenshots: with <c>VOUCHERS_SCREENSHOTS</c> set to a folder (docs/screenshots/regenerate.sh
/// sets it), a page is saved as NAME-360.png and NAME-1280.png, full length; without it, nothing is written.
/// </summary>
public static class Screenshots
{
    public static string? Folder => Environment.GetEnvironmentVariable("VOUCHERS_SCREENSHOTS") is { Length: > 0 } f ? f : null;

    public static async Task ShootAsync(this IPage page, string name)
    {
        if (Folder is not { } folder) return;
        Directory.CreateDirectory(folder);
        var original = page.ViewportSize;
        foreach (var width in new[] { 360, 1280 })
        {
            await page.SetViewportSizeAsync(width, width == 360 ? 780 : 900);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-{width}.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
        }
        if (original is not null) await page.SetViewportSizeAsync(original.Width, original.Height);
    }
}
