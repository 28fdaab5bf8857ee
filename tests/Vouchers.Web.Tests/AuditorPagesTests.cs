using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Playwright;
using Vouchers.Application.Audit;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Programs;

namespace Vouchers.Web.Tests;

/// <summary>
/// The auditor's pages in Chromium against the real service, each compared with what the API answers for the same
/// question: the ledger verified (a checkpoint made first by the administrator) with the checkpoints listed; a voucher
/// settled and paid through the API traced back to its program's envelope decision and the fund's budget decisions,
/// and the fund traced forward to that voucher; the year's reconciliation; the audit trail searched by object, action
/// and dates; the export zip downloaded. No auditor page offers a form that changes anything. (Tampering is not tried
/// here: the web tests share one database; the API suites test that the verifier names a tampered record.)
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class AuditorPagesTests(WebFixture web) : IDisposable
{
    private readonly DemoApi _api = new(web.Base);

    public void Dispose() => _api.Dispose();

    private static readonly NumberFormatInfo Dots = new() { NumberGroupSeparator = ".", NumberGroupSizes = [3] };

    /// <summary>An amount as the pages write it (Display.Vnd): 1.000.000 ₫.</summary>
    private static string Vnd(long dong) => dong.ToString("#,0", Dots) + "\u00A0₫";

    private static string Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh")).DateTime)
        .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A Thanh Hóa voucher settled by finance.tam and paid by finance.uyen through the API; its id and payment reference.</summary>
    private async Task<(string Id, string PaymentReference)> PaidVoucherAsync()
    {
        // claimed with an e-invoice number of its own: DemoApi.Claim's is made of the id's first (time-ordered) digits,
        // which vouchers made in the same few seconds share, and a provider may claim an e-invoice once
        var id = await _api.VoucherAt(DemoApi.Stage.Accepted, 1_000_000);
        await _api.Call(HttpMethod.Post, "provider.consultant", $"api/provider/vouchers/{id}/claim-payment",
            new { eInvoiceNumber = "C26TAA-" + id.Replace("-", "", StringComparison.Ordinal)[^10..] }, idempotent: true);
        await _api.Settle(id);
        var reference = "UNC-" + id.Replace("-", "", StringComparison.Ordinal)[^12..];
        await _api.Call(HttpMethod.Post, "finance.uyen", $"api/finance/vouchers/{id}/disburse", new { paymentReference = reference }, idempotent: true);
        return (id, reference);
    }

    private async Task<IPage> AuditorAsync(IBrowserContext context, string path, string user = "auditor.vinh")
    {
        var page = await context.NewPageAsync();
        await page.SignInAsync(user, path);
        return page;
    }

    /// <summary>No form on an auditor's page posts a change: the only post is the layout's sign-out.</summary>
    private static async Task AssertReadOnlyAsync(IPage page)
    {
        var posts = await page.Locator("form[method=post]").EvaluateAllAsync<string[]>("fs => fs.map(f => f.getAttribute('action') || '')");
        Assert.All(posts, action => Assert.Equal("/account/sign-out", action));
        Assert.Equal(0, await page.Locator("main form[method=post], main form[method=POST]").CountAsync());
    }

    private static async Task CheckAsync(IPage page, string? shot = null)
    {
        await AssertReadOnlyAsync(page);
        await page.AssertAccessibleAsync();
        if (shot is not null) await page.ShootAsync(shot);
    }

    [Fact]
    public async Task The_ledger_is_verified_from_the_page_and_held_to_the_checkpoints()
    {
        var made = await _api.Call(HttpMethod.Post, "admin.xuan", "api/admin/ledger/checkpoints");
        var checkpoint = made["checkpoint"]!;
        var number = checkpoint["number"]!.GetValue<long>();

        await using var context = await web.NewContextAsync();
        var page = await AuditorAsync(context, "/auditor/ledger");
        await page.GotoAsync("/auditor");
        Assert.Equal("/auditor/ledger", new Uri(page.Url).AbsolutePath); // the area's root opens its main page
        Assert.Equal(0, await page.Locator("#verdict").CountAsync()); // nothing is verified until asked
        await CheckAsync(page);

        await page.ClickAsync("#verify");
        await page.WaitForSelectorAsync("#verdict");
        var api = await _api.Get("auditor.vinh", "api/auditor/ledger/verify");
        Assert.True(api["ok"]!.GetValue<bool>(), api.ToJsonString());
        Assert.Equal("true", await page.GetAttributeAsync("#verdict", "data-ok"));
        Assert.Contains("Sổ cái toàn vẹn", await page.InnerTextAsync("#verdict-text"));
        Assert.Equal(0, await page.Locator("#problems").CountAsync());
        Assert.Equal(api["lastCheckpointHeight"]!.GetValue<long>().ToString("#,0", Dots), (await page.InnerTextAsync("#last-checkpoint")).Trim());

        // the checkpoint just made is listed, signed and agreeing, with its height and time
        var row = page.Locator($"#checkpoints tr[data-number='{number}']");
        Assert.Equal(1, await row.CountAsync());
        Assert.Equal(checkpoint["height"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture), await row.GetAttributeAsync("data-height"));
        Assert.Equal("Agrees", await row.Locator(".cp-status").GetAttributeAsync("data-status"));
        Assert.Contains("Chữ ký hợp lệ", await row.InnerTextAsync());
        var listed = await _api.Get("auditor.vinh", "api/public/ledger/checkpoints?pageSize=100");
        Assert.Contains(listed["total"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture), await page.InnerTextAsync("#checkpoints-h + p"));
        await CheckAsync(page, "auditor-ledger");
    }

    [Fact]
    public async Task A_paid_voucher_is_traced_back_to_its_decisions_and_the_fund_forward_to_the_voucher()
    {
        var (id, reference) = await PaidVoucherAsync();
        var trace = await _api.Get("auditor.vinh", $"api/auditor/trace/vouchers/{id}");
        var code = trace["voucher"]!["code"]!.GetValue<string>();
        var envelopeDecision = trace["program"]!["envelopeDecisionNumber"]!.GetValue<string>();
        var decisions = trace["fundedBy"]!.AsArray().Select(s => s!["decisionNumber"]!.GetValue<string>()).ToArray();
        Assert.NotEmpty(decisions);

        await using var context = await web.NewContextAsync();
        var page = await AuditorAsync(context, "/auditor/trace");
        await CheckAsync(page);
        await page.FillAsync("#voucher", id);
        await page.ClickAsync("#trace-voucher");
        await page.WaitForSelectorAsync("#backward, #problem, h1");
        Assert.True(await page.Locator("#backward").CountAsync() == 1, await page.InnerTextAsync("main"));

        Assert.Contains(code, await page.InnerTextAsync("#back-h"));
        Assert.Equal(envelopeDecision, (await page.InnerTextAsync("#envelope-decision")).Trim());
        Assert.Equal(decisions, (await page.Locator("#funded-by .decision-number").AllInnerTextsAsync()).Select(s => s.Trim()).ToArray());
        Assert.Equal(reference, (await page.InnerTextAsync("#payment-reference")).Trim());
        Assert.Equal(Vnd(trace["voucher"]!["money"]!["disbursedNet"]!.GetValue<long>()), (await page.InnerTextAsync("#voucher-disbursed")).Trim());
        // every step of the API's path, in its order, and who did each transition
        Assert.Equal(trace["path"]!.AsArray().Select(s => s!["step"]!.GetValue<string>()).ToArray(),
            await page.Locator("#path > li").EvaluateAllAsync<string[]>("ls => ls.map(l => l.dataset.step)"));
        Assert.Contains(reference, await page.InnerTextAsync("#path"));
        var history = await page.InnerTextAsync("#history");
        Assert.Contains("finance.uyen", history);
        Assert.Contains("finance.son", history);
        await CheckAsync(page, "auditor-trace");

        // the disbursement's own trace (a link from its step) reaches the same decisions
        var disbursement = trace["voucher"]!["disbursement"]!["id"]!.GetValue<string>();
        await page.ClickAsync($"#path a[href='/auditor/trace?transfer={disbursement}']");
        await page.WaitForSelectorAsync("#start");
        var back = await _api.Get("auditor.vinh", $"api/auditor/trace/transfers/{disbursement}");
        Assert.Equal(back["fundedBy"]!.AsArray().Select(s => s!["decisionNumber"]!.GetValue<string>()).ToArray(),
            (await page.Locator("#funded-by .decision-number").AllInnerTextsAsync()).Select(s => s.Trim()).ToArray());
        await CheckAsync(page);

        // forward: the fund's year → its decisions and programs → the program's vouchers, where this one is
        await page.ClickAsync("#fund-link");
        await page.WaitForSelectorAsync("#forward-fund");
        var fundText = await page.InnerTextAsync("#decisions");
        Assert.All(decisions, d => Assert.Contains(d, fundText));
        await CheckAsync(page);
        var programId = trace["program"]!["id"]!.GetValue<string>();
        await page.ClickAsync($"#programs a[href='/auditor/trace?program={programId}']");
        await page.WaitForSelectorAsync("#forward-program");
        if (await page.Locator("#last-page").CountAsync() > 0) // issued last: on the last page
        {
            await page.ClickAsync("#last-page");
            await page.WaitForSelectorAsync("#forward-program");
        }
        var row = page.Locator($"#vouchers tr[data-voucher='{id}']");
        Assert.Equal(1, await row.CountAsync());
        Assert.Contains(code, await row.InnerTextAsync());
        Assert.Contains(trace["voucher"]!["provider"]!["name"]!.GetValue<string>(), await row.InnerTextAsync());
        Assert.Contains(reference, await row.InnerTextAsync());
        await CheckAsync(page, "auditor-trace-forward");

        // an id that is no voucher: answered in words, with the forms
        await page.GotoAsync($"/auditor/trace?voucher={Guid.NewGuid()}");
        Assert.True(await page.IsVisibleAsync("#problem"));
        Assert.True(await page.IsVisibleAsync("#voucher-form"));
        await CheckAsync(page);
        await page.GotoAsync("/auditor/trace?voucher=not-an-id");
        Assert.Contains("không hợp lệ", await page.InnerTextAsync("#problem"));
    }

    [Fact]
    public async Task The_reconciliation_shows_the_APIs_figures_and_findings_within_the_auditors_scope()
    {
        var (id, _) = await PaidVoucherAsync();
        var year = (await _api.Get("auditor.vinh", $"api/auditor/trace/vouchers/{id}"))["fiscalYear"]!.GetValue<int>();

        foreach (var (user, shot) in new[] { ("auditor.vinh", "auditor-reconciliation"), ("auditor.yen", null) })
        {
            await using var context = await web.NewContextAsync();
            var page = await AuditorAsync(context, $"/auditor/reconciliation?year={year}", user);
            await page.WaitForSelectorAsync("#summary");
            var api = await _api.Get(user, $"api/auditor/reconciliation/{year}");
            var funds = api["funds"]!.AsArray();
            Assert.Equal(funds.Count.ToString(CultureInfo.InvariantCulture), (await page.InnerTextAsync("#funds-count")).Trim());
            Assert.Equal(api["findings"]!.AsArray().Count, await page.Locator("#findings tbody tr").CountAsync());
            Assert.Equal(api["ok"]!.GetValue<bool>() ? "true" : "false", await page.GetAttributeAsync("#summary", "data-ok"));
            foreach (var f in funds)
            {
                var row = page.Locator($"#funds [data-fund='{f!["fundId"]!.GetValue<string>()}']");
                Assert.Equal(Vnd(f["allocated"]!.GetValue<long>()), (await row.Locator(".allocated").InnerTextAsync()).Trim());
                Assert.Equal(Vnd(f["committed"]!.GetValue<long>()), (await row.Locator(".committed").InnerTextAsync()).Trim());
                Assert.Equal(Vnd(f["disbursed"]!.GetValue<long>()), (await row.Locator(".disbursed").InnerTextAsync()).Trim());
            }
            var provinces = funds.Select(f => f!["provinceCode"]!.GetValue<string>()).Distinct().ToList();
            if (user == "auditor.vinh") Assert.Equal(["thanh-hoa"], provinces); // a provincial auditor: their own province
            else Assert.True(provinces.Count > 1, string.Join(",", provinces)); // the national auditor: every province
            await CheckAsync(page, shot);
        }
    }

    [Fact]
    public async Task The_audit_trail_finds_the_approval_by_object_and_action_and_a_date_range_excludes_it()
    {
        var (id, _) = await PaidVoucherAsync();
        var lines = await _api.Get("auditor.vinh", $"api/auditor/audit-trail?objectId={id}&pageSize=100");
        var approval = lines["items"]!.AsArray().First(e => e!["action"]!.GetValue<string>() == "ApproveVoucher")!;

        await using var context = await web.NewContextAsync();
        var page = await AuditorAsync(context, "/auditor/trail");
        await CheckAsync(page);
        await page.FillAsync("#objectId", id);
        await page.ClickAsync("#search");
        await page.WaitForSelectorAsync("#trail");
        Assert.Equal(lines["total"]!.GetValue<int>(), await page.Locator("#trail tbody tr").CountAsync());
        Assert.Equal(1, await page.Locator($"#trail tr[data-id='{approval["id"]!.GetValue<string>()}'] a[href='/auditor/trace?voucher={id}']").CountAsync());
        await CheckAsync(page, "auditor-trail");

        await page.FillAsync("#action", "ApproveVoucher");
        await page.ClickAsync("#search");
        await page.WaitForSelectorAsync("#trail");
        var actions = await page.Locator("#trail tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.action)");
        Assert.Equal(["ApproveVoucher"], actions.Distinct());
        Assert.Equal(1, await page.Locator($"#trail tr[data-id='{approval["id"]!.GetValue<string>()}']").CountAsync());

        // up to yesterday in Vietnam: the approval made today is not in it
        var yesterday = DateOnly.ParseExact(Today, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.FillAsync("#from", "2020-01-01");
        await page.FillAsync("#to", yesterday);
        await page.ClickAsync("#search");
        await page.WaitForSelectorAsync("#empty");
        Assert.Equal(0, await page.Locator($"#trail tr[data-id='{approval["id"]!.GetValue<string>()}']").CountAsync());
        await CheckAsync(page);

        // a range the query refuses is explained beside its field
        await page.GotoAsync($"/auditor/trail?from={Today}&to=2020-01-01");
        Assert.True(await page.IsVisibleAsync("#problem"));
        Assert.True(await page.IsVisibleAsync("#to-error"));
        await CheckAsync(page);
    }

    [Fact]
    public async Task The_export_downloads_the_same_zip_entries_as_the_API()
    {
        await PaidVoucherAsync();
        var from = DateOnly.ParseExact(Today, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(-7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        await using var context = await web.NewContextAsync();
        var page = await AuditorAsync(context, "/auditor/exports");
        await CheckAsync(page, "auditor-exports");
        await page.FillAsync("#from", from);
        await page.FillAsync("#to", Today);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download"));
        Assert.Equal($"vouchers-audit-{from}-{Today}.zip", download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"auditor-export-{Guid.NewGuid():N}.zip");
        try
        {
            await download.SaveAsAsync(path);
            string[] pageEntries;
            using (var zip = ZipFile.OpenRead(path)) pageEntries = zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToArray();

            using var http = new HttpClient { BaseAddress = new Uri(web.Base + "/") };
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/auditor/exports?from={from}&to={Today}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _api.TokenOf("auditor.vinh"));
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            using var apiZip = new ZipArchive(body, ZipArchiveMode.Read);
            var apiEntries = apiZip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(apiEntries, pageEntries);
            Assert.Contains("journal.csv", pageEntries);
            Assert.Contains("manifest.json", pageEntries);
        }
        finally
        {
            File.Delete(path);
        }

        // a range the query refuses: explained beside the field, no download
        await page.GotoAsync($"/auditor/exports?from={Today}&to=2020-01-01");
        Assert.True(await page.IsVisibleAsync("#problem"));
        Assert.True(await page.IsVisibleAsync("#to-error"));
        await CheckAsync(page);
    }

    [Fact]
    public void Every_text_the_auditor_pages_name_is_in_both_languages()
    {
        var root = RepositoryRoot();
        var vi = Keys(Path.Combine(root, "src/Vouchers.Api/Resources/AuditorText.resx"));
        var en = Keys(Path.Combine(root, "src/Vouchers.Api/Resources/AuditorText.en.resx"));
        Assert.Equal(vi.Order(), en.Order());
        var pages = Directory.GetFiles(Path.Combine(root, "src/Vouchers.Api/Pages/Auditor"), "*.cs*", SearchOption.AllDirectories);
        var used = pages.SelectMany(p => LiteralKey().Matches(File.ReadAllText(p)).Select(m => m.Groups[1].Value)).ToHashSet();
        Assert.True(used.Count > 100, $"only {used.Count} keys found in the pages");
        Assert.Empty(used.Except(vi));
        // the keys the pages make from a value: every value has its text
        var made = Enum.GetNames<TransferKind>().Select(k => "TransferKind." + k)
            .Concat(Enum.GetNames<ProgramStatus>().Select(s => "ProgramStatus." + s))
            .Concat(Enum.GetNames<AuditOutcome>().Select(o => "Outcome." + o))
            .Concat(new[] { "edited", "deleted", "inserted", "reordered", "rewritten", "bad-checkpoint", "balance-drift" }.Select(k => "Problem." + k))
            .Concat(Enum.GetNames<Vouchers.Domain.Sealing.SealedKind>().Append("Account").Select(k => "Record." + k))
            .Concat(new[] { "Agrees", "Disagrees", "BadSignature", "NotReached" }.Select(k => "Ledger.Checkpoint." + k))
            .Concat(["Trace.Rule." + Vouchers.Application.Trace.AttributionRule.Name, "Trail.from", "Trail.to", "Exports.from", "Exports.to"]);
        Assert.Empty(made.Except(vi));
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
