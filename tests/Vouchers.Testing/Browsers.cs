using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Vouchers.Testing;

/// <summary>Chromium as Playwright launches it here: Debian's binary (<see cref="Chromium.Executable"/>), headless, no download.</summary>
public static class BrowserLaunch
{
    /// <summary>How long an action or navigation may take before the test fails: generous, for a loaded 2-core machine.</summary>
    public const float ActionTimeoutMs = 90_000;

    /// <summary>
    /// Waiting for a navigation to reach its URL: done once the new document has started (what a test reads next
    /// waits for its element anyway). Waiting for the "load" event as well once timed out on a loaded CI machine
    /// after the page had arrived.
    /// </summary>
    public static readonly PageWaitForURLOptions Committed = new() { WaitUntil = WaitUntilState.Commit };

    public static BrowserTypeLaunchOptions Options(params string[] extraArgs) => new()
    {
        ExecutablePath = Chromium.Executable,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", .. extraArgs],
    };
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
        await page.WaitForPathAsync(returnPath.Split('?')[0]);
    }

    /// <summary>
    /// Waits until the page's address has <paramref name="path"/>, reading the address the browser reports after each
    /// committed navigation. Not Playwright's <c>WaitForURLAsync</c> here: once in a CI run it timed out after 90 s inside
    /// its own <c>WaitForLoadStateAsync</c> (its log: "NetworkIdle event fired"), i.e. after the address had matched,
    /// waiting for a load state of a navigation that had already arrived. Nothing here waits for a load state; what a
    /// test reads next waits for its own element.
    /// </summary>
    public static Task WaitForPathAsync(this IPage page, string path) => page.WaitForAddressAsync(u => u.AbsolutePath == path, path);

    /// <summary>The same for any condition on the address (<paramref name="what"/> names it in the failure).</summary>
    public static async Task WaitForAddressAsync(this IPage page, Func<Uri, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(BrowserLaunch.ActionTimeoutMs);
        while (!condition(new Uri(page.Url)))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {BrowserLaunch.ActionTimeoutMs / 1000} s for {what}; the page is at {page.Url}");
            await Task.Delay(50);
        }
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
