using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Playwright;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Web.Tests;

/// <summary>
/// The provider's pages in Chromium against the real service: a voucher issued through the API (the SME applies, the
/// reviewer recommends, finance approves, with the development issuer's tokens), then scanned by the consultant with
/// the camera (Chromium's fake device playing the rendered QR as a .y4m that Debian's ffmpeg made), by a photo and by
/// the typed code and tax code; redeemed after seeing the support and co-payment, with a double click and a resubmitted
/// form making one redemption; delivered, confirmed and accepted, its payment claimed with an e-invoice and paid.
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class ProviderPagesTests(WebFixture web) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(web.Base + "/") };
    private readonly string _scratch = Directory.CreateTempSubdirectory("vouchers-provider-pages-").FullName;

    public void Dispose()
    {
        _http.Dispose();
        try { Directory.Delete(_scratch, recursive: true); } catch (IOException) { }
    }

    // ───────────── the API side: a voucher of Thanh Hóa's digital-transformation program, for the demo consultant

    private sealed record IssuedVoucher(string Id, string Code, string TaxCode, string Token, string PngPath);

    private async Task<JsonNode> Call(HttpMethod method, string user, string path, object? body = null, string? key = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenOf(user));
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} as {user}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private readonly Dictionary<string, string> _tokens = new();

    private async Task<string> TokenOf(string user)
    {
        if (_tokens.TryGetValue(user, out var t)) return t;
        using var response = await _http.PostAsJsonAsync("api/dev/tokens", new { user });
        response.EnsureSuccessStatusCode();
        return _tokens[user] = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["accessToken"]!.GetValue<string>();
    }

    /// <summary>An issued voucher of <c>sme.food</c> (a medium enterprise: the program's caps leave room for every test's voucher).</summary>
    private async Task<IssuedVoucher> IssueAsync(long amount)
    {
        var programs = await _http.GetFromJsonAsync<JsonNode>("api/public/programs?province=thanh-hoa");
        var programId = programs!["items"]!.AsArray().Single(p => p!["code"]!.GetValue<string>().StartsWith("TH-CDS-", StringComparison.Ordinal))!["id"]!.GetValue<string>();
        var applied = await Call(HttpMethod.Post, "sme.food", "api/sme/applications", new
        {
            programId, serviceKind = "DigitalTransformationConsulting", requestedAmount = amount, purpose = "Đánh giá mức độ chuyển đổi số và lộ trình cho xưởng chế biến",
        });
        var id = applied["id"]!.GetValue<string>();
        await Call(HttpMethod.Post, "reviewer.quang", $"api/reviewer/vouchers/{id}/recommend", new { note = "Đủ điều kiện" });
        await Call(HttpMethod.Post, "finance.son", $"api/finance/vouchers/{id}/approve", new { }, key: Guid.NewGuid().ToString());
        var qr = await Call(HttpMethod.Get, "sme.food", $"api/sme/vouchers/{id}/qr");
        var png = Path.Combine(_scratch, $"{id}.png");
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"api/sme/vouchers/{id}/qr.png?scale=4"))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenOf("sme.food"));
            using var response = await _http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            await File.WriteAllBytesAsync(png, await response.Content.ReadAsByteArrayAsync());
        }
        return new IssuedVoucher(id, qr["code"]!.GetValue<string>(), DemoData.FoodSmeTaxCode, qr["token"]!.GetValue<string>(), png);
    }

    private async Task<JsonNode> SmeViewAsync(string id) => (await Call(HttpMethod.Get, "sme.food", $"api/sme/vouchers/{id}"));

    // ───────────── the tests

    [Fact]
    public async Task The_camera_reads_the_QR_and_the_page_answers_for_that_voucher()
    {
        var voucher = await IssueAsync(20_000_000);
        var video = await FakeCameraAsync(voucher.PngPath);
        await using var browser = await web.Playwright.Chromium.LaunchAsync(BrowserLaunch.Options(
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--use-file-for-fake-video-capture=" + video));
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 360, Height = 780 }, BaseURL = web.Base, Locale = "vi-VN", TimezoneId = "Asia/Ho_Chi_Minh",
        });
        await context.GrantPermissionsAsync(["camera"], new BrowserContextGrantPermissionsOptions { Origin = web.Base });
        var page = await context.NewPageAsync();
        await page.SignInAsync("provider.consultant", "/provider/scan");

        Assert.True(await page.IsVisibleAsync("#camera"), "the camera panel shows where the browser has a camera");
        await page.AssertAccessibleAsync();
        await page.ShootAsync("provider-scan");
        await page.ClickAsync("#camera-start");
        await page.WaitForSelectorAsync("#result", new PageWaitForSelectorOptions { Timeout = 20_000 });

        await AssertValidAnswerAsync(page, voucher);
        Assert.Equal("Issued", (await SmeViewAsync(voucher.Id))["voucher"]!["status"]!.GetValue<string>()); // verifying changes nothing
    }

    [Fact]
    public async Task By_photo_and_by_typed_code_then_redeemed_once_delivered_claimed_and_paid()
    {
        var voucher = await IssueAsync(20_000_000);
        await using var context = await web.NewContextAsync(360, 780);
        var page = await context.NewPageAsync();
        await page.SignInAsync("provider.consultant", "/provider/scan");

        // a photo of the QR, decoded in the browser
        await page.SetInputFilesAsync("#photo-input", voucher.PngPath);
        await page.WaitForSelectorAsync("#result");
        await AssertValidAnswerAsync(page, voucher);
        await page.AssertAccessibleAsync();
        await page.ShootAsync("provider-scan-valid");

        // the typed code and tax code: the same answer; a wrong tax code answered exactly as a code of no voucher
        await page.GotoAsync("/provider/scan");
        await page.FillAsync("#code", voucher.Code.ToLowerInvariant());
        await page.FillAsync("#taxCode", voucher.TaxCode);
        await page.ClickAsync("#verify-code");
        await AssertValidAnswerAsync(page, voucher);

        await page.GotoAsync("/provider/scan");
        await page.FillAsync("#code", voucher.Code);
        await page.FillAsync("#taxCode", DemoData.MangoSmeTaxCode); // a real enterprise's, not this voucher's
        await page.ClickAsync("#verify-code");
        var wrongTaxCode = await page.InnerTextAsync("#result");
        Assert.Contains("Phiếu không hợp lệ: Không tìm thấy phiếu", wrongTaxCode);
        Assert.DoesNotContain(voucher.Code, await page.InnerTextAsync("main"));
        Assert.Equal(0, await page.Locator("#contract-form").CountAsync());
        await page.AssertAccessibleAsync();
        await page.ShootAsync("provider-scan-refused");
        await page.GotoAsync("/provider/scan");
        await page.FillAsync("#code", "PH-2222-3333-4444");
        await page.FillAsync("#taxCode", voucher.TaxCode);
        await page.ClickAsync("#verify-code");
        Assert.Equal(wrongTaxCode, await page.InnerTextAsync("#result"));

        // not a code at all: the field says why
        await page.FillAsync("#code", "7KQ2");
        await page.ClickAsync("#verify-code");
        Assert.Equal("true", await page.GetAttributeAsync("#code", "aria-invalid"));
        await page.AssertAccessibleAsync();

        // redeem: the contract, then the support and the co-payment before confirming
        await page.GotoAsync("/provider/scan");
        await page.FillAsync("#code", voucher.Code);
        await page.FillAsync("#taxCode", voucher.TaxCode);
        await page.ClickAsync("#verify-code");
        await page.FillAsync("#contractValue", "30.000.000");
        await page.FillAsync("#contractNumber", "HĐ-TH/2026-07");
        await page.ClickAsync("#preview");
        await page.WaitForSelectorAsync("#quote");
        Assert.Equal("30.000.000\u00A0₫", await page.InnerTextAsync("#quote-contract"));
        Assert.Equal("15.000.000\u00A0₫", await page.InnerTextAsync("#quote-support"));   // 50 % of 30.000.000, under the face value
        Assert.Equal("15.000.000\u00A0₫", await page.InnerTextAsync("#quote-copayment"));
        Assert.Contains("Mười lăm triệu đồng", await page.InnerTextAsync("#quote"));
        Assert.Equal("Issued", (await SmeViewAsync(voucher.Id))["voucher"]!["status"]!.GetValue<string>()); // nothing fixed yet
        await page.AssertAccessibleAsync();
        await page.ShootAsync("provider-redeem-confirm");

        // the confirm form as it was drawn, to send again later (a resubmitted form)
        var form = await page.EvalOnSelectorAsync<Dictionary<string, string>>("#confirm-form",
            "f => Object.fromEntries(Array.from(new FormData(f).entries()))");
        var action = await page.EvalOnSelectorAsync<string>("#confirm-form", "f => f.action");
        await page.DblClickAsync("#confirm");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/provider/vouchers/{voucher.Id}", BrowserLaunch.Committed);
        Assert.Contains("Đã ghi nhận việc sử dụng phiếu", await page.InnerTextAsync("#done"));
        Assert.Equal("15.000.000\u00A0₫", await page.InnerTextAsync("#support"));

        var resent = await context.APIRequest.PostAsync(action, new APIRequestContextOptions
        {
            Form = form.Aggregate(context.APIRequest.CreateFormData(), (f, kv) => f.Set(kv.Key, kv.Value)), MaxRedirects = 0,
        });
        Assert.Equal(302, resent.Status); // the stored answer: to the same voucher
        Assert.Equal($"/provider/vouchers/{voucher.Id}?done=redeemed", resent.Headers["location"]);

        var sme = await SmeViewAsync(voucher.Id);
        Assert.Equal("Redeemed", sme["voucher"]!["status"]!.GetValue<string>());
        Assert.Single(sme["history"]!.AsArray(), t => t!["to"]!.GetValue<string>() == "Redeemed");
        var mine = await Call(HttpMethod.Get, "provider.consultant", "api/provider/vouchers?pageSize=100&status=Redeemed");
        Assert.Single(mine["items"]!.AsArray(), v => v!["id"]!.GetValue<string>() == voucher.Id);
        await page.AssertAccessibleAsync();
        await page.ShootAsync("provider-voucher-redeemed");

        // my redemptions: the list, filtered
        await page.GotoAsync("/provider/vouchers?status=Redeemed");
        Assert.Contains(voucher.Code, await page.InnerTextAsync("table.vouchers"));
        Assert.Equal("Redeemed", await page.InputValueAsync("#status"));
        await page.AssertAccessibleAsync();
        await page.ShootAsync("provider-vouchers");
        await page.SelectOptionAsync("#status", "Paid");
        await page.ClickAsync("form.filters button[type=submit]");
        Assert.DoesNotContain(voucher.Code, await page.InnerTextAsync("main"));

        // delivery reported on the page; the SME confirms and the reviewer accepts through the API
        await page.GotoAsync($"/provider/vouchers/{voucher.Id}");
        await page.ClickAsync("#deliver"); // an empty note is refused, beside the field
        Assert.Equal("true", await page.GetAttributeAsync("#note", "aria-invalid"));
        await page.AssertAccessibleAsync();
        await page.FillAsync("#note", "Đã bàn giao báo cáo đánh giá và lộ trình chuyển đổi số, biên bản 07/BG");
        await page.ClickAsync("#deliver");
        Assert.Contains("Đã gửi báo cáo bàn giao", await page.InnerTextAsync("#done"));
        Assert.Contains("Chờ doanh nghiệp xác nhận", await page.InnerTextAsync("#next"));
        await Call(HttpMethod.Post, "sme.food", $"api/sme/vouchers/{voucher.Id}/confirm-delivery", new { note = "Đã nhận báo cáo" });
        await Call(HttpMethod.Post, "reviewer.quang", $"api/reviewer/vouchers/{voucher.Id}/accept", new { decisionNumber = "07/BB-NT" });

        // the payment claimed with the e-invoice number, twice by a double click: once
        await page.ReloadAsync();
        Assert.Contains("Chưa đề nghị thanh toán", await page.InnerTextAsync("#payment-status"));
        await page.AssertAccessibleAsync();
        await page.ShootAsync("provider-voucher-accepted");
        var invoice = $"1C26TAA-{voucher.Id[^8..].ToUpperInvariant()}";
        await page.FillAsync("#eInvoiceNumber", invoice);
        await page.DblClickAsync("#claim");
        await page.WaitForURLAsync(url => new Uri(url).Query.Contains("done=claimed", StringComparison.Ordinal), BrowserLaunch.Committed);
        Assert.Equal(invoice, await page.InnerTextAsync("#e-invoice"));
        Assert.Contains("Chờ duyệt", await page.InnerTextAsync("#payment-status"));
        Assert.Single((await SmeViewAsync(voucher.Id))["history"]!.AsArray(), t => t!["to"]!.GetValue<string>() == "PaymentClaimed");

        // finance authorises (another officer than the approver) and records the payment: the page shows it paid
        await Call(HttpMethod.Post, "finance.tam", $"api/finance/vouchers/{voucher.Id}/settle", null, key: Guid.NewGuid().ToString());
        await Call(HttpMethod.Post, "finance.uyen", $"api/finance/vouchers/{voucher.Id}/disburse", new { paymentReference = "UNC-TH-2026-0707" }, key: Guid.NewGuid().ToString());
        await page.GotoAsync($"/provider/vouchers/{voucher.Id}");
        Assert.Equal("Đã chi trả", await page.InnerTextAsync("#payment-status"));
        Assert.Equal("UNC-TH-2026-0707", await page.InnerTextAsync("#payment-reference"));
        Assert.Equal(0, await page.Locator("#claim-form").CountAsync());
        await page.AssertAccessibleAsync();
        await page.ShootAsync("provider-voucher-paid");
    }

    [Fact]
    public async Task The_pages_are_in_english_on_request_and_another_providers_voucher_is_not_found()
    {
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("provider.lab", "/provider/vouchers");
        await page.GotoAsync("/language/en?returnUrl=%2Fprovider%2Fscan");
        Assert.Contains("Type the voucher code", await page.InnerTextAsync("main"));
        await page.AssertAccessibleAsync();
        var response = await page.GotoAsync($"/provider/vouchers/{Guid.NewGuid()}");
        Assert.Equal(404, response!.Status);
        Assert.Contains("No such voucher among yours", await page.InnerTextAsync("h1"));
        // an SME is not a provider: the scan page is not its
        await using var smeContext = await web.NewContextAsync();
        var sme = await smeContext.NewPageAsync();
        await sme.SignInAsync("sme.xoai");
        var refused = await sme.GotoAsync("/provider/scan");
        Assert.True(new Uri(sme.Url).AbsolutePath != "/provider/scan" || refused!.Status == 403, $"an SME reached the scan page: {sme.Url} {refused?.Status}");
        Assert.Equal(0, await sme.Locator("#code-form").CountAsync());
    }

    [Fact]
    public void Every_text_the_provider_pages_name_is_in_both_languages()
    {
        var root = RepositoryRoot();
        var vi = Keys(Path.Combine(root, "src/Vouchers.Api/Resources/ProviderText.resx"));
        var en = Keys(Path.Combine(root, "src/Vouchers.Api/Resources/ProviderText.en.resx"));
        Assert.Equal(vi.Order(), en.Order());
        var pages = Directory.GetFiles(Path.Combine(root, "src/Vouchers.Api/Pages/Provider"), "*.cshtml", SearchOption.AllDirectories);
        var used = pages.SelectMany(p => LiteralKey().Matches(File.ReadAllText(p)).Select(m => m.Groups[1].Value)).ToHashSet();
        Assert.True(used.Count > 50, $"only {used.Count} keys found in the pages");
        Assert.Empty(used.Except(vi));
        // the keys the pages make from a value: every value has its text
        foreach (var status in new[] { "Redeemed", "InRework", "Delivered", "DeliveryConfirmed", "Disputed", "Accepted", "PaymentClaimed", "Settled", "Paid" })
            Assert.Contains("Detail.Next." + status, vi);
        foreach (var reason in new[] { "version", "format", "unknown-key", "signature", "expired", "superseded", "not-found", "redeemed-elsewhere" })
            Assert.Contains("Reason." + reason, vi);
    }

    // ───────────── helpers

    private static async Task AssertValidAnswerAsync(IPage page, IssuedVoucher voucher)
    {
        Assert.Equal("Phiếu hợp lệ", (await page.InnerTextAsync("#verdict")).Trim());
        Assert.Equal(voucher.Code, (await page.InnerTextAsync("#voucher-code")).Trim());
        var result = await page.InnerTextAsync("#result");
        Assert.Contains("Tư vấn chuyển đổi số", result);
        Assert.Contains("20.000.000\u00A0₫", result);
        Assert.Contains("Hai mươi triệu đồng", result);
        Assert.Contains("Hỗ trợ chuyển đổi số doanh nghiệp Thanh Hóa (DEMO)", result);
        Assert.Contains("Đơn vị của quý vị có thể sử dụng phiếu này", await page.InnerTextAsync("#may-redeem"));
        Assert.Equal(1, await page.Locator("#contract-form").CountAsync());
    }

    /// <summary>The QR as a camera would see it: centred on white in 640 × 480 frames, two seconds of them (Chromium loops the file).</summary>
    private async Task<string> FakeCameraAsync(string png)
    {
        var y4m = Path.ChangeExtension(png, ".y4m");
        var start = new ProcessStartInfo("ffmpeg", ["-loglevel", "error", "-y", "-loop", "1", "-i", png, "-vf",
            "scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2:white,format=yuv420p", "-t", "2", "-r", "10", y4m])
        { RedirectStandardError = true };
        using var ffmpeg = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start (apt-get install ffmpeg)");
        var errors = await ffmpeg.StandardError.ReadToEndAsync();
        await ffmpeg.WaitForExitAsync();
        Assert.True(ffmpeg.ExitCode == 0 && File.Exists(y4m), $"ffmpeg: {errors}");
        return y4m;
    }

    private static HashSet<string> Keys(string resx) =>
        XDocument.Load(resx).Root!.Elements("data").Select(d => d.Attribute("name")!.Value).ToHashSet();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Vouchers.sln"))) return dir.FullName;
        throw new InvalidOperationException("Vouchers.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("""L\["([A-Za-z0-9.\-]+)"\]""")]
    private static partial Regex LiteralKey();
}
