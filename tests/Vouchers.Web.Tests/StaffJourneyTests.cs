using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Web.Tests;

/// <summary>
/// A voucher's whole life through the pages alone, each step by the person whose job it is, in their own browser: the
/// SME applies for an AI solution in Đồng Nai at the four-eyes threshold (100.000.000 ₫, in a program of its own whose
/// caps let a small enterprise ask that much; the program is set up through the API); the reviewer recommends it; two finance
/// officers approve it (the first sees that a second is needed and is not offered the second step); the SME shows its
/// code; the solution vendor verifies it and redeems it; the vendor reports delivery and the SME confirms it; the
/// reviewer accepts it (nghiệm thu); the vendor claims the payment with its e-invoice; a third officer authorises the
/// payment and a fourth records it with the treasury's reference. The API only reads, to check each page told the truth.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class StaffJourneyTests(WebFixture web) : IDisposable
{
    private readonly DemoApi _api = new(web.Base);

    public void Dispose() => _api.Dispose();

    private const long Amount = 100_000_000; // the service's Approval:SecondApprovalFrom: four eyes

    /// <summary>A Đồng Nai AI program of its own, open, its envelope approved: small enterprises may ask up to 150.000.000 ₫ at 80 %.</summary>
    private async Task<string> NewDongNaiAiProgram()
    {
        var funds = (await _api.Get("admin.phuc", "api/admin/funds?province=dong-nai")).AsArray();
        var fund = funds.First(f => f!["kind"]!.GetValue<string>() == "ArtificialIntelligence")!;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh")).DateTime);
        var code = $"DN-HT-{Guid.NewGuid():N}"[..16].ToUpperInvariant();
        var program = await _api.Call(HttpMethod.Post, "admin.phuc", "api/admin/programs", new
        {
            code, fundId = fund["id"]!.GetValue<string>(), fiscalYear = today.Year, name = "Hỗ trợ trợ lý AI cho doanh nghiệp logistics (DEMO)",
            envelope = 1_000_000_000, eligibleServiceKinds = new[] { "AiSolution" }, eligibleProviderKinds = new[] { "SolutionVendor" },
            supportRatePercent = 80,
            caps = new[]
            {
                new { size = "Small", perVoucher = 150_000_000, perSmePerYear = 150_000_000 },
                new { size = "Medium", perVoucher = 150_000_000, perSmePerYear = 150_000_000 },
            },
            voucherValidityDays = 90, applicationOpens = today.AddDays(-1), applicationCloses = today.AddDays(30), minimumSupport = 500_000,
        });
        var id = program["id"]!.GetValue<string>();
        await _api.Call(HttpMethod.Post, "finance.nga", $"api/finance/programs/{id}/approve-envelope", new { decisionNumber = $"QĐ-{code}", decisionDate = today }, idempotent: true);
        return id;
    }

    private async Task<IPage> As(IBrowserContext context, string user, string path)
    {
        var page = await context.NewPageAsync();
        await page.SignInAsync(user, path);
        return page;
    }

    private async Task<string> StatusOf(string id) =>
        (await _api.Get("auditor.oanh", $"api/auditor/vouchers/{id}"))["voucher"]!["status"]!.GetValue<string>();

    [Fact]
    public async Task A_voucher_goes_from_application_to_payment_entirely_through_pages()
    {
        var programId = await NewDongNaiAiProgram();

        // ── the SME applies
        await using var smeContext = await web.NewContextAsync(360, 780);
        var sme = await As(smeContext, "sme.logistics", "/sme/apply");
        await sme.CheckAsync($"#program-{programId}");
        await sme.ClickAsync("#choose-program");
        await sme.CheckAsync("#kind-AiSolution");
        await sme.FillAsync("#amount", "100.000.000");
        await sme.FillAsync("#purpose", "Trợ lý AI trả lời khách hàng về lịch giao nhận hàng");
        await sme.ClickAsync("#submit-application");
        await sme.WaitForAddressAsync(u => Regex.IsMatch(u.AbsolutePath, "^/sme/vouchers/[0-9a-f-]{36}$"), "the new application's page");
        var id = new Uri(sme.Url).AbsolutePath.Split('/')[^1];
        Assert.Equal("Submitted", await StatusOf(id));

        // ── the reviewer finds it in the queue and recommends it
        await using var reviewerContext = await web.NewContextAsync();
        var reviewer = await As(reviewerContext, "reviewer.khoa", "/reviewer/applications");
        await reviewer.ClickAsync($"a[href='/reviewer/applications/{id}']");
        await reviewer.WaitForSelectorAsync("#recommend");
        await reviewer.FillAsync("#recommend-note", "Đủ điều kiện: doanh nghiệp nhỏ, giải pháp AI trong danh mục");
        await reviewer.ClickAsync("#recommend");
        await reviewer.WaitForSelectorAsync("#done");
        Assert.Equal("Recommended", await StatusOf(id));
        await reviewer.AssertAccessibleAsync();

        // ── finance: four eyes — the first officer approves and is then not offered the second step; a second one is
        await using var firstContext = await web.NewContextAsync();
        var first = await As(firstContext, "finance.lan", "/finance/approvals");
        await first.ClickAsync($"a[href='/finance/vouchers/{id}']");
        await first.WaitForSelectorAsync("#four-eyes");
        Assert.Contains("Cần cán bộ thứ hai phê duyệt", await first.InnerTextAsync("#four-eyes")); // said before the click
        await first.ClickAsync("#approve");
        await first.WaitForSelectorAsync("#done");
        Assert.Equal("AwaitingSecondApproval", await StatusOf(id));
        Assert.Equal(0, await first.Locator("#approve").CountAsync());
        Assert.Contains("Bạn đã phê duyệt bước thứ nhất", await first.InnerTextAsync("#four-eyes"));
        await first.AssertAccessibleAsync();

        await using var secondContext = await web.NewContextAsync();
        var second = await As(secondContext, "finance.minh", $"/finance/vouchers/{id}");
        await second.ClickAsync("#approve");
        await second.WaitForSelectorAsync("#done");
        Assert.Equal("Issued", await StatusOf(id));

        // ── the SME shows its code; the vendor types it with the SME's tax code, sees the terms and redeems
        await sme.GotoAsync($"/sme/vouchers/{id}/qr");
        var code = (await sme.InnerTextAsync("#voucher-code")).Trim();
        await using var vendorContext = await web.NewContextAsync(360, 780);
        var vendor = await As(vendorContext, "provider.vendor", "/provider/scan");
        await vendor.FillAsync("#code", code);
        await vendor.FillAsync("#taxCode", DemoData.LogisticsSmeTaxCode);
        await vendor.ClickAsync("#verify-code");
        await vendor.FillAsync("#contractValue", "125.000.000");
        await vendor.FillAsync("#contractNumber", "HĐ-AI/2026-011");
        await vendor.ClickAsync("#preview");
        await vendor.WaitForSelectorAsync("#quote");
        Assert.Equal("100.000.000\u00A0₫", await vendor.InnerTextAsync("#quote-support")); // 80 % of 125.000.000, up to the face value
        Assert.Equal("25.000.000\u00A0₫", await vendor.InnerTextAsync("#quote-copayment"));
        await vendor.ClickAsync("#confirm");
        await vendor.WaitForPathAsync($"/provider/vouchers/{id}");
        Assert.Equal("Redeemed", await StatusOf(id));

        // ── delivered by the vendor, confirmed by the SME
        await vendor.FillAsync("#note", "Đã triển khai trợ lý AI, bàn giao tài liệu và tài khoản quản trị, biên bản 11/BG");
        await vendor.ClickAsync("#deliver");
        await vendor.WaitForSelectorAsync("#done");
        await sme.GotoAsync($"/sme/vouchers/{id}");
        await sme.FillAsync("#confirm-note", "Đã nhận và chạy thử trợ lý AI");
        await sme.ClickAsync("#confirm");
        await sme.WaitForSelectorAsync("#done");
        Assert.Equal("DeliveryConfirmed", await StatusOf(id));

        // ── the reviewer accepts it from the acceptance queue
        await reviewer.GotoAsync("/reviewer/acceptance");
        await reviewer.ClickAsync($"a[href='/reviewer/applications/{id}']");
        await reviewer.FillAsync("#decision-number", "11/BB-NT-SKHCN");
        await reviewer.ClickAsync("#accept");
        await reviewer.WaitForSelectorAsync("#done");
        Assert.Equal("Accepted", await StatusOf(id));

        // ── the vendor claims the payment
        await vendor.GotoAsync($"/provider/vouchers/{id}");
        await vendor.FillAsync("#eInvoiceNumber", "1C26TAA-00011");
        await vendor.ClickAsync("#claim");
        await vendor.WaitForAddressAsync(u => u.Query.Contains("done=claimed", StringComparison.Ordinal), "the claim's answer");
        Assert.Equal("PaymentClaimed", await StatusOf(id));

        // ── a third officer authorises the payment from the settlement queue; the approvers are not offered it
        await first.GotoAsync("/finance/settlements");
        Assert.Equal(0, await first.Locator($"#settle-button-{id}").CountAsync());
        await using var thirdContext = await web.NewContextAsync();
        var third = await As(thirdContext, "finance.nga", "/finance/settlements");
        await third.ClickAsync($"#settle-button-{id}");
        await third.WaitForSelectorAsync("#done");
        Assert.Equal("Settled", await StatusOf(id));
        Assert.Equal(0, await third.Locator($"#disburse-button-{id}").CountAsync()); // who authorised does not record

        // ── a fourth records it with the treasury's reference
        await using var fourthContext = await web.NewContextAsync();
        var fourth = await As(fourthContext, "finance.phuong", "/finance/settlements");
        await fourth.FillAsync($"#ref-{id}", "UNC-DN-2026-0011");
        await fourth.ClickAsync($"#disburse-button-{id}");
        await fourth.WaitForSelectorAsync("#done");
        Assert.Equal("Paid", await StatusOf(id));
        await fourth.AssertAccessibleAsync();

        // every step once, by its own person, in order
        var history = (await _api.Get("auditor.oanh", $"api/auditor/vouchers/{id}"))["history"]!.AsArray();
        Assert.Equal(["Submitted", "Recommended", "AwaitingSecondApproval", "Issued", "Redeemed", "Delivered", "DeliveryConfirmed", "Accepted", "PaymentClaimed", "Settled", "Paid"],
            history.Select(t => t!["to"]!.GetValue<string>()).ToArray());
        var paid = (await _api.Get("auditor.oanh", $"api/auditor/vouchers/{id}"))["voucher"]!;
        Assert.Equal("UNC-DN-2026-0011", paid["paymentReference"]!.GetValue<string>());
        Assert.Equal(100_000_000, paid["acceptedAmount"]!.GetValue<long>());

        // the provider's page says paid
        await vendor.GotoAsync($"/provider/vouchers/{id}");
        Assert.Equal("Đã chi trả", await vendor.InnerTextAsync("#payment-status"));
    }
}
