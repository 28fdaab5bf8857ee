using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Api.Tests;

/// <summary>The demo world as a client sees it, and the steps of a voucher's life as HTTP calls.</summary>
public sealed class Scenario(HttpClient api)
{
    public HttpClient Api { get; } = api;
    public string SmeTaxCode { get; } = DemoData.MangoSmeTaxCode;

    public async Task<JsonNode> Program(string codePrefix = "DT-CDS-")
    {
        var page = await Api.GetAsync("/api/public/programs?province=dong-thap").Ok();
        return page["items"]!.AsArray().Single(p => p!["code"]!.GetValue<string>().StartsWith(codePrefix, StringComparison.Ordinal))!;
    }

    public async Task<string> ProviderId(string taxCode)
    {
        var page = await Api.GetAsync("/api/public/providers?pageSize=100").Ok();
        return page["items"]!.AsArray().Single(p => p!["taxCode"]!.GetValue<string>() == taxCode)!["id"]!.GetValue<string>();
    }

    /// <summary>Registers a new small trading SME in Đồng Tháp (caps 50M per voucher and per year) and returns its tax code.</summary>
    public async Task<string> NewSme(string province = "dong-thap")
    {
        string code;
        do { code = Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(); }
        while (Domain.Enterprises.TaxCode.ComputeCheckDigit(code) is null);
        var taxCode = Domain.Enterprises.TaxCode.WithCheckDigit(code).Value;
        await Api.PutAsJsonAsync($"/api/sme/enterprises/{taxCode}", new
        {
            name = $"Công ty TNHH Thử nghiệm {code}", provinceCode = province, communeWard = "Phường Sa Đéc", sectorGroup = "TradeServices",
            sector = "Trade", averageInsuredEmployees = 30, annualRevenue = 40_000_000_000, totalCapital = 20_000_000_000,
        }, Http.Json).Ok();
        return taxCode;
    }

    /// <summary>Applies as a fresh SME (so per-SME caps never interfere between tests) unless a tax code is given.</summary>
    public async Task<string> Apply(long amount = 20_000_000, string? taxCode = null, string? programId = null)
    {
        programId ??= (await Program())["id"]!.GetValue<string>();
        taxCode ??= await NewSme();
        var v = await Api.Post($"/api/sme/enterprises/{taxCode}/applications", new
        {
            programId, serviceKind = "DigitalTransformationConsulting", requestedAmount = amount, purpose = "Lập lộ trình chuyển đổi số cho vùng xoài",
        }).Ok(201);
        return v["id"]!.GetValue<string>();
    }

    public Task<JsonNode> Recommend(string id) => Api.Post($"/api/reviewer/vouchers/{id}/recommend", new { note = "Đủ điều kiện" }).Ok();
    public Task<JsonNode> Approve(string id, string? key = null) => Api.Post($"/api/finance/vouchers/{id}/approve", new { }, key ?? Http.Key()).Ok();

    public async Task<string> Issued(long amount = 20_000_000)
    {
        var id = await Apply(amount);
        await Recommend(id);
        await Approve(id);
        return id;
    }

    public async Task<JsonNode> Redeem(string id, long contractValue = 30_000_000)
    {
        var provider = await ProviderId(DemoData.ConsultantTaxCode);
        return await Api.Post($"/api/provider/providers/{provider}/vouchers/{id}/redeem",
            new { contractValue, contractNumber = "HĐ-01/2026/SH" }, Http.Key()).Ok();
    }

    public async Task<JsonNode> Position(string programCodePrefix = "DT-CDS-")
    {
        var program = await Program(programCodePrefix);
        return await Api.GetAsync($"/api/finance/funds/{program["fundId"]}/positions/{program["fiscalYear"]}").Ok();
    }

    public async Task AssertLedgerHolds()
    {
        var check = await Api.GetAsync("/api/auditor/ledger/check").Ok();
        Assert.True(check["ok"]!.GetValue<bool>(), check.ToJsonString());
    }

    public static JsonContent Body(object o) => JsonContent.Create(o, options: Http.Json);
}
