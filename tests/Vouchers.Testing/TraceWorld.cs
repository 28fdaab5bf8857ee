using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Vouchers.Testing;

/// <summary>The service with one <see cref="TraceWorld"/> built in it, once, for the test class that uses it.</summary>
public sealed class TraceWorldFactory : ApiFactory
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TraceWorld? _world;

    public async Task<TraceWorld> World()
    {
        await _gate.WaitAsync();
        try { return _world ??= await TraceWorld.BuildAsync(this); }
        finally { _gate.Release(); }
    }
}

/// <summary>
/// A fund of its own (Cần Thơ, SME development) with two budget decisions and three programs, and vouchers driven through
/// the real API in every money state, so every figure of a trace is known in advance:
/// <list type="bullet">
/// <item>decisions A = 100.000.000 ₫ then B = 200.000.000 ₫; envelopes P1 = 60.000.000 ₫ (approved first) and
/// P2 = 120.000.000 ₫; P3 is a draft. FIFO: P1 draws 60M on A, P2 draws 40M on A and 80M on B; 120M of B is left.</item>
/// <item>P2: paid (20M face, 15M support and paid), clawed back (10M face, 8M support, 6M accepted and paid, 2M clawed
/// back after payment), expired (5M), cancelled (6M, at 06:00 on 17/3 in Vietnam, which is still 16/3 in UTC),
/// outstanding (7M issued), and a rejected application that never moved money.</item>
/// <item>P1: paid (12M face, 10M support and paid).</item>
/// </list>
/// </summary>
public sealed class TraceWorld
{
    public const int Year = 2026;
    public const string FundName = "Quỹ phát triển doanh nghiệp nhỏ và vừa thành phố Cần Thơ (thử nghiệm)";
    public const string DecisionA = "QĐ-01/2026/QĐ-UBND", DecisionB = "QĐ-02/2026/QĐ-UBND";
    public static readonly DateTimeOffset CancelledAt = new(2026, 3, 17, 6, 0, 0, TimeSpan.FromHours(7));
    /// <summary>An enterprise name typed in decomposed Unicode (NFD); the service stores and exports it composed (NFC).</summary>
    public static readonly string NfdEnterpriseName = "Công ty TNHH Sen Hồng Ninh Kiều — Đặc sản Mỹ Khánh".Normalize(NormalizationForm.FormD);

    public required Scenario S { get; init; }
    public required string FundId { get; init; }
    public required string P1 { get; init; }
    public required string P2 { get; init; }
    public required string P3 { get; init; }
    public required string Paid { get; init; }
    public required string ClawedBack { get; init; }
    public required string Expired { get; init; }
    public required string Cancelled { get; init; }
    public required string Outstanding { get; init; }
    public required string Rejected { get; init; }
    public required string PaidInP1 { get; init; }
    public required string NfdSmeTaxCode { get; init; }

    public HttpClient Auditor => S.Auditor;

    public static async Task<TraceWorld> BuildAsync(ApiFactory factory)
    {
        var s = new Scenario(factory, "can-tho"); // Cần Thơ's officers
        var fund = await s.Admin.Post("/api/admin/funds", new { provinceCode = "can-tho", kind = "SmeDevelopment", name = FundName }).Ok();
        var fundId = fund["id"]!.GetValue<string>();
        // the demo consultant (Đồng Tháp's) serves Cần Thơ too: accredited there by Cần Thơ's administrator
        var consultant = await s.ProviderId(Vouchers.Infrastructure.Demo.DemoData.ConsultantTaxCode);
        await s.Admin.Post($"/api/admin/providers/{consultant}/accreditations", new
        {
            provinceCode = "can-tho", accreditationNumber = "TV-CT-01", accreditedFrom = "2026-01-01", accreditedUntil = "2028-12-31",
            decisionNumber = "01/QĐ-SKHCN-CT", decisionDate = "2025-12-20",
        }, TestHttp.Key()).Ok();
        await s.Finance.Post($"/api/finance/funds/{fundId}/allocations",
            new { fiscalYear = Year, amount = 100_000_000, decisionNumber = DecisionA, decisionDate = "2026-01-10" }, TestHttp.Key()).Ok();
        factory.Clock.Advance(TimeSpan.FromSeconds(1)); // A is recorded before B (within one instant the ledger's order is the ids')
        await s.Finance.Post($"/api/finance/funds/{fundId}/allocations",
            new { fiscalYear = Year, amount = 200_000_000, decisionNumber = DecisionB, decisionDate = "2026-02-10" }, TestHttp.Key()).Ok();
        var p1 = await Program(s, fundId, "CT-CDS-P1", 60_000_000, approve: true);
        factory.Clock.Advance(TimeSpan.FromSeconds(1)); // P1's envelope is approved before P2's
        var p2 = await Program(s, fundId, "CT-CDS-P2", 120_000_000, approve: true);
        var p3 = await Program(s, fundId, "CT-CDS-P3", 10_000_000, approve: false);

        var nfdSme = Scenario.NewTaxCode();
        await s.Sme(nfdSme).PutAsJsonAsync("/api/sme/enterprise", new
        {
            name = NfdEnterpriseName, provinceCode = "can-tho", communeWard = "Phường Ninh Kiều", sectorGroup = "TradeServices",
            sector = "Trade", averageInsuredEmployees = 30, annualRevenue = 40_000_000_000, totalCapital = 20_000_000_000,
        }, TestHttp.Json).Ok();

        var paid = await Issue(s, p2, 20_000_000, nfdSme);
        await PayOut(s, paid, contractValue: 30_000_000, acceptedAmount: null, "UNC-CT-0001");
        var clawed = await Issue(s, p2, 10_000_000);
        await PayOut(s, clawed, contractValue: 16_000_000, acceptedAmount: 6_000_000, "UNC-CT-0002");
        await s.Finance.Post($"/api/finance/vouchers/{clawed}/claw-back", new { reason = "Hóa đơn khống, thu hồi một phần", amount = 2_000_000 }, TestHttp.Key()).Ok();
        var expired = await Issue(s, p2, 5_000_000);
        var cancelled = await Issue(s, p2, 6_000_000);
        var outstanding = await Issue(s, p2, 7_000_000);
        var rejected = await s.Apply(3_000_000, await s.NewSme("can-tho"), p2);
        await s.Reviewer.Post($"/api/reviewer/vouchers/{rejected}/reject", new { reason = "Không đúng đối tượng" }).Ok();
        var paidInP1 = await Issue(s, p1, 12_000_000);
        await PayOut(s, paidInP1, contractValue: 20_000_000, acceptedAmount: null, "UNC-CT-0003");

        // Cancelled at 06:00 on 17/3 in Vietnam (23:00 on 16/3 in UTC); then the expired voucher's date passes. Back to the start afterwards.
        var shift = CancelledAt - factory.Clock.GetUtcNow();
        factory.Clock.Advance(shift);
        await s.Finance.Post($"/api/finance/vouchers/{cancelled}/cancel", new { reason = "Hồ sơ không trung thực" }, TestHttp.Key()).Ok();
        var validUntil = DateOnly.Parse((await s.Auditor.GetAsync($"/api/auditor/vouchers/{expired}").Ok())["voucher"]!["validUntil"]!.GetValue<string>());
        var toExpiry = new DateTimeOffset(validUntil.AddDays(1).ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(7)) - factory.Clock.GetUtcNow();
        factory.Clock.Advance(toExpiry);
        var expiredNow = await s.Auditor.GetAsync($"/api/auditor/vouchers/{expired}").Ok(); // expiry on access releases the commitment
        factory.Clock.Advance(-(shift + toExpiry));
        Assert.Equal("Expired", expiredNow["voucher"]!["status"]!.GetValue<string>());

        return new TraceWorld
        {
            S = s, FundId = fundId, P1 = p1, P2 = p2, P3 = p3, Paid = paid, ClawedBack = clawed, Expired = expired, Cancelled = cancelled,
            Outstanding = outstanding, Rejected = rejected, PaidInP1 = paidInP1, NfdSmeTaxCode = nfdSme,
        };
    }

    private static async Task<string> Program(Scenario s, string fundId, string code, long envelope, bool approve)
    {
        var program = await s.Admin.Post("/api/admin/programs", new
        {
            code, fundId, fiscalYear = Year, name = $"Hỗ trợ tư vấn chuyển đổi số Cần Thơ {code}", envelope,
            eligibleServiceKinds = new[] { "DigitalTransformationConsulting" }, eligibleProviderKinds = new[] { "Consultant" },
            supportRatePercent = 50, caps = new[] { new { size = "Small", perVoucher = 50_000_000, perSmePerYear = 50_000_000 } },
            voucherValidityDays = 30, applicationOpens = "2026-01-01", applicationCloses = "2026-12-31",
        }).Ok();
        var id = program["id"]!.GetValue<string>();
        if (approve)
            await s.Finance.Post($"/api/finance/programs/{id}/approve-envelope", new { decisionNumber = $"{code}/QĐ-STC", decisionDate = "2026-03-01" }, TestHttp.Key()).Ok();
        return id;
    }

    private static async Task<string> Issue(Scenario s, string programId, long amount, string? taxCode = null) =>
        await s.Issued(amount, taxCode ?? await s.NewSme("can-tho"), programId);

    private static async Task PayOut(Scenario s, string id, long contractValue, long? acceptedAmount, string paymentReference)
    {
        await s.Redeem(id, contractValue);
        await s.Accepted(id, acceptedAmount);
        await s.PaidOut(id, paymentReference);
    }

    /// <summary>The voucher's transfers, from the journal, by kind (the last of each kind).</summary>
    public async Task<Dictionary<string, JsonNode>> Transfers(string voucherId)
    {
        var page = await Auditor.GetAsync($"/api/auditor/ledger/transfers?voucherId={voucherId}").Ok();
        return page["items"]!.AsArray().GroupBy(t => t!["kind"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Last()!);
    }
}
