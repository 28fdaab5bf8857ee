using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Playwright;
using MiniExcelLibs;
using Vouchers.Domain.Common;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Web.Tests;

/// <summary>
/// Sở Tài chính's pages in Chromium against the real service, vouchers put in place through the API (<see cref="DemoApi"/>):
/// an approval on the voucher's page; four eyes on a 100.000.000 ₫ voucher (the threshold of <c>Approval:SecondApprovalFrom</c>),
/// announced before the first click, the first officer not offered the second step and told why, a second officer issuing
/// it; a refusal without a reason refused beside the field; a claimed payment authorised and recorded by two more
/// officers, each double click and re-posted form running once; a budget allocation and a program's envelope decided on
/// the budgets page; the dashboard's figures, its XLSX and its CSV held to the API's fund position. axe-core on every
/// page and state.
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class FinancePagesTests(WebFixture web) : IDisposable
{
    private readonly DemoApi _api = new(web.Base);

    public void Dispose() => _api.Dispose();

    private static DateOnly Today => VietnamTime.Today(DateTimeOffset.UtcNow);

    /// <summary>The whole number a page writes as <c>1.234.567 ₫</c>.</summary>
    private static long Digits(string text) => long.Parse(new string(text.Where(char.IsAsciiDigit).ToArray()), CultureInfo.InvariantCulture);

    private Task<JsonNode> Voucher(string id, string finance = "finance.son") => _api.Get(finance, $"api/finance/vouchers/{id}");

    private static string StatusOf(JsonNode details) => details["voucher"]!["status"]!.GetValue<string>();

    private async Task<IPage> SignedIn(IBrowserContext context, string user, string path)
    {
        var page = await context.NewPageAsync();
        await page.SignInAsync(user, path);
        return page;
    }

    /// <summary>The Thanh Hóa SME-development fund (the demo program TH-CDS's) and the program's fiscal year.</summary>
    private async Task<(string FundId, int Year, string ProgramId)> ThanhHoaFund()
    {
        var programId = await _api.ProgramId("thanh-hoa", "TH-CDS-");
        var program = await _api.Get("finance.son", $"api/public/programs/{programId}");
        return (program["fundId"]!.GetValue<string>(), program["fiscalYear"]!.GetValue<int>(), programId);
    }

    /// <summary>A draft Thanh Hóa program of its own (so one test's caps are its own), its envelope approved through the API unless asked not to.</summary>
    private async Task<(string Id, string Code)> NewThanhHoaProgram(bool approveEnvelope)
    {
        var (fundId, year, _) = await ThanhHoaFund();
        var code = $"TH-TC-{Guid.NewGuid():N}"[..16].ToUpperInvariant();
        var program = await _api.Call(HttpMethod.Post, "admin.xuan", "api/admin/programs", new
        {
            code, fundId, fiscalYear = year, name = "Chương trình thử nghiệm phê duyệt hai cấp (DEMO)", envelope = 500_000_000,
            eligibleServiceKinds = new[] { "DigitalTransformationConsulting" }, eligibleProviderKinds = new[] { "Consultant" },
            supportRatePercent = 50,
            caps = new[]
            {
                new { size = "Micro", perVoucher = 20_000_000, perSmePerYear = 20_000_000 },
                new { size = "Small", perVoucher = 50_000_000, perSmePerYear = 50_000_000 },
                new { size = "Medium", perVoucher = 100_000_000, perSmePerYear = 100_000_000 },
            },
            voucherValidityDays = 90, applicationOpens = Today.AddDays(-1), applicationCloses = Today.AddDays(30), minimumSupport = 500_000,
        });
        var id = program["id"]!.GetValue<string>();
        if (approveEnvelope)
            await _api.Call(HttpMethod.Post, "finance.tam", $"api/finance/programs/{id}/approve-envelope",
                new { decisionNumber = $"QĐ-{code}", decisionDate = Today }, idempotent: true);
        return (id, code);
    }

    /// <summary>
    /// A Thanh Hóa voucher whose payment the consultant claimed, with an e-invoice number of its own (the voucher id's
    /// random tail: DemoApi's claim takes the id's head, which UUIDv7 ids made close together share).
    /// </summary>
    private async Task<string> ClaimedVoucher(long amount)
    {
        var id = await _api.VoucherAt(DemoApi.Stage.Accepted, amount);
        await _api.Call(HttpMethod.Post, "provider.consultant", $"api/provider/vouchers/{id}/claim-payment",
            new { eInvoiceNumber = "C26TAA-" + id[^8..].ToUpperInvariant() }, idempotent: true);
        return id;
    }

    // ───────────── approvals

    [Fact]
    public async Task A_recommended_voucher_is_approved_on_its_page_beside_what_the_envelope_has_left()
    {
        var id = await _api.VoucherAt(DemoApi.Stage.Recommended, 1_200_000);
        var (fundId, year, programId) = await ThanhHoaFund();
        await using var context = await web.NewContextAsync();
        var page = await SignedIn(context, "finance.son", "/finance/approvals");

        var row = page.Locator($"#row-{id}");
        await row.WaitForAsync();
        var position = await _api.Get("finance.son", $"api/finance/funds/{fundId}/positions/{year}");
        var available = position["programs"]!.AsArray().Single(p => p!["programId"]!.GetValue<string>() == programId)!["available"]!.GetValue<long>();
        Assert.Equal(available, Digits(await row.Locator("td").Nth(5).InnerTextAsync()));
        Assert.Equal(1_200_000, Digits(await row.Locator("td").Nth(4).InnerTextAsync()));
        await page.AssertAccessibleAsync();
        await page.ShootAsync("finance-approvals");

        await row.Locator("a.code").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/finance/vouchers/{id}", BrowserLaunch.Committed);
        Assert.Equal(available, Digits(await page.InnerTextAsync("#available")));
        Assert.Contains("Một cán bộ phê duyệt là đủ", await page.InnerTextAsync("#four-eyes"));
        await page.AssertAccessibleAsync();
        await page.ShootAsync("finance-voucher");

        await page.DblClickAsync("#approve");
        await page.WaitForURLAsync(url => new Uri(url).Query.Contains("done=approved", StringComparison.Ordinal), BrowserLaunch.Committed);
        Assert.Contains("Đã phê duyệt", await page.InnerTextAsync("#done"));
        var voucher = await Voucher(id);
        Assert.Equal("Issued", StatusOf(voucher));
        Assert.Single(voucher["history"]!.AsArray(), h => h!["to"]!.GetValue<string>() == "Issued");
        Assert.Contains("finance.son", await page.InnerTextAsync("#history"));
        Assert.Equal(1_200_000, Digits(await page.InnerTextAsync("#face-value")));
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Four_eyes_is_shown_before_the_click_the_first_officer_is_not_offered_the_second_step_and_a_second_officer_issues()
    {
        // 100.000.000 ₫, the threshold, to a medium enterprise (its cap) in a program of its own
        var (_, code) = await NewThanhHoaProgram(approveEnvelope: true);
        var id = await _api.ApplyAsync(100_000_000, codePrefix: code);
        await _api.Recommend(id);

        await using var first = await web.NewContextAsync();
        var son = await SignedIn(first, "finance.son", $"/finance/vouchers/{id}");
        Assert.Contains("Cần cán bộ thứ hai phê duyệt", await son.InnerTextAsync("#four-eyes"));
        Assert.Equal("Phê duyệt lần một", (await son.InnerTextAsync("#approve")).Trim());
        await son.AssertAccessibleAsync();
        await son.ClickAsync("#approve");
        await son.WaitForURLAsync(url => new Uri(url).Query.Contains("done=first-approval", StringComparison.Ordinal), BrowserLaunch.Committed);
        Assert.Contains("chờ một cán bộ khác", await son.InnerTextAsync("#done"));
        Assert.Equal("AwaitingSecondApproval", StatusOf(await Voucher(id)));

        // the first officer: no second step offered, and told why
        Assert.Equal(0, await son.Locator("#approve").CountAsync());
        Assert.Contains("Bạn đã phê duyệt bước thứ nhất", await son.InnerTextAsync("#four-eyes"));
        await son.AssertAccessibleAsync();
        await son.GotoAsync("/finance/approvals");
        Assert.Contains("Bạn đã phê duyệt bước thứ nhất", await son.InnerTextAsync($"#waiting-table #row-{id}"));
        await son.AssertAccessibleAsync();

        // the second officer sees who gave the first approval, and issues it
        await using var second = await web.NewContextAsync();
        var tam = await SignedIn(second, "finance.tam", "/finance/approvals");
        Assert.Contains("Cần cán bộ thứ hai phê duyệt (lần một: finance.son)", await tam.InnerTextAsync($"#waiting-table #row-{id}"));
        await tam.GotoAsync($"/finance/vouchers/{id}");
        Assert.StartsWith("Phê duyệt lần hai", (await tam.InnerTextAsync("#approve")).Trim());
        await tam.ClickAsync("#approve");
        await tam.WaitForURLAsync(url => new Uri(url).Query.Contains("done=approved", StringComparison.Ordinal), BrowserLaunch.Committed);
        var voucher = await Voucher(id);
        Assert.Equal("Issued", StatusOf(voucher));
        Assert.Equal(100_000_000, voucher["voucher"]!["faceValue"]!.GetValue<long>());
        Assert.Equal(["dev|finance.son", "dev|finance.tam"],
            voucher["history"]!.AsArray().Where(h => h!["trigger"]?.GetValue<string>() == "Approve").Select(h => h!["actor"]!.GetValue<string>()));
        await tam.AssertAccessibleAsync();
    }

    [Fact]
    public async Task A_rejection_without_a_reason_is_refused_beside_the_field()
    {
        var id = await _api.VoucherAt(DemoApi.Stage.Recommended, 1_100_000);
        await using var context = await web.NewContextAsync();
        var page = await SignedIn(context, "finance.uyen", $"/finance/vouchers/{id}");

        await page.ClickAsync("#reject");
        await page.WaitForSelectorAsync("#reason-error");
        Assert.Equal("true", await page.GetAttributeAsync("#reason", "aria-invalid"));
        Assert.True(await page.IsVisibleAsync("#problem")); // the refusal is also at the top
        Assert.Equal("Recommended", StatusOf(await Voucher(id)));
        await page.AssertAccessibleAsync();

        await page.FillAsync("#reason", "Trùng nội dung với hồ sơ đã được hỗ trợ");
        await page.ClickAsync("#reject");
        await page.WaitForURLAsync(url => new Uri(url).Query.Contains("done=rejected", StringComparison.Ordinal), BrowserLaunch.Committed);
        var voucher = await Voucher(id);
        Assert.Equal("Rejected", StatusOf(voucher));
        Assert.Contains(voucher["history"]!.AsArray(), h => h!["reason"]?.GetValue<string>() == "Trùng nội dung với hồ sơ đã được hỗ trợ");
        await page.AssertAccessibleAsync();
    }

    // ───────────── payments

    [Fact]
    public async Task A_claimed_payment_is_authorised_and_recorded_by_two_other_officers_once_each()
    {
        var id = await ClaimedVoucher(1_400_000); // approved by finance.son
        var claimed = (await Voucher(id))["voucher"]!;

        // the approver: told before the click that the payment is not theirs to authorise
        await using (var approverContext = await web.NewContextAsync())
        {
            var son = await SignedIn(approverContext, "finance.son", "/finance/settlements");
            Assert.Contains("Bạn đã phê duyệt phiếu này nên không được duyệt thanh toán", await son.InnerTextAsync($"#settle-blocked-{id}"));
            Assert.Equal(0, await son.Locator($"#settle-button-{id}").CountAsync());
        }

        await using var context = await web.NewContextAsync();
        var tam = await SignedIn(context, "finance.tam", "/finance/settlements");
        var row = tam.Locator($"#claimed-table #row-{id}");
        Assert.Contains(claimed["eInvoiceNumber"]!.GetValue<string>(), await row.InnerTextAsync());
        Assert.Contains("Sen Hồng", await row.InnerTextAsync());
        Assert.Equal(claimed["acceptedAmount"]!.GetValue<long>(), Digits(await row.Locator("td.amount").InnerTextAsync()));
        await tam.AssertAccessibleAsync();
        await tam.ShootAsync("finance-settlements");

        var form = await tam.EvalOnSelectorAsync<Dictionary<string, string>>($"#settle-{id}", "f => Object.fromEntries(Array.from(new FormData(f).entries()))");
        var action = await tam.EvalOnSelectorAsync<string>($"#settle-{id}", "f => f.action");
        await tam.DblClickAsync($"#settle-button-{id}");
        await tam.WaitForURLAsync(url => new Uri(url).Query.Contains("done=settled", StringComparison.Ordinal), BrowserLaunch.Committed);
        Assert.Contains(claimed["code"]!.GetValue<string>(), await tam.InnerTextAsync("#done"));
        var resent = await context.APIRequest.PostAsync(action, new APIRequestContextOptions
        {
            Form = form.Aggregate(context.APIRequest.CreateFormData(), (f, kv) => f.Set(kv.Key, kv.Value)), MaxRedirects = 0,
        });
        Assert.Equal(302, resent.Status); // the stored answer, not a second settlement
        var settled = await Voucher(id);
        Assert.Equal("Settled", StatusOf(settled));
        Assert.Single(settled["history"]!.AsArray(), h => h!["to"]!.GetValue<string>() == "Settled");

        // who authorised it may not record it: shown before the click
        Assert.Contains("không được ghi nhận chi trả", await tam.InnerTextAsync($"#disburse-blocked-{id}"));
        await tam.AssertAccessibleAsync();

        await using var thirdContext = await web.NewContextAsync();
        var uyen = await SignedIn(thirdContext, "finance.uyen", "/finance/settlements");
        await uyen.ClickAsync($"#disburse-button-{id}"); // no reference: refused beside the field
        await uyen.WaitForSelectorAsync($"#ref-error-{id}");
        Assert.Equal("true", await uyen.GetAttributeAsync($"#ref-{id}", "aria-invalid"));
        Assert.Equal("Settled", StatusOf(await Voucher(id)));
        await uyen.AssertAccessibleAsync();

        var reference = $"UNC-{id[..8]}";
        await uyen.FillAsync($"#ref-{id}", reference);
        var disburseForm = await uyen.EvalOnSelectorAsync<Dictionary<string, string>>($"#disburse-{id}", "f => Object.fromEntries(Array.from(new FormData(f).entries()))");
        var disburseAction = await uyen.EvalOnSelectorAsync<string>($"#disburse-{id}", "f => f.action");
        await uyen.DblClickAsync($"#disburse-button-{id}");
        await uyen.WaitForURLAsync(url => new Uri(url).Query.Contains("done=disbursed", StringComparison.Ordinal), BrowserLaunch.Committed);
        var again = await thirdContext.APIRequest.PostAsync(disburseAction, new APIRequestContextOptions
        {
            Form = disburseForm.Aggregate(thirdContext.APIRequest.CreateFormData(), (f, kv) => f.Set(kv.Key, kv.Value)), MaxRedirects = 0,
        });
        Assert.Equal(302, again.Status);
        var paid = await Voucher(id);
        Assert.Equal("Paid", StatusOf(paid));
        Assert.Equal(reference, paid["voucher"]!["paymentReference"]!.GetValue<string>());
        Assert.Single(paid["history"]!.AsArray(), h => h!["to"]!.GetValue<string>() == "Paid");
        await uyen.AssertAccessibleAsync();
    }

    // ───────────── budgets

    [Fact]
    public async Task An_allocation_by_decision_appears_in_the_fund_position_and_a_drafts_envelope_is_approved()
    {
        var (fundId, year, _) = await ThanhHoaFund();
        var before = (await _api.Get("finance.son", $"api/finance/funds/{fundId}/positions/{year}"))["allocated"]!.GetValue<long>();
        var (draftId, draftCode) = await NewThanhHoaProgram(approveEnvelope: false);
        await using var context = await web.NewContextAsync();
        var page = await SignedIn(context, "finance.son", $"/finance/budgets?year={year}");
        Assert.Contains(draftCode, await page.InnerTextAsync("#programs-table"));
        await page.AssertAccessibleAsync();
        await page.ShootAsync("finance-budgets");

        // without a decision number: refused beside the field, nothing allocated
        await page.SelectOptionAsync("#fundId", fundId);
        await page.FillAsync("#amount", "1.234.567");
        await page.ClickAsync("#allocate");
        await page.WaitForSelectorAsync("#decisionNumber-error");
        Assert.Equal("true", await page.GetAttributeAsync("#decisionNumber", "aria-invalid"));
        Assert.Equal("1.234.567", await page.InputValueAsync("#amount")); // what was typed stays
        await page.AssertAccessibleAsync();

        var decision = $"QĐ-PB-{Guid.NewGuid():N}"[..16];
        await page.FillAsync("#decisionNumber", decision);
        await page.DblClickAsync("#allocate");
        await page.WaitForURLAsync(url => new Uri(url).Query.Contains("done=allocated", StringComparison.Ordinal), BrowserLaunch.Committed);
        Assert.Contains(decision, await page.InnerTextAsync($"#fund-{fundId}"));
        var after = await _api.Get("finance.son", $"api/finance/funds/{fundId}/positions/{year}");
        Assert.Equal(before + 1_234_567, after["allocated"]!.GetValue<long>());
        Assert.Equal(after["allocated"]!.GetValue<long>(), Digits(await page.InnerTextAsync($"#fund-{fundId} .allocated")));

        // the draft's envelope, by decision
        await page.FillAsync($"#number-{draftId}", $"QĐ-DT-{draftCode}");
        await page.ClickAsync($"#envelope-button-{draftId}");
        await page.WaitForURLAsync(url => new Uri(url).Query.Contains("done=envelope", StringComparison.Ordinal), BrowserLaunch.Committed);
        var program = await _api.Get("finance.son", $"api/public/programs/{draftId}");
        Assert.Equal("Open", program["status"]!.GetValue<string>());
        Assert.Equal($"QĐ-DT-{draftCode}", program["envelopeDecisionNumber"]!.GetValue<string>());
        Assert.Equal(0, await page.Locator($"#envelope-{draftId}").CountAsync());
        await page.AssertAccessibleAsync();
    }

    // ───────────── dashboard

    [Fact]
    public async Task The_dashboard_its_xlsx_and_its_csv_show_the_fund_position_of_the_api()
    {
        await _api.Settle(await ClaimedVoucher(1_300_000)); // something payable, whatever else ran before
        var (fundId, year, programId) = await ThanhHoaFund();
        await using var context = await web.NewContextAsync();
        var page = await SignedIn(context, "finance.son", $"/finance/dashboard?fund={fundId}&year={year}");
        var position = await _api.Get("finance.son", $"api/finance/funds/{fundId}/positions/{year}");
        string[] figures = ["allocated", "available", "committed", "payable", "disbursed"];
        foreach (var f in figures)
            Assert.Equal(position[f]!.GetValue<long>(), Digits(await page.InnerTextAsync($"#fig-{f}")));
        var program = position["programs"]!.AsArray().Single(p => p!["programId"]!.GetValue<string>() == programId)!;
        var cells = page.Locator("#table-programs tr", new PageLocatorOptions { HasText = program["code"]!.GetValue<string>() }).Locator("td");
        Assert.Equal(program["envelope"]!.GetValue<long>(), Digits(await cells.Nth(0).InnerTextAsync()));
        Assert.Equal(program["payable"]!.GetValue<long>(), Digits(await cells.Nth(3).InnerTextAsync()));
        foreach (var chart in new[] { "position", "programs", "kinds", "months", "pipeline" })
        {
            Assert.Equal("img", await page.GetAttributeAsync($"#chart-{chart}", "role"));
            Assert.False(string.IsNullOrWhiteSpace(await page.TextContentAsync($"#chart-{chart}-title")));
            Assert.True(await page.Locator($"#table-{chart}").CountAsync() == 1, chart);
        }
        await page.AssertAccessibleAsync();
        await page.ShootAsync("finance-dashboard");

        // XLSX: the first sheet is the position, in the page's order; the programs' sheet has the program's row
        var xlsx = await context.APIRequest.GetAsync(await page.GetAttributeAsync("#download-xlsx", "href") ?? "");
        Assert.Equal(200, xlsx.Status);
        Assert.StartsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Headers["content-type"]);
        using (var stream = new MemoryStream(await xlsx.BodyAsync()))
        {
            var sheets = MiniExcel.GetSheetNames(stream);
            Assert.Equal(5, sheets.Count);
            var rows = MiniExcel.Query(stream, useHeaderRow: false, sheetName: sheets[0]).Cast<IDictionary<string, object>>().ToList();
            Assert.Equal("Chỉ tiêu", rows[0]["A"]);
            Assert.Equal(figures.Select(f => position[f]!.GetValue<long>()), rows.Skip(1).Select(r => Convert.ToInt64(r["B"], CultureInfo.InvariantCulture)));
            var programRows = MiniExcel.Query(stream, useHeaderRow: false, sheetName: sheets[1]).Cast<IDictionary<string, object>>().ToList();
            var mine = programRows.Single(r => r["A"] as string == program["code"]!.GetValue<string>());
            Assert.Equal(program["envelope"]!.GetValue<long>(), Convert.ToInt64(mine["B"], CultureInfo.InvariantCulture));
            Assert.Equal(program["disbursed"]!.GetValue<long>(), Convert.ToInt64(mine["F"], CultureInfo.InvariantCulture));
        }

        // CSV: UTF-8 with a BOM; the position's rows are the API's; the service kinds add up to it
        var csv = await context.APIRequest.GetAsync(await page.GetAttributeAsync("#download-csv", "href") ?? "");
        Assert.Equal(200, csv.Status);
        var bytes = await csv.BodyAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = CsvRecords(Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal(["Bảng", "Tên bảng", "Mục", "Chỉ tiêu", "Giá trị"], lines[0]);
        Assert.Equal(figures.Select(f => position[f]!.GetValue<long>()),
            lines.Where(l => l[0] == "position").Select(l => long.Parse(l[4], CultureInfo.InvariantCulture)));
        foreach (var (f, column) in new[] { ("committed", "Đã cam kết"), ("payable", "Phải trả"), ("disbursed", "Đã chi") })
            Assert.Equal(position[f]!.GetValue<long>(), lines.Where(l => l[0] == "kinds" && l[3] == column).Sum(l => long.Parse(l[4], CultureInfo.InvariantCulture)));
    }

    /// <summary>RFC 4180 records (quoted fields may hold commas, quotes doubled), CRLF between records.</summary>
    private static List<string[]> CsvRecords(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString()); field.Clear(); records.Add([.. fields]); fields.Clear(); i++;
            }
            else field.Append(c);
        }
        if (field.Length > 0 || fields.Count > 0) { fields.Add(field.ToString()); records.Add([.. fields]); }
        return records;
    }

    [Fact]
    public async Task An_unknown_voucher_or_fund_is_answered_as_not_found()
    {
        await using var context = await web.NewContextAsync();
        var page = await SignedIn(context, "finance.son", "/finance/approvals");
        var voucher = await page.GotoAsync($"/finance/vouchers/{Guid.NewGuid()}");
        Assert.Equal(404, voucher!.Status);
        await page.AssertAccessibleAsync();
        var fund = await page.GotoAsync($"/finance/dashboard?fund={Guid.NewGuid()}");
        Assert.Equal(404, fund!.Status);
        await page.AssertAccessibleAsync();
        // another province's voucher is answered the same
        var dongThap = await _api.ApplyAsync(1_000_000, sme: "sme.xoai", province: "dong-thap", codePrefix: "DT-CDS-");
        Assert.Equal(404, (await page.GotoAsync($"/finance/vouchers/{dongThap}"))!.Status);
    }

    [Fact]
    public void Every_text_the_finance_pages_name_is_in_both_languages()
    {
        var root = RepositoryRoot();
        var vi = Keys(Path.Combine(root, "src/Vouchers.Api/Resources/FinanceText.resx"));
        var en = Keys(Path.Combine(root, "src/Vouchers.Api/Resources/FinanceText.en.resx"));
        Assert.Equal(vi.Order(), en.Order());
        var sources = Directory.GetFiles(Path.Combine(root, "src/Vouchers.Api/Pages/Finance"), "*.cs*", SearchOption.AllDirectories);
        var used = sources.SelectMany(p => LiteralKey().Matches(File.ReadAllText(p)).Select(m => m.Groups[1].Value)).ToHashSet();
        Assert.True(used.Count > 80, $"only {used.Count} keys found in the pages");
        Assert.Empty(used.Except(vi));
        // the keys the pages make from a value: every value has its text
        foreach (var rule in SegregationOfDuties.Rules.Select(r => r.Code).Distinct()) Assert.Contains("Sod." + rule, vi);
        Assert.Contains("Sod." + SegregationOfDuties.FourEyesSameOfficer, vi);
        foreach (var done in new[] { "approved", "first-approval", "rejected", "settled", "disbursed" }) Assert.Contains("Voucher.Done." + done, vi);
        foreach (var done in new[] { "settled", "disbursed" }) Assert.Contains("Settlements.Done." + done, vi);
        foreach (var done in new[] { "allocated", "envelope" }) Assert.Contains("Budgets.Done." + done, vi);
        foreach (var status in Enum.GetNames<Vouchers.Domain.Programs.ProgramStatus>()) Assert.Contains("ProgramStatus." + status, vi);
        foreach (var table in new[] { "waiting", "recommended" }) Assert.Contains("Approvals.Table." + table, vi);
    }

    private static HashSet<string> Keys(string resx) =>
        XDocument.Load(resx).Root!.Elements("data").Select(d => d.Attribute("name")!.Value).ToHashSet();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Vouchers.sln"))) return dir.FullName;
        throw new InvalidOperationException("Vouchers.sln not found above " + AppContext.BaseDirectory);
    }

    // L["key"] in the views, l["key"] or S("key") where the figures are labelled
    [GeneratedRegex("""(?:\bL|\bl|\bS)\[?\(?"([A-Za-z0-9.\-]+)"[\]\)]""")]
    private static partial Regex LiteralKey();
}
