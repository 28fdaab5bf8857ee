using Microsoft.Playwright;

namespace Vouchers.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class SignInTests(WebFixture web)
{
    [Fact]
    public async Task An_sme_signs_in_through_the_development_provider_and_out_again()
    {
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.AssertAccessibleAsync();
        await page.ShootAsync("sign-in");
        await page.ClickAsync("#sign-in");
        await page.AssertAccessibleAsync();
        await page.ShootAsync("dev-sign-in");
        await page.SignInAsync("sme.xoai");
        var header = await page.InnerTextAsync("header.site");
        Assert.Contains("Hồ sơ và phiếu của tôi", header);   // the SME's own navigation
        Assert.DoesNotContain("Quét phiếu", header);          // not a provider's
        var cookies = await context.CookiesAsync();
        var signIn = Assert.Single(cookies, c => c.Name.StartsWith("vouchers.signin", StringComparison.Ordinal));
        Assert.True(signIn.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, signIn.SameSite);

        await page.ClickAsync("header.site form button[type=submit]");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/", BrowserLaunch.Committed);
        Assert.Contains("Đăng nhập", await page.InnerTextAsync("header.site"));
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name.StartsWith("vouchers.signin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_home_page_lists_open_programs_in_vietnamese_and_passes_axe()
    {
        await using var context = await web.NewContextAsync(360, 780);
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync("/");
        Assert.Equal(200, response!.Status);
        Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("default-src 'self'", response.Headers["content-security-policy"]);
        Assert.Contains("Chương trình đang nhận hồ sơ", await page.InnerTextAsync("main"));
        // the source itself is UTF-8 Vietnamese in NFC, not numeric entities
        var source = await (await context.APIRequest.GetAsync("/")).TextAsync();
        Assert.Contains("Phiếu hỗ trợ tài chính cho doanh nghiệp nhỏ và vừa".Normalize(System.Text.NormalizationForm.FormC), source);
        Assert.DoesNotMatch(@"&#x(?!A0;)[0-9A-F]+;", source); // only the no-break space before ₫ and % stays an entity
        Assert.Equal(source.Normalize(System.Text.NormalizationForm.FormC), source);
        await page.AssertAccessibleAsync();
        await page.ShootAsync("home");
    }
}
