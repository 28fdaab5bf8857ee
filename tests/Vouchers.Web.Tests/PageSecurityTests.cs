using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Vouchers.Web.Tests;

/// <summary>What a hostile page or client can do with a signed-in browser: nothing the person did not mean.</summary>
[Collection(WebCollection.Name)]
public sealed partial class PageSecurityTests(WebFixture web)
{
    [Fact]
    public async Task A_forged_cross_site_form_post_is_refused_and_changes_nothing()
    {
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("sme.xoai");

        // another site's page, in the same browser, posts a form to the service (here the sign-out, a change of state)
        await page.RouteAsync("http://attacker.test/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html; charset=utf-8",
            Body = $"""<!DOCTYPE html><html lang="en"><title>x</title><form method="post" action="{web.Base}/account/sign-out"><button id="go">win a prize</button></form></html>""",
        }));
        await page.GotoAsync("http://attacker.test/");
        var answer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#go"), r => r.Url.EndsWith("/account/sign-out", StringComparison.Ordinal));
        Assert.Equal(400, answer.Status); // no antiforgery token (and the Lax sign-in cookie was not even sent)

        await page.GotoAsync("/");
        Assert.Contains("Hồ sơ và phiếu của tôi", await page.InnerTextAsync("header.site")); // still signed in

        // the same post from the service's own origin, with the cookie but without the form's token: refused too
        var sameSite = await context.APIRequest.PostAsync("/account/sign-out", new APIRequestContextOptions { MaxRedirects = 0 });
        Assert.Equal(400, sameSite.Status);
    }

    [Fact]
    public async Task The_sign_in_cookie_never_authenticates_an_api_call()
    {
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("sme.xoai");
        var api = await context.APIRequest.GetAsync("/api/sme/enterprise");
        Assert.Equal(401, api.Status); // the API takes bearer tokens only, so it needs no antiforgery of its own
    }

    [Fact]
    public async Task Pages_carry_the_strict_policy_and_no_inline_script_or_style()
    {
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.Ordinal)) violations.Add(m.Text); };
        foreach (var path in new[] { "/", "/public/support", "/account/sign-in", "/dev/sign-in" })
        {
            var response = await page.GotoAsync(path);
            var csp = response!.Headers["content-security-policy"];
            Assert.Contains("script-src 'self';", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            var html = await page.ContentAsync();
            Assert.DoesNotMatch(InlineScript(), html);
            Assert.DoesNotMatch(StyleAttribute(), html);
            Assert.Equal("nosniff", response.Headers["x-content-type-options"]);
        }
        Assert.Empty(violations);
    }

    [Fact]
    public async Task A_page_that_needs_a_role_sends_a_visitor_to_sign_in_and_another_role_is_denied()
    {
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sme/vouchers");
        Assert.Equal("/account/sign-in", new Uri(page.Url).AbsolutePath);
        await page.SignInAsync("provider.lab");
        var denied = await page.GotoAsync("/sme/vouchers");
        Assert.Equal(403, denied!.Status);
        Assert.Equal("/account/denied", new Uri(page.Url).AbsolutePath);
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task A_return_address_on_another_host_is_not_followed()
    {
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/language/en?returnUrl=" + Uri.EscapeDataString("//attacker.test/x"));
        Assert.Equal(new Uri(web.Base).Authority, new Uri(page.Url).Authority);
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang")); // and the switch took effect
        Assert.Contains("Programs open now", await page.InnerTextAsync("main"));
        await page.GotoAsync("/account/sign-in?returnUrl=" + Uri.EscapeDataString("https://attacker.test/"));
        Assert.Equal("/account/challenge?returnUrl=%2F", await page.GetAttributeAsync("#sign-in", "href"));
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<[a-z][^>]*\sstyle\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttribute();
}
