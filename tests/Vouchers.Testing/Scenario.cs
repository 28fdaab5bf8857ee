using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Testing;

/// <summary>
/// The demo world as its users see it: one client per person (each with its own token), and the steps of a
/// voucher's life as HTTP calls made by whoever may make them. The officers act for <paramref name="province"/>
/// (Đồng Tháp, where the demo's programs and the scenarios' SMEs are, unless a test builds its world elsewhere);
/// <see cref="NationalAuditor"/> reads every province.
/// </summary>
public sealed class Scenario(ITestService factory, string province = TestUser.HomeProvince)
{
    private readonly ConcurrentDictionary<string, HttpClient> _smes = new();
    private readonly ConcurrentDictionary<string, HttpClient> _providers = new();
    private readonly ConcurrentDictionary<string, string> _ownerOf = new();
    private readonly ConcurrentDictionary<string, string> _redeemerOf = new();

    public HttpClient Public { get; } = factory.CreateClient();
    public HttpClient Reviewer { get; } = factory.As(TestUser.Reviewer.For(province));
    public HttpClient Finance { get; } = factory.As(TestUser.Finance.For(province));
    public HttpClient Finance2 { get; } = factory.As(TestUser.Finance2.For(province));
    public HttpClient Finance3 { get; } = factory.As(TestUser.Finance3.For(province));
    public HttpClient Auditor { get; } = factory.As(TestUser.Auditor.For(province));
    public HttpClient Admin { get; } = factory.As(TestUser.Admin.For(province));
    /// <summary>An auditor with the national scope (a Ministry's, the State Audit's): every province's data and trail.</summary>
    public HttpClient NationalAuditor { get; } = factory.As(TestUser.Auditor.In(TestUser.National));
    public string SmeTaxCode { get; } = DemoData.MangoSmeTaxCode;

    /// <summary>A client for any other user (an officer of another province, say).</summary>
    public HttpClient As(TestUser user) => factory.As(user);

    /// <summary>The service under test (an <see cref="ApiFactory"/> has a clock a test may move).</summary>
    public ITestService Service => factory;

    /// <summary>The SME user of the demo mango grower (or of any tax code).</summary>
    public HttpClient Sme(string? taxCode = null) => _smes.GetOrAdd(taxCode ?? SmeTaxCode, t => factory.As(TestUser.Sme(t)));

    public HttpClient Provider(string providerId) => _providers.GetOrAdd(providerId, p => factory.As(TestUser.Provider(Guid.Parse(p))));

    /// <summary>The client of the SME that applied for the voucher.</summary>
    public HttpClient SmeOf(string voucherId) => Sme(_ownerOf[voucherId]);

    /// <summary>The client of the provider that redeemed the voucher.</summary>
    public HttpClient ProviderOf(string voucherId) => Provider(_redeemerOf[voucherId]);

    public async Task<JsonNode> Program(string codePrefix = "DT-CDS-")
    {
        var page = await Public.GetAsync("/api/public/programs?province=dong-thap").Ok();
        return page["items"]!.AsArray().Single(p => p!["code"]!.GetValue<string>().StartsWith(codePrefix, StringComparison.Ordinal))!;
    }

    public async Task<string> ProviderId(string taxCode)
    {
        var page = await Public.GetAsync("/api/public/providers?pageSize=100").Ok();
        return page["items"]!.AsArray().Single(p => p!["taxCode"]!.GetValue<string>() == taxCode)!["id"]!.GetValue<string>();
    }

    /// <summary>A random, valid 10-digit tax code (nine random digits that have a check digit, and that digit).</summary>
    public static string NewTaxCode()
    {
        string code;
        do { code = Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(); }
        while (Domain.Enterprises.TaxCode.ComputeCheckDigit(code) is null);
        return Domain.Enterprises.TaxCode.WithCheckDigit(code).Value;
    }

    /// <summary>Registers a new small trading SME in Đồng Tháp (caps 50M per voucher and per year) and returns its tax code.</summary>
    public async Task<string> NewSme(string province = "dong-thap")
    {
        var taxCode = NewTaxCode();
        await Sme(taxCode).PutAsJsonAsync("/api/sme/enterprise", Profile(taxCode, province), TestHttp.Json).Ok();
        return taxCode;
    }

    /// <summary>
    /// The profile body of a small trading SME in Đồng Tháp, with other figures or province where a test says so; the
    /// figures are those of <paramref name="fiscalYear"/> (the programs' 2026 by default; issue 16: the size class is
    /// declared per fiscal year and an application needs its program year's declaration).
    /// </summary>
    public static object Profile(string taxCode, string province = "dong-thap", int employees = 30, long revenue = 40_000_000_000, long capital = 20_000_000_000,
        int fiscalYear = 2026) => new
    {
        name = $"Công ty TNHH Thử nghiệm {taxCode[..9]}", provinceCode = province, communeWard = "Phường Sa Đéc", sectorGroup = "TradeServices",
        sector = "Trade", averageInsuredEmployees = employees, annualRevenue = revenue, totalCapital = capital, fiscalYear,
    };

    /// <summary>
    /// A fresh SME with an application open declares 80 staff (medium in trade and services): the change waits for a
    /// reviewer (202). Returns the change's id.
    /// </summary>
    public async Task<string> PendingProfileChange()
    {
        var taxCode = await NewSme();
        await Apply(1_000_000, taxCode);
        var answer = await Sme(taxCode).PutAsJsonAsync("/api/sme/enterprise", Profile(taxCode, employees: 80), TestHttp.Json).Ok(202);
        return answer["pendingChange"]!["id"]!.GetValue<string>();
    }

    /// <summary>Applies as a fresh SME (so per-SME caps never interfere between tests) unless a tax code is given.</summary>
    public async Task<string> Apply(long amount = 20_000_000, string? taxCode = null, string? programId = null)
    {
        programId ??= (await Program())["id"]!.GetValue<string>();
        taxCode ??= await NewSme();
        var v = await Sme(taxCode).Post("/api/sme/applications", new
        {
            programId, serviceKind = "DigitalTransformationConsulting", requestedAmount = amount, purpose = "Lập lộ trình chuyển đổi số cho vùng xoài",
        }).Ok(201);
        var id = v["id"]!.GetValue<string>();
        _ownerOf[id] = taxCode;
        return id;
    }

    public Task<JsonNode> Recommend(string id) => Reviewer.Post($"/api/reviewer/vouchers/{id}/recommend", new { note = "Đủ điều kiện" }).Ok();
    public Task<JsonNode> Approve(string id, string? key = null) => Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, key ?? TestHttp.Key()).Ok();

    public async Task<string> Issued(long amount = 20_000_000, string? taxCode = null, string? programId = null)
    {
        var id = await Apply(amount, taxCode, programId);
        await Recommend(id);
        await Approve(id);
        return id;
    }

    /// <summary>The signed token in the voucher's QR code, as its SME shows it.</summary>
    public async Task<string> Token(string id) => (await SmeOf(id).GetAsync($"/api/sme/vouchers/{id}/qr").Ok())["token"]!.GetValue<string>();

    /// <summary>A provider redeems the voucher by the token scanned from its QR code.</summary>
    public async Task<JsonNode> Redeem(string id, long contractValue = 30_000_000, string? providerTaxCode = null)
    {
        var provider = await ProviderId(providerTaxCode ?? DemoData.ConsultantTaxCode);
        var redeemed = await Provider(provider).Post("/api/provider/vouchers/redeem",
            new { token = await Token(id), contractValue, contractNumber = "HĐ-01/2026/SH" }, TestHttp.Key()).Ok();
        _redeemerOf[id] = provider;
        return redeemed;
    }

    /// <summary>From redeemed to accepted: the provider delivers, the SME confirms, the reviewer accepts.</summary>
    public async Task<JsonNode> Accepted(string id, long? acceptedAmount = null)
    {
        await ProviderOf(id).Post($"/api/provider/vouchers/{id}/deliver", new { note = "Đã bàn giao" }).Ok();
        await SmeOf(id).Post($"/api/sme/vouchers/{id}/confirm-delivery", new { note = "Đã nhận" }).Ok();
        return await Reviewer.Post($"/api/reviewer/vouchers/{id}/accept", new { decisionNumber = "BB-NT-01/2026", acceptedAmount }).Ok();
    }

    /// <summary>From accepted to settled: the provider claims payment with an e-invoice of its own, a second finance officer settles.</summary>
    public async Task<JsonNode> Settled(string id)
    {
        await ProviderOf(id).Post($"/api/provider/vouchers/{id}/claim-payment", new { eInvoiceNumber = $"C26-{id[^8..]}" }, TestHttp.Key()).Ok();
        return await Finance2.Post($"/api/finance/vouchers/{id}/settle", null, TestHttp.Key()).Ok();
    }

    /// <summary>From accepted to paid: <see cref="Settled"/>, then a third officer records the treasury's payment order.</summary>
    public async Task<JsonNode> PaidOut(string id, string paymentReference)
    {
        await Settled(id);
        return await Finance3.Post($"/api/finance/vouchers/{id}/disburse", new { paymentReference }, TestHttp.Key()).Ok();
    }

    /// <summary>
    /// A digital-transformation consulting program of Đồng Tháp's science and technology fund with an envelope of its
    /// own (small SMEs, 50% support, caps 50M), open for applications from the day before <paramref name="today"/> for
    /// 30 days; its envelope approved unless asked not to. Returns the program's id.
    /// </summary>
    public async Task<string> NewConsultingProgram(long envelope, DateOnly today, bool approveEnvelope = true)
    {
        var fund = (await Admin.GetAsync("/api/admin/funds?province=dong-thap").Ok()).AsArray()
            .Single(f => f!["kind"]!.GetValue<string>() == "ScienceTechnology")!;
        var program = await Admin.Post("/api/admin/programs", new
        {
            code = $"T-{Guid.NewGuid():N}"[..20], fundId = fund["id"]!.GetValue<string>(), fiscalYear = today.Year, name = "Chương trình thử nghiệm",
            envelope, eligibleServiceKinds = new[] { "DigitalTransformationConsulting" }, eligibleProviderKinds = new[] { "Consultant" },
            supportRatePercent = 50, caps = new[] { new { size = "Small", perVoucher = 50_000_000, perSmePerYear = 50_000_000 } },
            voucherValidityDays = 30, applicationOpens = today.AddDays(-1), applicationCloses = today.AddDays(30),
        }).Ok();
        var programId = program["id"]!.GetValue<string>();
        if (approveEnvelope)
            await Finance.Post($"/api/finance/programs/{programId}/approve-envelope", new { decisionNumber = $"QĐ-{programId[..8]}", decisionDate = today }, TestHttp.Key()).Ok();
        return programId;
    }

    /// <summary>A certified consultant in Đồng Tháp, accredited 2025–2030, offering digital-transformation consulting at <paramref name="listPrice"/> (a new tax code unless one is given). Returns its id.</summary>
    public async Task<Guid> NewConsultant(string? taxCode = null, string name = "Công ty Tư vấn Chuyển đổi số thử nghiệm", long listPrice = 30_000_000)
    {
        var created = await Admin.Post("/api/admin/providers", new
        {
            taxCode = taxCode ?? NewTaxCode(), name, kind = "Consultant", provinceCode = "dong-thap",
            accreditationNumber = $"TVCDS-{Guid.NewGuid():N}"[..20], accreditedFrom = "2025-01-01", accreditedUntil = "2030-01-01",
            services = new[] { new { kind = "DigitalTransformationConsulting", name = "Tư vấn lộ trình chuyển đổi số", listPrice } },
        }).Ok();
        return Guid.Parse(created["id"]!.GetValue<string>());
    }

    public async Task<JsonNode> Position(string programCodePrefix = "DT-CDS-")
    {
        var program = await Program(programCodePrefix);
        return await Finance.GetAsync($"/api/finance/funds/{program["fundId"]}/positions/{program["fiscalYear"]}").Ok();
    }

    public async Task AssertLedgerHolds()
    {
        var check = await Auditor.GetAsync("/api/auditor/ledger/check").Ok();
        Assert.True(check["ok"]!.GetValue<bool>(), check.ToJsonString());
    }

}
