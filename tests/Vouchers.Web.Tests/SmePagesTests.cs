using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Web.Tests;

/// <summary>
/// The SME's pages (issue 17) in Chromium against the real host: the profile with its size class and why, applying with
/// the caps shown first, the list, a voucher's timeline and own actions, the QR (decoded by zbarimg) and the card; the
/// reviewer and finance steps through the API with the development issuer's tokens.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SmePagesTests(WebFixture web)
{
    private readonly HttpClient _api = new() { BaseAddress = new Uri(web.Base + "/") };

    private async Task<HttpClient> As(string user)
    {
        var token = (await (await _api.PostAsJsonAsync("api/dev/tokens", new { user })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonNode>())!["accessToken"]!.GetValue<string>();
        var client = new HttpClient { BaseAddress = _api.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<JsonNode> Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private static Task<JsonNode> Post(HttpClient client, string url, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return Ok(client.SendAsync(request));
    }

    private async Task<string> ProgramId(string codePrefix, string province = "dong-thap") =>
        (await Ok(_api.GetAsync($"api/public/programs?province={province}&pageSize=100")))["items"]!.AsArray()
        .Single(p => p!["code"]!.GetValue<string>().StartsWith(codePrefix, StringComparison.Ordinal))!["id"]!.GetValue<string>();

    private static Task<string> Text(IPage page, string selector) => page.Locator(selector).InnerTextAsync();

    [Fact]
    public async Task An_sme_updates_its_profile_applies_with_the_caps_shown_and_holds_its_voucher_as_a_qr_and_a_card()
    {
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("sme.xoai", "/sme/enterprise");

        // the profile: the sign-in's tax code, the size class the domain computed, and why
        Assert.Equal(DemoData.MangoSmeTaxCode, await Text(page, "#tax-code"));
        Assert.Equal("Siêu nhỏ", (await Text(page, "#size-class")).Trim());
        Assert.Contains("8 lao động bình quân (không quá 10)", await Text(page, "#size-why"));
        Assert.Contains("doanh thu năm 2.500.000.000", await Text(page, "#size-why"));
        Assert.Equal(0, await page.Locator("input#tax-code, input[name*=TaxCode]").CountAsync()); // shown, not editable
        await page.AssertAccessibleAsync();
        await page.ShootAsync("sme-enterprise");

        // a figure that is not a number is refused beside its field, in Vietnamese, and nothing is saved
        await page.FillAsync("#employees", "tám");
        await page.FillAsync("#commune", "");
        await page.ClickAsync("#save");
        Assert.Contains("số nguyên", await Text(page, "#employees-error"));
        Assert.Equal("true", await page.GetAttributeAsync("#employees", "aria-invalid"));
        Assert.Contains("employees-error", await page.GetAttributeAsync("#employees", "aria-describedby"));
        Assert.Contains("Vui lòng nhập", await Text(page, "#commune-error"));
        await page.AssertAccessibleAsync();
        await page.ShootAsync("sme-enterprise-errors");

        // the update goes through RegisterEnterprise; still micro (9 staff, 2,8 billion)
        await page.FillAsync("#commune", "Phường Cao Lãnh");
        await page.FillAsync("#employees", "9");
        await page.FillAsync("#revenue", "2.800.000.000");
        await page.ClickAsync("#save");
        await page.WaitForURLAsync(url => url.Contains("saved=true", StringComparison.Ordinal), BrowserLaunch.Committed);
        Assert.Contains("Đã lưu", await Text(page, "#saved"));
        Assert.Equal("9", await page.InputValueAsync("#employees"));
        Assert.Contains("9 lao động", await Text(page, "#size-why"));
        var sme = await As("sme.xoai");
        Assert.Equal(2_800_000_000L, (await Ok(sme.GetAsync("api/sme/enterprise")))["annualRevenue"]!.GetValue<long>());

        // apply: pick the lab-testing program, see the caps of a micro enterprise before submitting
        var lab = await ProgramId("DT-LAB-");
        await page.GotoAsync("/sme/apply");
        await page.AssertAccessibleAsync();
        await page.ShootAsync("sme-apply-programs");
        await page.CheckAsync($"#program-{lab}");
        await page.ClickAsync("#choose-program");
        await page.WaitForURLAsync(url => url.Contains("programId=" + lab, StringComparison.OrdinalIgnoreCase), BrowserLaunch.Committed);
        Assert.Equal("20.000.000\u00A0₫", await Text(page, "#cap-per-voucher"));
        Assert.Equal("20.000.000\u00A0₫", await Text(page, "#cap-per-year"));
        Assert.Equal("0\u00A0₫", await Text(page, "#cap-held"));
        Assert.Equal("20.000.000\u00A0₫", await Text(page, "#cap-left"));
        Assert.True(await page.IsCheckedAsync("#kind-LabTesting")); // the program's one kind
        await page.AssertAccessibleAsync();
        await page.ShootAsync("sme-apply");

        // above the micro per-voucher cap: refused with its reason, nothing applied
        await page.FillAsync("#amount", "25.000.000");
        await page.FillAsync("#purpose", "Kiểm nghiệm dư lượng thuốc bảo vệ thực vật trên xoài");
        await page.ClickAsync("#submit-application");
        Assert.Contains("vượt mức tối đa mỗi phiếu", await Text(page, "#form-errors"));
        Assert.Equal(0, (await Ok(sme.GetAsync("api/sme/vouchers")))["total"]!.GetValue<int>() -
                        (await Ok(sme.GetAsync("api/sme/vouchers?status=Withdrawn")))["total"]!.GetValue<int>());
        await page.AssertAccessibleAsync();
        await page.ShootAsync("sme-apply-refused");
        // and the refusal is in the audit trail, as a refused API call is: the page, the caller, the code
        var auditor = await As("auditor.yen"); // the national auditor: an SME's refused post names no province
        var refused = (await Ok(auditor.GetAsync("api/auditor/audit-trail?outcome=Refused&subject=dev%7Csme.xoai")))["items"]!.AsArray();
        Assert.Contains(refused, e => e!["action"]!.GetValue<string>() == "page POST /sme/apply" && e["reasonCode"]?.GetValue<string>() == "program.per-voucher-cap-exceeded");

        await page.FillAsync("#amount", "6.000.000");
        await page.ClickAsync("#submit-application");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/sme/vouchers/", StringComparison.Ordinal), BrowserLaunch.Committed);
        var id = new Uri(page.Url).AbsolutePath.Split('/')[3];
        Assert.Contains("Đã nộp hồ sơ", await Text(page, "#done"));
        Assert.Equal("Đã nộp hồ sơ", await Text(page, "#status"));
        Assert.Equal(new[] { "Withdraw" }, await page.Locator("[data-action]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.action)"));
        var code = (await Ok(sme.GetAsync($"api/sme/vouchers/{id}")))["voucher"]!["code"]!.GetValue<string>();
        await page.AssertAccessibleAsync();
        await page.ShootAsync("sme-voucher-submitted");

        // the list: the application with its status in Vietnamese; a status filter that excludes it
        await page.GotoAsync("/sme/vouchers");
        var item = page.Locator($"[data-voucher='{id}']");
        Assert.Contains(code, await item.InnerTextAsync());
        Assert.Contains("Đã nộp hồ sơ", await item.InnerTextAsync());
        Assert.Contains("6.000.000\u00A0₫", await item.InnerTextAsync());
        await page.AssertAccessibleAsync();
        await page.ShootAsync("sme-vouchers");
        await page.SelectOptionAsync("#status", "Issued");
        await page.ClickAsync("#filter");
        await page.WaitForURLAsync(url => url.Contains("status=Issued", StringComparison.Ordinal), BrowserLaunch.Committed);
        Assert.Equal(0, await page.Locator($"[data-voucher='{id}']").CountAsync());

        // the department recommends, finance approves (below the four-eyes threshold: one approval issues it)
        await Post(await As("reviewer.an"), $"api/reviewer/vouchers/{id}/recommend", new { note = "Đủ điều kiện, đề xuất phê duyệt" });
        await Post(await As("finance.binh"), $"api/finance/vouchers/{id}/approve", new { }, "approve-" + id);

        await page.GotoAsync($"/sme/vouchers/{id}");
        Assert.Equal("Đã cấp phiếu", await Text(page, "#status"));
        Assert.Contains("6.000.000\u00A0₫", await Text(page, "#face-value"));
        Assert.Contains("Sáu triệu đồng", await Text(page, "#face-value"));
        Assert.Equal(["Submitted", "Recommended", "Issued"],
            await page.Locator("#history li").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.status)"));
        Assert.Contains("Sở Tài chính", await Text(page, "#history li:last-child"));
        Assert.Equal(new[] { "Withdraw" }, await page.Locator("[data-action]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.action)"));
        await page.AssertAccessibleAsync();
        await page.ShootAsync("sme-voucher-issued");

        // the QR page: the code, the value in figures and words, the date; the picture scans to the voucher's token
        await page.ClickAsync("#show-qr");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/sme/vouchers/{id}/qr", BrowserLaunch.Committed);
        var qr = await Ok(sme.GetAsync($"api/sme/vouchers/{id}/qr"));
        Assert.Equal(code, await Text(page, "#voucher-code"));
        Assert.Equal("6.000.000\u00A0₫", await Text(page, "#face-value"));
        Assert.Equal("Sáu triệu đồng", await Text(page, "#face-words"));
        Assert.Equal(qr["validUntil"]!.GetValue<string>(), DateOnly.ParseExact(await Text(page, "#valid-until"), "dd/MM/yyyy").ToString("yyyy-MM-dd"));
        await page.AssertAccessibleAsync();
        await page.ShootAsync("sme-qr");
        var png = await page.APIRequest.GetAsync($"/sme/vouchers/{id}/qr.png");
        Assert.Equal("image/png", png.Headers["content-type"]);
        Assert.Contains("no-store", png.Headers["cache-control"]);
        using var scratch = new ScratchDirectory();
        var file = Path.Combine(scratch.Path, "qr.png");
        await File.WriteAllBytesAsync(file, await png.BodyAsync());
        Assert.Equal(qr["token"]!.GetValue<string>(), ZBar.DecodeQr(file));
        // as drawn on a phone's screen (360 px wide), it still scans
        await page.SetViewportSizeAsync(360, 780);
        var onScreen = Path.Combine(scratch.Path, "qr-360.png");
        await page.Locator("#qr").ScreenshotAsync(new LocatorScreenshotOptions { Path = onScreen });
        Assert.True((await page.Locator("#qr").BoundingBoxAsync())!.Width >= 250, "the QR fills most of a phone's width");
        Assert.Equal(qr["token"]!.GetValue<string>(), ZBar.DecodeQr(onScreen));
        await page.SetViewportSizeAsync(1280, 900);

        // the printable card under the cookie sign-in: its own CSP lets its inline CSS apply (the site's would not)
        var card = await page.GotoAsync($"/sme/vouchers/{id}/card");
        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'; img-src data:", card!.Headers["content-security-policy"]);
        Assert.Equal("rgb(139, 26, 26)", await page.Locator("h1").EvaluateAsync<string>("e => getComputedStyle(e).color"));
        Assert.Contains(code, await page.InnerTextAsync(".card"));
        Assert.Contains("Sáu triệu đồng", await page.InnerTextAsync(".card"));
        await page.AssertAccessibleAsync();
        await page.ShootAsync("sme-card");

        // the lab redeems and reports delivery: the SME may now confirm or dispute (and no longer withdraw)
        var provider = await As("provider.lab");
        await Post(provider, "api/provider/vouchers/redeem", new { token = qr["token"]!.GetValue<string>(), contractValue = 12_000_000, contractNumber = "HĐ-2026/017" }, "redeem-" + id);
        await Post(provider, $"api/provider/vouchers/{id}/deliver", new { note = "Đã trả phiếu kết quả thử nghiệm số KQ-0417" });
        await page.GotoAsync($"/sme/vouchers/{id}");
        Assert.Equal(new[] { "ConfirmDelivery", "Dispute" }, await page.Locator("[data-action]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.action)"));
        Assert.Equal(0, await page.Locator("#show-qr").CountAsync()); // used: no QR to show any more
        await page.ClickAsync("#dispute"); // a dispute needs its reason: said beside the field, nothing sent
        Assert.Contains("Vui lòng nhập", await Text(page, "#dispute-reason-error"));
        Assert.Equal("Delivered", (await Ok(sme.GetAsync($"api/sme/vouchers/{id}")))["voucher"]!["status"]!.GetValue<string>());
        await page.AssertAccessibleAsync();
        await page.ShootAsync("sme-voucher-delivered");
        await page.FillAsync("#confirm-note", "Đã nhận kết quả thử nghiệm");
        await page.ClickAsync("#confirm");
        await page.WaitForSelectorAsync("#done");
        Assert.Equal("Doanh nghiệp xác nhận", await Text(page, "#status"));
        Assert.Equal(new[] { "Dispute" }, await page.Locator("[data-action]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.action)"));
        Assert.Contains("Đã nhận kết quả thử nghiệm", await Text(page, "#history"));

        // another enterprise: the voucher is not there for it (404, as for one that does not exist)
        await using var other = await web.NewContextAsync();
        var food = await other.NewPageAsync();
        await food.SignInAsync("sme.food", "/sme/vouchers");
        Assert.Equal(0, await food.Locator($"[data-voucher='{id}']").CountAsync());
        foreach (var path in new[] { $"/sme/vouchers/{id}", $"/sme/vouchers/{id}/qr", $"/sme/vouchers/{id}/qr.png", $"/sme/vouchers/{id}/card", $"/sme/vouchers/{Guid.NewGuid()}" })
            Assert.Equal(404, (await food.APIRequest.GetAsync(path)).Status);
    }

    [Fact]
    public async Task Withdrawing_under_a_double_click_and_a_resubmitted_form_withdraws_once()
    {
        var sme = await As("sme.xoai");
        var applied = await Post(sme, "api/sme/applications", new
        {
            programId = await ProgramId("DT-CDS-"), serviceKind = "DigitalTransformationConsulting", requestedAmount = 10_000_000, purpose = "Lộ trình chuyển đổi số",
        });
        var id = applied["id"]!.GetValue<string>();

        await using var context = await web.NewContextAsync(360, 780);
        var page = await context.NewPageAsync();
        await page.SignInAsync("sme.xoai", $"/sme/vouchers/{id}");
        var form = page.Locator("[data-action=Withdraw] form");
        var fields = new Dictionary<string, string>();
        foreach (var input in await form.Locator("input[type=hidden]").AllAsync())
            fields[(await input.GetAttributeAsync("name"))!] = (await input.GetAttributeAsync("value"))!;
        var action = (await form.GetAttributeAsync("action"))!;
        await page.FillAsync("#withdraw-reason", "Đã tự thực hiện được");
        fields["Reason"] = "Đã tự thực hiện được";

        await page.DblClickAsync("#withdraw");
        await page.WaitForSelectorAsync("#done");
        Assert.Contains("Đã rút hồ sơ", await Text(page, "#done"));
        Assert.Equal("Rút hồ sơ", await Text(page, "#status"));
        Assert.Equal(0, await page.Locator("[data-action]").CountAsync());
        // the same form sent again (a reload after a lost answer): answered from the first run, not run again
        var again = await page.APIRequest.PostAsync(action, new APIRequestContextOptions { Form = FormOf(context, fields), MaxRedirects = 0 });
        Assert.Equal(302, again.Status);
        Assert.Equal($"/sme/vouchers/{id}", again.Headers["location"]);
        var history = (await Ok(sme.GetAsync($"api/sme/vouchers/{id}")))["history"]!.AsArray();
        Assert.Single(history, h => h!["to"]!.GetValue<string>() == "Withdrawn");
        await page.GotoAsync($"/sme/vouchers/{id}");
        Assert.Equal(0, await page.Locator("#refused").CountAsync());
        await page.AssertAccessibleAsync();
        await page.ShootAsync("sme-voucher-withdrawn");
    }

    private static IFormData FormOf(IBrowserContext context, IReadOnlyDictionary<string, string> fields)
    {
        var form = context.APIRequest.CreateFormData();
        foreach (var (k, v) in fields) form.Set(k, v);
        return form;
    }

    [Fact]
    public async Task A_change_of_size_with_an_application_open_waits_for_a_reviewer_and_the_pages_switch_to_english()
    {
        var sme = await As("sme.logistics");
        await Post(sme, "api/sme/applications", new
        {
            programId = await ProgramId("DN-AI-", "dong-nai"), serviceKind = "AiSolution", requestedAmount = 5_000_000, purpose = "Trợ lý AI chăm sóc khách hàng",
        });

        await using var context = await web.NewContextAsync(360, 780);
        var page = await context.NewPageAsync();
        await page.SignInAsync("sme.logistics", "/sme/enterprise");
        Assert.Equal("Nhỏ", (await Text(page, "#size-class")).Trim());
        await page.FillAsync("#employees", "80"); // trade and services: above 50 is medium
        await page.ClickAsync("#save");
        await page.WaitForURLAsync(url => url.Contains("saved=true", StringComparison.Ordinal), BrowserLaunch.Committed);
        Assert.Contains("chờ Sở Khoa học và Công nghệ", await Text(page, "#pending"));
        Assert.Contains("40 → 80", (await Text(page, "#pending")).Replace("\u00A0", " ", StringComparison.Ordinal));
        Assert.Equal(0, await page.Locator("#saved").CountAsync());
        Assert.Equal("Nhỏ", (await Text(page, "#size-class")).Trim()); // the profile is unchanged until a reviewer decides
        Assert.NotNull((await Ok(sme.GetAsync("api/sme/enterprise")))["pendingChange"]);
        await page.AssertAccessibleAsync();
        await page.ShootAsync("sme-enterprise-pending");

        await page.ClickAsync("header.site a[hreflang=en]");
        await page.WaitForSelectorAsync("html[lang=en]");
        Assert.Equal("Enterprise profile", await Text(page, "h1"));
        Assert.Contains("A change is waiting", await Text(page, "#pending"));
        Assert.Equal("Figures for the year", await Text(page, "label[for=year]"));
        await page.GotoAsync("/sme/vouchers");
        Assert.Equal("My applications and vouchers", await Text(page, "h1"));
        await page.AssertAccessibleAsync();
        await page.ShootAsync("sme-vouchers-en");
    }
}
