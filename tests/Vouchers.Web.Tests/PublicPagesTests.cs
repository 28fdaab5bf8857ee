using Microsoft.Playwright;

namespace Vouchers.Web.Tests;

/// <summary>What anyone can read without signing in: a program's terms and caps, and who received how much.</summary>
[Collection(WebCollection.Name)]
public sealed class PublicPagesTests(WebFixture web)
{
    [Fact]
    public async Task A_program_page_shows_its_terms_and_the_caps_by_size()
    {
        await using var context = await web.NewContextAsync(360, 780);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.ClickAsync("ul.cards a >> nth=0");
        Assert.StartsWith("/public/programs/", new Uri(page.Url).AbsolutePath);
        var main = await page.InnerTextAsync("main");
        Assert.Contains("Mức hỗ trợ tối đa theo quy mô doanh nghiệp", main);
        Assert.Contains("Siêu nhỏ", main);                      // the caps table by size class
        Assert.Matches(@"\d{1,3}(\.\d{3})+\u00A0₫", main);       // amounts as 1.000.000 ₫
        Assert.Matches(@"\d{2}/\d{2}/\d{4}", main);              // dates dd/MM/yyyy
        Assert.Equal(1, await page.Locator("a[href^='/sme/apply?programId=']").CountAsync());
        await page.AssertAccessibleAsync();
        await page.ShootAsync("public-program");

        var missing = await page.GotoAsync("/public/programs/" + Guid.NewGuid());
        Assert.Equal(404, missing!.Status);
        Assert.Contains("Không tìm thấy trang", await page.InnerTextAsync("main"));
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task The_public_support_list_filters_by_province_fund_and_year()
    {
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/public/support");
        Assert.Contains("Công khai thông tin hỗ trợ", await page.InnerTextAsync("h1"));
        await page.SelectOptionAsync("#province", "dong-thap");
        await page.SelectOptionAsync("#fund", "ScienceTechnology");
        await page.FillAsync("#year", "2026");
        await page.ClickAsync("form.filters button[type=submit]");
        var query = new Uri(page.Url).Query;
        Assert.Contains("province=dong-thap", query);
        Assert.Contains("fund=ScienceTechnology", query);
        Assert.Contains("year=2026", query);
        Assert.Equal("dong-thap", await page.InputValueAsync("#province")); // the filter stays chosen
        Assert.Matches(@"^\d[\d.]* khoản hỗ trợ$", (await page.InnerTextAsync("p[aria-live]")).Trim());
        await page.AssertAccessibleAsync();
        await page.ShootAsync("public-support");

        // a year that cannot be is said beside its field, and the list shows every year
        await page.GotoAsync("/public/support?year=1800");
        Assert.Equal("true", await page.GetAttributeAsync("#year", "aria-invalid"));
        Assert.Contains("Năm phải từ 2000 đến 2100.", await page.InnerTextAsync("#year-error"));
        await page.AssertAccessibleAsync();
    }
}
