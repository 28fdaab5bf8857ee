using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Playwright;
using Vouchers.Api.Web;
using Vouchers.Domain.Common;

namespace Vouchers.Web.Tests;

/// <summary>
/// The administrator's pages in Chromium against the real service: a program drafted through the rules form (its terms
/// read back through the API exactly as typed; a bad form refused beside its fields, nothing created, the values kept),
/// the province's funds, a provider registered, given a new price list, suspended, reinstated and renewed, another
/// province's provider accredited here — each change read back through the API and found in the audit trail with the
/// administrator as the actor — and another province's administrator kept out. No administrator page offers a money action.
/// Codes and tax codes are fresh each run; the program stays a draft (finance never approves it), so no other test sees it.
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class AdminPagesTests(WebFixture web) : IDisposable
{
    private readonly DemoApi _api = new(web.Base);

    public void Dispose() => _api.Dispose();

    private static string Today(int days = 0) => VietnamTime.Today(DateTimeOffset.UtcNow).AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string NewTaxCode()
    {
        string code;
        do { code = Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture); }
        while (Domain.Enterprises.TaxCode.ComputeCheckDigit(code) is null);
        return Domain.Enterprises.TaxCode.WithCheckDigit(code).Value;
    }

    /// <summary>The audit lines on an object, as Thanh Hóa's auditor reads them (newest first).</summary>
    private async Task<JsonArray> TrailOf(string objectId, string auditor = "auditor.vinh") =>
        (await _api.Get(auditor, $"api/auditor/audit-trail?objectId={objectId}&pageSize=100"))["items"]!.AsArray();

    private static void AssertByAdmin(JsonArray trail, string action, string admin = "admin.xuan")
    {
        var line = trail.FirstOrDefault(e => e!["action"]!.GetValue<string>() == action && e["outcome"]!.GetValue<string>() == "Succeeded");
        Assert.True(line is not null, $"no succeeded {action} in the trail: {trail.ToJsonString()}");
        Assert.EndsWith("|" + admin, line["subject"]!.GetValue<string>());
        Assert.Equal("admin", line["actingRole"]!.GetValue<string>(), ignoreCase: true);
    }

    /// <summary>
    /// No money action on an administrator's page: every form posts to /admin (or signs out), none carries a FormOnce key
    /// (the mark of a money-moving form), and no field or button speaks of an amount to pay, approve, allocate or disburse.
    /// </summary>
    private static async Task AssertNoMoneyFormAsync(IPage page)
    {
        var forms = await page.EvalOnSelectorAllAsync<string[]>("main form[method=post]", "fs => fs.map(f => new URL(f.action).pathname)");
        Assert.All(forms, action => Assert.StartsWith("/admin/", action));
        Assert.Equal(0, await page.Locator($"main input[name='{FormOnce.Field}']").CountAsync());
        var names = await page.EvalOnSelectorAllAsync<string[]>("main form [name]", "es => es.map(e => e.name.toLowerCase())");
        Assert.DoesNotContain(names, n => n.Contains("amount") || n.Contains("disburse") || n.Contains("payment") || n.Contains("allocation"));
        var buttons = (await page.Locator("main button").AllInnerTextsAsync()).Select(b => b.ToLowerInvariant()).ToArray();
        Assert.DoesNotContain(buttons, b => b.Contains("duyệt") || b.Contains("giải ngân") || b.Contains("thanh toán") || b.Contains("phân bổ") || b.Contains("chi trả"));
    }

    private async Task<string> ThanhHoaFundId(string kind = "SmeDevelopment") =>
        (await _api.Get("admin.xuan", "api/admin/funds")).AsArray().Single(f => f!["kind"]!.GetValue<string>() == kind)!["id"]!.GetValue<string>();

    [Fact]
    public async Task A_program_drafted_through_the_rules_form_has_exactly_its_terms_and_a_bad_form_is_refused_beside_its_fields()
    {
        var code = $"TH-WEB-{Guid.NewGuid():N}"[..18].ToUpperInvariant();
        var fundId = await ThanhHoaFundId();
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("admin.xuan", "/admin/programs/new");
        await page.AssertAccessibleAsync();
        await AssertNoMoneyFormAsync(page);

        // a bad form: a rate of 0, a window that closes before it opens, no service kind
        await page.FillAsync("#code", code);
        await page.FillAsync("#name", "Hỗ trợ thử nghiệm trang quản trị");
        await page.SelectOptionAsync("#fund", fundId);
        await page.FillAsync("#envelope", "500.000.000");
        await page.CheckAsync("#providers-Consultant");
        await page.CheckAsync("#sectors-ProcessingIndustry");
        await page.FillAsync("#rate", "0");
        await page.FillAsync("#cap-Small-voucher", "30.000.000");
        await page.FillAsync("#cap-Small-year", "40.000.000");
        await page.FillAsync("#opens", Today(20));
        await page.FillAsync("#closes", Today(10));
        await page.FillAsync("#validity", "120");
        await page.ClickAsync("#create-program");
        await page.WaitForSelectorAsync("#form-errors");
        Assert.EndsWith("/admin/programs/new", new Uri(page.Url).AbsolutePath);
        Assert.Contains("lớn hơn", await page.InnerTextAsync("#rate-error"));
        Assert.Equal("true", await page.GetAttributeAsync("#rate", "aria-invalid"));
        Assert.False(string.IsNullOrWhiteSpace(await page.InnerTextAsync("#closes-error")));
        Assert.False(string.IsNullOrWhiteSpace(await page.InnerTextAsync("#services-error")));
        // the values are kept
        Assert.Equal(code, await page.InputValueAsync("#code"));
        Assert.Equal(fundId, await page.InputValueAsync("#fund"));
        Assert.Equal("30.000.000", await page.InputValueAsync("#cap-Small-voucher"));
        Assert.True(await page.IsCheckedAsync("#providers-Consultant"));
        Assert.True(await page.IsCheckedAsync("#sectors-ProcessingIndustry"));
        Assert.Equal(Today(10), await page.InputValueAsync("#closes"));
        await page.AssertAccessibleAsync();
        await page.ShootAsync("admin-program-new");

        // a rate above 100 is refused too, and still nothing is created
        await page.CheckAsync("#services-DigitalSolution");
        await page.FillAsync("#rate", "150");
        await page.FillAsync("#closes", Today(80));
        await page.ClickAsync("#create-program");
        await page.WaitForSelectorAsync("#rate-error");
        Assert.Equal(0, await page.Locator("#closes-error").CountAsync());
        Assert.Equal(0, await page.Locator("#services-error").CountAsync());
        var drafts = (await _api.Get("admin.xuan", "api/public/programs?province=thanh-hoa&status=Draft&pageSize=100"))["items"]!.AsArray();
        Assert.DoesNotContain(drafts, p => p!["code"]!.GetValue<string>() == code);

        // the corrected form: the program is created as a draft with exactly these terms
        await page.CheckAsync("#services-AiSolution");
        await page.CheckAsync("#sectors-Trade");
        await page.FillAsync("#rate", "60");
        await page.FillAsync("#cap-Micro-voucher", "10.000.000");
        await page.FillAsync("#cap-Micro-year", "15.000.000");
        await page.FillAsync("#minimum", "1.000.000");
        await page.FillAsync("#margin", "5");
        await page.ClickAsync("#create-program");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/admin/programs/", StringComparison.Ordinal) && !url.Contains("/new"), BrowserLaunch.Committed);
        await page.WaitForSelectorAsync("#done");
        var id = new Uri(page.Url).AbsolutePath.Split('/')[^1];
        Assert.Equal(code, await page.InnerTextAsync("#program-code"));
        Assert.Contains("Nháp", await page.InnerTextAsync("#program-status"));
        Assert.Equal("60\u00A0%", await page.InnerTextAsync("#term-rate"));
        await page.AssertAccessibleAsync();
        await AssertNoMoneyFormAsync(page);
        await page.ShootAsync("admin-program");

        var p = await _api.Get("admin.xuan", $"api/public/programs/{id}");
        Assert.Equal(code, p["code"]!.GetValue<string>());
        Assert.Equal("Hỗ trợ thử nghiệm trang quản trị", p["name"]!.GetValue<string>());
        Assert.Equal(fundId, p["fundId"]!.GetValue<string>());
        Assert.Equal("thanh-hoa", p["provinceCode"]!.GetValue<string>());
        Assert.Equal(VietnamTime.FiscalYear(DateTimeOffset.UtcNow), p["fiscalYear"]!.GetValue<int>());
        Assert.Equal(500_000_000, p["envelope"]!.GetValue<long>());
        Assert.Equal("Draft", p["status"]!.GetValue<string>());
        Assert.Equal(["AiSolution", "DigitalSolution"], p["eligibleServiceKinds"]!.AsArray().Select(k => k!.GetValue<string>()).Order().ToArray());
        Assert.Equal(["Consultant"], p["eligibleProviderKinds"]!.AsArray().Select(k => k!.GetValue<string>()).ToArray());
        Assert.Equal(["ProcessingIndustry", "Trade"], p["eligibleSectors"]!.AsArray().Select(k => k!.GetValue<string>()).Order().ToArray());
        Assert.Equal(60m, p["supportRatePercent"]!.GetValue<decimal>());
        var caps = p["caps"]!.AsArray().Select(c => (c!["size"]!.ToString(), c["perVoucher"]!.GetValue<long>(), c["perSmePerYear"]!.GetValue<long>())).ToArray();
        Assert.Equal([("Micro", 10_000_000L, 15_000_000L), ("Small", 30_000_000L, 40_000_000L)], caps);
        Assert.Equal(["Micro", "Small"], p["eligibleSizes"]!.AsArray().Select(k => k!.GetValue<string>()).ToArray());
        Assert.Equal(120, p["voucherValidityDays"]!.GetValue<int>());
        Assert.Equal(Today(20), p["applicationOpens"]!.GetValue<string>());
        Assert.Equal(Today(80), p["applicationCloses"]!.GetValue<string>());
        Assert.Equal(1_000_000, p["minimumSupport"]!.GetValue<long>());
        Assert.Equal(5, p["priceMarginPercent"]!.GetValue<int>());
        Assert.False(p["nationwide"]!.GetValue<bool>());
        Assert.Null(p["envelopeDecisionNumber"]?.GetValue<string>());
        AssertByAdmin(await TrailOf(id), "CreateProgram");

        // the list: the new draft among the province's programs
        await page.GotoAsync("/admin/programs?status=Draft");
        Assert.Contains(code, await page.InnerTextAsync($"#program-{id}"));
        Assert.Contains("chờ duyệt kinh phí", await page.InnerTextAsync($"#program-{id}"));
        await page.AssertAccessibleAsync();
        await page.GotoAsync("/admin/programs");
        Assert.Contains("TH-CDS-", await page.InnerTextAsync("#programs"));
        Assert.DoesNotContain("DT-CDS-", await page.InnerTextAsync("#programs")); // another province's
        await page.AssertAccessibleAsync();
        await AssertNoMoneyFormAsync(page);
        await page.ShootAsync("admin-programs");
    }

    [Fact]
    public async Task The_funds_are_the_provinces_and_a_second_fund_of_a_kind_is_refused_beside_the_kind()
    {
        var funds = (await _api.Get("admin.xuan", "api/admin/funds")).AsArray();
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("admin.xuan", "/admin/funds");
        var table = await page.InnerTextAsync("#funds");
        Assert.All(funds, f => Assert.Contains(f!["name"]!.GetValue<string>(), table));
        Assert.Contains("Quỹ phát triển", table);
        Assert.DoesNotContain("Đồng Tháp", table);
        await page.AssertAccessibleAsync();
        await AssertNoMoneyFormAsync(page);
        await page.ShootAsync("admin-funds");

        // every demo province has its three funds: a fourth of a kind is refused by the command, beside the kind, nothing created
        await page.SelectOptionAsync("#kind", "ArtificialIntelligence");
        await page.FillAsync("#name", "Quỹ AI thứ hai");
        await page.ClickAsync("#create-fund");
        await page.WaitForSelectorAsync("#kind-error");
        Assert.Contains("đã có quỹ cùng loại", await page.InnerTextAsync("#kind-error"));
        Assert.Equal("ArtificialIntelligence", await page.InputValueAsync("#kind"));
        Assert.Equal("Quỹ AI thứ hai", await page.InputValueAsync("#name"));
        Assert.Equal(funds.Count, (await _api.Get("admin.xuan", "api/admin/funds")).AsArray().Count);
        await page.AssertAccessibleAsync();

        // no kind chosen: the page's own words
        await page.SelectOptionAsync("#kind", "");
        await page.ClickAsync("#create-fund");
        await page.WaitForSelectorAsync("#kind-error");
        Assert.Contains("chọn", await page.InnerTextAsync("#kind-error"));
    }

    [Fact]
    public async Task A_provider_is_registered_repriced_suspended_reinstated_renewed_and_another_provinces_one_accredited_each_in_the_API_and_the_trail()
    {
        var taxCode = NewTaxCode();
        var name = $"Công ty Tư vấn Trang Quản trị {Guid.NewGuid():N}"[..36];
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("admin.xuan", "/admin/providers/new");
        await page.AssertAccessibleAsync();
        await AssertNoMoneyFormAsync(page);

        // refused: no service, a validity that ends before it starts
        await page.FillAsync("#taxCode", taxCode);
        await page.FillAsync("#name", name);
        await page.SelectOptionAsync("#kind", "Consultant");
        await page.FillAsync("#number", "TV-TH-WEB-01");
        await page.FillAsync("#from", Today(0));
        await page.FillAsync("#until", Today(-1));
        await page.ClickAsync("#register-provider");
        await page.WaitForSelectorAsync("#form-errors");
        Assert.False(string.IsNullOrWhiteSpace(await page.InnerTextAsync("#services-error")));
        Assert.Equal(taxCode, await page.InputValueAsync("#taxCode"));
        await page.AssertAccessibleAsync();

        await page.FillAsync("#until", Today(730));
        await page.SelectOptionAsync("#services-0-kind", "DigitalTransformationConsulting");
        await page.FillAsync("#services-0-name", "Đánh giá mức độ chuyển đổi số");
        await page.FillAsync("#services-0-price", "25.000.000");
        await page.ClickAsync("#register-provider");
        await page.WaitForSelectorAsync("#done");
        var id = new Uri(page.Url).AbsolutePath.Split('/')[^1];
        var provider = await _api.Get("admin.xuan", $"api/admin/providers/{id}");
        Assert.Equal((taxCode, name, "Consultant", "thanh-hoa"), (provider["taxCode"]!.GetValue<string>(), provider["name"]!.GetValue<string>(),
            provider["kind"]!.GetValue<string>(), provider["provinceCode"]!.GetValue<string>()));
        Assert.Equal(25_000_000, provider["services"]!.AsArray().Single()!["listPrice"]!.GetValue<long>());
        Assert.Equal("Active", provider["accreditations"]!.AsArray().Single()!["status"]!.GetValue<string>());
        await page.AssertAccessibleAsync();
        await AssertNoMoneyFormAsync(page);

        // a new price list: the current row changed and a second service added
        await page.FillAsync("#prices-services-0-price", "27.500.000");
        await page.SelectOptionAsync("#prices-services-1-kind", "DigitalSolution");
        await page.FillAsync("#prices-services-1-name", "Phần mềm quản lý bán hàng");
        await page.FillAsync("#prices-services-1-price", "40.000.000");
        await page.ClickAsync("#publish-prices");
        await page.WaitForSelectorAsync("#done");
        provider = await _api.Get("admin.xuan", $"api/admin/providers/{id}");
        Assert.Equal(2, provider["priceListVersion"]!.GetValue<int>());
        Assert.Equal([("DigitalSolution", 40_000_000L), ("DigitalTransformationConsulting", 27_500_000L)],
            provider["services"]!.AsArray().Select(s => (s!["kind"]!.ToString(), s["listPrice"]!.GetValue<long>())).OrderBy(s => s.Item1).ToArray());
        Assert.Contains("27.500.000", await page.InnerTextAsync("#price-list"));

        // a suspension without its reason is refused beside the field, and nothing changes
        await page.FillAsync("#suspend-decision", "QĐ-TH-WEB/ĐC");
        await page.FillAsync("#suspend-date", Today(0));
        await page.ClickAsync("#suspend");
        await page.WaitForSelectorAsync("#suspend-reason-error");
        Assert.Equal("QĐ-TH-WEB/ĐC", await page.InputValueAsync("#suspend-decision"));
        Assert.Equal("Active", (await _api.Get("admin.xuan", $"api/admin/providers/{id}"))["accreditations"]![0]!["status"]!.GetValue<string>());
        await page.AssertAccessibleAsync();

        await page.FillAsync("#suspend-reason", "Không duy trì điều kiện chuyên gia tư vấn");
        await page.ClickAsync("#suspend");
        await page.WaitForSelectorAsync("#done");
        var suspended = (await _api.Get("admin.xuan", $"api/admin/providers/{id}"))["accreditations"]![0]!;
        Assert.Equal(("Suspended", "Không duy trì điều kiện chuyên gia tư vấn", "QĐ-TH-WEB/ĐC"),
            (suspended["status"]!.GetValue<string>(), suspended["reason"]!.GetValue<string>(), suspended["decisionNumber"]!.GetValue<string>()));
        Assert.Equal(0, await page.Locator("#suspend-form").CountAsync());
        await page.AssertAccessibleAsync();

        await page.FillAsync("#reinstate-reason", "Đã bổ sung chuyên gia");
        await page.FillAsync("#reinstate-decision", "QĐ-TH-WEB/KP");
        await page.FillAsync("#reinstate-date", Today(0));
        await page.ClickAsync("#reinstate");
        await page.WaitForSelectorAsync("#done");
        Assert.Equal("Active", (await _api.Get("admin.xuan", $"api/admin/providers/{id}"))["accreditations"]![0]!["status"]!.GetValue<string>());

        await page.FillAsync("#renew-number", "TV-TH-WEB-02");
        await page.FillAsync("#renew-from", Today(0));
        await page.FillAsync("#renew-until", Today(1000));
        await page.FillAsync("#renew-decision", "QĐ-TH-WEB/GH");
        await page.FillAsync("#renew-date", Today(0));
        await page.ClickAsync("#renew");
        await page.WaitForSelectorAsync("#done");
        var renewed = (await _api.Get("admin.xuan", $"api/admin/providers/{id}"))["accreditations"]![0]!;
        Assert.Equal(("TV-TH-WEB-02", Today(1000), "Active"), (renewed["number"]!.GetValue<string>(), renewed["validUntil"]!.GetValue<string>(), renewed["status"]!.GetValue<string>()));
        await page.AssertAccessibleAsync();
        await AssertNoMoneyFormAsync(page);
        await page.ShootAsync("admin-provider");

        var trail = await TrailOf(id);
        foreach (var action in new[] { "RegisterProvider", "UpdateProviderServices", "SuspendAccreditation", "ReinstateAccreditation", "RenewAccreditation" })
            AssertByAdmin(trail, action);

        // a provider of Đồng Tháp accredited here by Thanh Hóa's decision; its prices stay with Đồng Tháp
        var dongThap = await _api.Call(HttpMethod.Post, "admin.giang", "api/admin/providers", new
        {
            taxCode = NewTaxCode(), name = "Phòng thử nghiệm Đồng Tháp (trang quản trị)", kind = "TestingLab", provinceCode = "dong-thap",
            accreditationNumber = "VILAS-DT-WEB", accreditedFrom = Today(-10), accreditedUntil = Today(700),
            services = new[] { new { kind = "LabTesting", name = "Kiểm nghiệm vi sinh", listPrice = 9_000_000 } },
        });
        var otherId = dongThap["id"]!.GetValue<string>();
        await page.GotoAsync($"/admin/providers/{otherId}");
        Assert.Equal(0, await page.Locator("#prices-form").CountAsync());
        Assert.True(await page.IsVisibleAsync("#prices-elsewhere"));
        await page.FillAsync("#accredit-number", "VILAS-TH-WEB");
        await page.FillAsync("#accredit-from", Today(0));
        await page.FillAsync("#accredit-until", Today(365));
        await page.FillAsync("#accredit-decision", "QĐ-TH-WEB/CN");
        await page.FillAsync("#accredit-date", Today(0));
        await page.ClickAsync("#accredit");
        await page.WaitForSelectorAsync("#done");
        var accreditations = (await _api.Get("admin.xuan", $"api/admin/providers/{otherId}"))["accreditations"]!.AsArray()
            .ToDictionary(a => a!["provinceCode"]!.GetValue<string>(), a => a!["status"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { ["dong-thap"] = "Active", ["thanh-hoa"] = "Active" }, accreditations);
        AssertByAdmin(await TrailOf(otherId), "AccreditProvider");
        await page.AssertAccessibleAsync();

        // the list: both, with their accreditation per province
        await page.GotoAsync("/admin/providers");
        Assert.Contains(name, await page.InnerTextAsync($"#provider-{id}"));
        Assert.Contains("Đồng Tháp", await page.InnerTextAsync($"#provider-{otherId}"));
        await page.AssertAccessibleAsync();
        await AssertNoMoneyFormAsync(page);
        await page.ShootAsync("admin-providers");
    }

    [Fact]
    public async Task Dong_Thaps_administrator_cannot_touch_a_Thanh_Hoa_program_or_provider()
    {
        var thProgram = await _api.ProgramId("thanh-hoa", "TH-CDS-");
        var taxCode = NewTaxCode();
        var thProvider = (await _api.Call(HttpMethod.Post, "admin.xuan", "api/admin/providers", new
        {
            taxCode, name = "Công ty Tư vấn Thanh Hóa (ngoài phạm vi)", kind = "Consultant", provinceCode = "thanh-hoa",
            accreditationNumber = "TV-TH-OUT", accreditedFrom = Today(-10), accreditedUntil = Today(700),
            services = new[] { new { kind = "DigitalTransformationConsulting", name = "Tư vấn lộ trình", listPrice = 20_000_000 } },
        }))["id"]!.GetValue<string>();

        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("admin.giang", "/admin/programs");
        Assert.DoesNotContain("TH-CDS-", await page.InnerTextAsync("#programs"));
        Assert.Contains("DT-CDS-", await page.InnerTextAsync("#programs"));

        // Thanh Hóa's program is not found for Đồng Tháp (the province filter answers)
        var missing = await page.GotoAsync($"/admin/programs/{thProgram}");
        Assert.Equal(404, missing!.Status);
        Assert.Contains("Không tìm thấy chương trình", await page.InnerTextAsync("h1"));
        await page.AssertAccessibleAsync();

        // Thanh Hóa's provider: readable reference data, but nothing of Thanh Hóa's to decide and no price list to publish
        await page.GotoAsync($"/admin/providers/{thProvider}");
        Assert.Equal(0, await page.Locator("#suspend-form").CountAsync());
        Assert.Equal(0, await page.Locator("#renew-form").CountAsync());
        Assert.Equal(0, await page.Locator("#prices-form").CountAsync());
        Assert.Contains("Đồng Tháp", await page.InnerTextAsync("#accredit-h")); // only its own province's accreditation is offered
        await page.AssertAccessibleAsync();

        // forged posts: the province is the caller's, so a suspension concerns Đồng Tháp (where it is not accredited) and the
        // price list is refused as outside the province; Thanh Hóa's accreditation and prices are as they were
        var token = await page.GetAttributeAsync("#accredit-form input[name=__af]", "value");
        async Task<string> Forge(string handler, params (string Key, string Value)[] fields)
        {
            var form = context.APIRequest.CreateFormData().Set("__af", token!);
            foreach (var (k, v) in fields) form = form.Set(k, v);
            var response = await context.APIRequest.PostAsync($"/admin/providers/{thProvider}?handler={handler}", new APIRequestContextOptions { Form = form, MaxRedirects = 0 });
            Assert.Equal(200, response.Status); // drawn again with the refusal, not redirected as a success
            return await response.TextAsync();
        }
        Assert.Contains("chưa được công nhận tại tỉnh này", await Forge("Suspend", ("Suspend.Reason", "Thử vượt phạm vi"),
            ("Suspend.DecisionNumber", "QĐ-DT-X"), ("Suspend.DecisionDate", Today(0))));
        Assert.Contains("phạm vi tỉnh của mình", await Forge("Prices", ("Prices[0].Kind", "DigitalTransformationConsulting"),
            ("Prices[0].Name", "Tư vấn lộ trình"), ("Prices[0].Price", "1.000.000")));
        var provider = await _api.Get("admin.xuan", $"api/admin/providers/{thProvider}");
        Assert.Equal("Active", provider["accreditations"]!.AsArray().Single()!["status"]!.GetValue<string>());
        Assert.Equal(20_000_000, provider["services"]!.AsArray().Single()!["listPrice"]!.GetValue<long>());
        Assert.Equal(1, provider["priceListVersion"]!.GetValue<int>());
        var refused = (await _api.Get("auditor.dung", $"api/auditor/audit-trail?objectId={thProvider}&outcome=Refused"))["items"]!.AsArray();
        Assert.Contains(refused, e => e!["subject"]!.GetValue<string>().EndsWith("|admin.giang", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_text_the_admin_pages_name_is_in_both_languages()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Vouchers.sln"))) root = Path.GetDirectoryName(root)!;
        static HashSet<string> Keys(string resx) => XDocument.Load(resx).Root!.Elements("data").Select(d => d.Attribute("name")!.Value).ToHashSet();
        var vi = Keys(Path.Combine(root, "src/Vouchers.Api/Resources/AdminText.resx"));
        var en = Keys(Path.Combine(root, "src/Vouchers.Api/Resources/AdminText.en.resx"));
        Assert.Equal(vi.Order(), en.Order());
        var files = Directory.GetFiles(Path.Combine(root, "src/Vouchers.Api/Pages/Admin"), "*.cs*", SearchOption.AllDirectories);
        var used = files.SelectMany(f => LiteralKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).ToHashSet();
        Assert.True(used.Count > 100, $"only {used.Count} keys found in the pages");
        Assert.Empty(used.Except(vi));
        // the keys the pages make from a value: every value has its text
        foreach (var status in Enum.GetNames<Domain.Programs.ProgramStatus>())
        {
            Assert.Contains("ProgramStatus." + status, vi);
            Assert.Contains("Program.StatusNote." + status, vi);
        }
        foreach (var status in Enum.GetNames<Domain.Providers.AccreditationStatus>()) Assert.Contains("AccreditationStatus." + status, vi);
        foreach (var sector in Enum.GetNames<Sector>()) Assert.Contains("Sector." + sector, vi);
        foreach (var done in new[] { "registered", "accredited", "renewed", "suspended", "reinstated", "prices" }) Assert.Contains("Provider.Done." + done, vi);
    }

    [GeneratedRegex("""(?:\bL|Text)\["([A-Za-z0-9.\-]+)"[\],]""")]
    private static partial Regex LiteralKey();
}
