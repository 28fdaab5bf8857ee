using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Web.Tests;

/// <summary>
/// The reviewer's pages (Sở Khoa học và Công nghệ) in Chromium against the real host: the review queue with its filters
/// and order, an application weighed (size class and why, the program's checks, caps, the enterprise's other
/// applications, history) and recommended, returned or rejected — a missing reason refused beside its field —; the
/// acceptance queue, a partial acceptance with its record number and a rework; segregation of duties shown before the
/// click; a double-clicked and re-posted recommendation made once; another province's application not there. Set-up
/// through the API (<see cref="DemoApi"/>), what the test is about through the pages; outcomes read back from the API.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ReviewerPagesTests(WebFixture web) : IDisposable
{
    private readonly DemoApi _api = new(web.Base);

    public void Dispose() => _api.Dispose();

    private static Task<string> Text(IPage page, string selector) => page.Locator(selector).InnerTextAsync();

    private Task<JsonNode> Voucher(string id) => _api.Get("reviewer.quang", $"api/reviewer/vouchers/{id}");

    private static async Task<string> StatusOf(JsonNode details) => await Task.FromResult(details["voucher"]!["status"]!.GetValue<string>());

    [Fact]
    public async Task A_reviewer_finds_a_fresh_application_in_the_queue_weighs_it_and_recommends_it()
    {
        var id = await _api.ApplyAsync(1_200_000);
        var other = await _api.ApplyAsync(1_100_000); // the enterprise's other application this year

        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("reviewer.quang", "/reviewer/applications");
        await page.GotoAsync("/reviewer"); // the workspace's front door is the queue
        Assert.EndsWith("/reviewer/applications", page.Url);

        // the default queue: submitted applications, longest waiting first
        var since = await page.Locator("#queue tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.since)");
        Assert.NotEmpty(since);
        Assert.Equal(since.OrderBy(s => s, StringComparer.Ordinal), since);
        await page.AssertAccessibleAsync();

        // filters narrow it: this application is a medium enterprise's digital-transformation consulting, newest first
        await page.SelectOptionAsync("#kind", "DigitalTransformationConsulting");
        await page.SelectOptionAsync("#size", "Medium");
        await page.SelectOptionAsync("#sort", "newest");
        await page.ClickAsync("#filter");
        await page.WaitForURLAsync(u => u.Contains("kind=DigitalTransformationConsulting", StringComparison.Ordinal), BrowserLaunch.Committed);
        var row = page.Locator($"tr[data-voucher='{id}']");
        Assert.Equal(1, await row.CountAsync());
        Assert.Contains(DemoData.FoodSmeName, await row.InnerTextAsync());
        Assert.Contains("1.200.000", await row.InnerTextAsync());
        Assert.Contains("Tư vấn chuyển đổi số", await row.InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        await page.ShootAsync("reviewer-queue");
        await page.SelectOptionAsync("#kind", "LabTesting");
        await page.ClickAsync("#filter");
        await page.WaitForURLAsync(u => u.Contains("kind=LabTesting", StringComparison.Ordinal), BrowserLaunch.Committed);
        Assert.Equal(0, await page.Locator($"tr[data-voucher='{id}']").CountAsync());
        await page.GotoAsync("/reviewer/applications?status=Recommended&sort=newest&kind=DigitalTransformationConsulting");
        Assert.Equal(0, await page.Locator($"tr[data-voucher='{id}']").CountAsync());
        await page.AssertAccessibleAsync();

        // the application: enterprise, size class and why, the program's checks, caps, other applications, history
        await page.GotoAsync("/reviewer/applications?sort=newest&kind=DigitalTransformationConsulting&size=Medium");
        await page.ClickAsync($"tr[data-voucher='{id}'] a");
        await page.WaitForURLAsync(u => u.EndsWith($"/reviewer/applications/{id}", StringComparison.Ordinal), BrowserLaunch.Committed);
        Assert.Equal(DemoData.FoodSmeName, await Text(page, "#enterprise-name"));
        Assert.Equal(DemoData.FoodSmeTaxCode, await Text(page, "#tax-code"));
        Assert.Equal("Vừa", (await Text(page, "#size-class")).Trim());
        Assert.StartsWith("Vì sao:", (await Text(page, "#size-why")).Trim());
        var checks = await page.Locator("#checks tr[data-check]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.check + '=' + r.dataset.passed)");
        Assert.Contains("program.service-kind-not-eligible=true", checks);
        Assert.Contains("program.outside-application-window=true", checks);
        Assert.Contains("program.per-sme-year-cap-exceeded=true", checks);
        Assert.All(checks, c => Assert.EndsWith("=true", c));
        Assert.Equal("1.200.000 ₫", (await Text(page, "#held-this")).Replace('\u00A0', ' '));
        Assert.NotEqual("—", await Text(page, "#cap-per-voucher"));
        Assert.Equal(1, await page.Locator($"#others tr[data-voucher='{other}']").CountAsync());
        Assert.Equal(new[] { "Submitted" }, await page.Locator("#history li").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.status)"));
        Assert.Equal(new[] { "Recommend", "ReturnForInfo", "Reject" },
            await page.Locator("[data-action]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.action)"));
        Assert.Equal(0, await page.Locator("#later-duties").CountAsync()); // nothing done yet: nothing excluded
        await page.AssertAccessibleAsync();
        await page.ShootAsync("reviewer-application");

        // recommended through the page: the API shows it, and the page now says what the recommender may not do later
        await page.FillAsync("#recommend-note", "Hồ sơ đầy đủ, đủ điều kiện");
        await page.ClickAsync("#recommend");
        await page.WaitForSelectorAsync("#done");
        Assert.Equal("Đề xuất phê duyệt", await Text(page, "#status"));
        var details = await Voucher(id);
        Assert.Equal("Recommended", await StatusOf(details));
        Assert.Equal("Hồ sơ đầy đủ, đủ điều kiện", details["history"]!.AsArray().Last()!["reason"]!.GetValue<string>());
        Assert.Equal(0, await page.Locator("[data-action=Recommend]").CountAsync());
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Returning_and_rejecting_need_a_reason_beside_the_field_and_a_missing_one_changes_nothing()
    {
        var returned = await _api.ApplyAsync(1_000_000);
        var rejected = await _api.ApplyAsync(900_000);

        await using var context = await web.NewContextAsync(360, 780);
        var page = await context.NewPageAsync();
        await page.SignInAsync("reviewer.quang", $"/reviewer/applications/{returned}");

        // no reason: refused beside the field, nothing ran
        await page.ClickAsync("#return");
        await page.WaitForSelectorAsync("#return-reason-error");
        Assert.Equal("Vui lòng nhập thông tin này.", await Text(page, "#return-reason-error"));
        Assert.Equal("true", await page.GetAttributeAsync("#return-reason", "aria-invalid"));
        Assert.Equal(1, await page.Locator("#form-errors").CountAsync());
        var unchanged = await Voucher(returned);
        Assert.Equal("Submitted", await StatusOf(unchanged));
        Assert.Single(unchanged["history"]!.AsArray());
        await page.AssertAccessibleAsync();
        await page.ShootAsync("reviewer-application-refused");

        await page.FillAsync("#return-reason", "Bổ sung báo cáo tài chính năm 2025");
        await page.ClickAsync("#return");
        await page.WaitForSelectorAsync("#done");
        var details = await Voucher(returned);
        Assert.Equal("ReturnedForInfo", await StatusOf(details));
        Assert.Equal("Bổ sung báo cáo tài chính năm 2025", details["history"]!.AsArray().Last()!["reason"]!.GetValue<string>());
        Assert.Equal("Yêu cầu bổ sung", await Text(page, "#status"));
        await page.AssertAccessibleAsync();

        await page.GotoAsync($"/reviewer/applications/{rejected}");
        await page.ClickAsync("#reject");
        await page.WaitForSelectorAsync("#reject-reason-error");
        Assert.Equal("Vui lòng nhập thông tin này.", await Text(page, "#reject-reason-error"));
        Assert.Equal("Submitted", await StatusOf(await Voucher(rejected)));
        await page.FillAsync("#reject-reason", "Nội dung đề nghị không thuộc phạm vi chương trình");
        await page.ClickAsync("#reject");
        await page.WaitForSelectorAsync("#done");
        Assert.Equal("Rejected", await StatusOf(await Voucher(rejected)));
        Assert.Equal(0, await page.Locator("[data-action]").CountAsync());
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task A_confirmed_delivery_is_accepted_in_part_with_its_record_number_and_another_sent_back_for_rework()
    {
        var accepted = await _api.VoucherAt(DemoApi.Stage.DeliveryConfirmed, 1_000_000);
        var reworked = await _api.VoucherAt(DemoApi.Stage.DeliveryConfirmed, 1_000_000);
        var support = (await Voucher(accepted))["voucher"]!["supportAmount"]!.GetValue<long>();
        var part = support - 200_000;

        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("reviewer.quang", "/reviewer/acceptance");
        await page.GotoAsync("/reviewer/acceptance?sort=newest");
        Assert.Equal(1, await page.Locator($"tr[data-voucher='{accepted}']").CountAsync());
        Assert.Equal(1, await page.Locator($"tr[data-voucher='{reworked}']").CountAsync());
        await page.AssertAccessibleAsync();
        await page.ShootAsync("reviewer-acceptance");

        await page.ClickAsync($"tr[data-voucher='{accepted}'] a");
        await page.WaitForURLAsync(u => u.EndsWith($"/reviewer/applications/{accepted}", StringComparison.Ordinal), BrowserLaunch.Committed);
        Assert.Equal(new[] { "Accept", "RequestRework", "Dispute" },
            await page.Locator("[data-action]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.action)"));

        // more than the support amount: the domain refuses it, beside the amount; no record number: refused beside it
        await page.FillAsync("#decision-number", "BB-NT-" + accepted[..6]);
        await page.FillAsync("#accepted-amount", (support + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("#accept");

        await page.WaitForSelectorAsync("#accepted-amount-error");
        Assert.Equal("DeliveryConfirmed", await StatusOf(await Voucher(accepted)));
        await page.AssertAccessibleAsync();
        await page.FillAsync("#decision-number", "");
        await page.FillAsync("#accepted-amount", part.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("#accept");
        await page.WaitForSelectorAsync("#decision-number-error");
        Assert.Equal("DeliveryConfirmed", await StatusOf(await Voucher(accepted)));

        await page.FillAsync("#decision-number", "BB-NT-" + accepted[..6]);
        await page.FillAsync("#accepted-amount", part.ToString("#,0", System.Globalization.CultureInfo.GetCultureInfo("vi-VN")));
        await page.ClickAsync("#accept");
        await page.WaitForSelectorAsync("#done");
        var details = (await Voucher(accepted))["voucher"]!;
        Assert.Equal("Accepted", details["status"]!.GetValue<string>());
        Assert.Equal(part, details["acceptedAmount"]!.GetValue<long>());
        Assert.Equal("BB-NT-" + accepted[..6], details["acceptanceDecisionNumber"]!.GetValue<string>());
        Assert.Equal("BB-NT-" + accepted[..6], await Text(page, "#decision-number"));
        await page.AssertAccessibleAsync();

        await page.GotoAsync($"/reviewer/applications/{reworked}");
        await page.ClickAsync("#rework");
        await page.WaitForSelectorAsync("#rework-reason-error");
        await page.FillAsync("#rework-reason", "Báo cáo thiếu phần lộ trình chi tiết");
        await page.ClickAsync("#rework");
        await page.WaitForSelectorAsync("#done");
        Assert.Equal("InRework", await StatusOf(await Voucher(reworked)));
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Segregation_of_duties_is_shown_before_the_click()
    {
        // reviewer.quang recommended it (DemoApi) and accepts it now: the domain forbids the recommender and the acceptor
        // to authorise or record its payment — said on the page before finance's step comes
        var id = await _api.VoucherAt(DemoApi.Stage.DeliveryConfirmed, 1_000_000);

        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("reviewer.quang", $"/reviewer/applications/{id}");
        var rules = await page.Locator("#later-duties [data-rule]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.rule)");
        Assert.Equal(new[] { "sod.recommender-cannot-authorise-payment", "sod.recommender-cannot-record-payment" }, rules);
        Assert.Contains("không được duyệt thanh toán", await Text(page, "#later-duties"));
        await page.AssertAccessibleAsync();

        // accepting it adds the acceptor's exclusion, which the domain checks after the recommender's: the same two notes
        await page.FillAsync("#decision-number", "BB-SOD-" + id[..6]);
        await page.ClickAsync("#accept");
        await page.WaitForSelectorAsync("#done");
        Assert.Equal(rules, await page.Locator("#later-duties [data-rule]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.rule)"));
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task A_double_clicked_and_re_posted_recommendation_runs_once()
    {
        var id = await _api.ApplyAsync(800_000);

        await using var context = await web.NewContextAsync(360, 780);
        var page = await context.NewPageAsync();
        await page.SignInAsync("reviewer.quang", $"/reviewer/applications/{id}");
        var form = page.Locator("[data-action=Recommend] form");
        var fields = new Dictionary<string, string>();
        foreach (var input in await form.Locator("input[type=hidden]").AllAsync())
            fields[(await input.GetAttributeAsync("name"))!] = (await input.GetAttributeAsync("value"))!;
        var action = (await form.GetAttributeAsync("action"))!;
        await page.FillAsync("#recommend-note", "Đủ điều kiện");
        fields["Note"] = "Đủ điều kiện";

        await page.DblClickAsync("#recommend");
        await page.WaitForSelectorAsync("#done");
        Assert.Equal("Đề xuất phê duyệt", await Text(page, "#status"));
        var again = await page.APIRequest.PostAsync(action, new APIRequestContextOptions { Form = FormOf(context, fields), MaxRedirects = 0 });
        Assert.Equal(302, again.Status);
        Assert.Equal($"/reviewer/applications/{id}", again.Headers["location"]);
        var history = (await Voucher(id))["history"]!.AsArray();
        Assert.Single(history, h => h!["trigger"]?.GetValue<string>() == "Recommend");
        await page.GotoAsync($"/reviewer/applications/{id}");
        Assert.Equal(0, await page.Locator("#refused").CountAsync());
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task A_dong_thap_reviewer_cannot_open_a_thanh_hoa_application()
    {
        var id = await _api.ApplyAsync(700_000);

        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("reviewer.an", "/reviewer/applications");
        Assert.Equal(404, (await page.APIRequest.GetAsync($"/reviewer/applications/{id}")).Status);
        Assert.Equal(0, await page.Locator($"tr[data-voucher='{id}']").CountAsync());
        // whatever the address asks for: a provincial reviewer has no province filter, and their queue stays theirs
        await page.GotoAsync("/reviewer/applications?province=thanh-hoa&sort=newest");
        Assert.Equal(0, await page.Locator("#province").CountAsync());
        Assert.Equal(0, await page.Locator($"tr[data-voucher='{id}']").CountAsync());
        await page.GotoAsync("/reviewer/acceptance");
        await page.AssertAccessibleAsync();
    }

    private static IFormData FormOf(IBrowserContext context, IReadOnlyDictionary<string, string> fields)
    {
        var form = context.APIRequest.CreateFormData();
        foreach (var (k, v) in fields) form.Set(k, v);
        return form;
    }
}
