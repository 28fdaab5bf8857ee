using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Api.Tests;

/// <summary>
/// The life of providers (issue 16) over HTTP: accreditation per province, suspension and reinstatement by the
/// province's administrator, renewal, and versioned price lists. A refusal moves nothing (<see cref="StateFingerprint"/>);
/// each test uses a provider of its own, so that the demo's stay as they are for the other tests of the class.
/// </summary>
public class ProviderAccreditationApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly Scenario _s = new(factory);
    private readonly Scenario _dongNai = new(factory, "dong-nai");

    private static string Code(JsonNode problem) => problem["code"]!.GetValue<string>();

    private Task<T> RefusedWithNothingWritten<T>(Func<Task<T>> call) => StateFingerprint.AssertUnchangedBy(factory.Services, call);

    private static object Decision(string reason = "Vi phạm điều kiện hoạt động") =>
        new { reason, decisionNumber = $"QĐ-{Guid.NewGuid():N}"[..20], decisionDate = "2026-03-01" };

    private async Task<JsonNode> Scan(Guid provider, string token) =>
        (await _s.Provider(provider.ToString()).Post("/api/provider/vouchers/verify", new { token }).Ok())["voucher"]!;

    private Task<HttpResponseMessage> Redeem(Guid provider, string token, long contractValue = 30_000_000) =>
        _s.Provider(provider.ToString()).Post("/api/provider/vouchers/redeem", new { token, contractValue, contractNumber = "HĐ-16/2026" }, TestHttp.Key());

    private Task<JsonNode> Voucher(string id) => _s.NationalAuditor.GetAsync($"/api/auditor/vouchers/{id}").Ok();

    [Fact]
    public async Task ASuspendedProvider_IsToldItMayNotRedeem_IsRefused_AndMayAgainOnceReinstated()
    {
        var consultant = await _s.NewConsultant();
        var id = await _s.Issued(20_000_000);
        var token = await _s.Token(id);

        var suspended = await _s.Admin.Post($"/api/admin/providers/{consultant}/accreditations/dong-thap/suspend", Decision(), TestHttp.Key()).Ok();
        var home = suspended["accreditations"]!.AsArray().Single()!;
        Assert.Equal(("Suspended", "Vi phạm điều kiện hoạt động"), (home["status"]!.GetValue<string>(), home["reason"]!.GetValue<string>()));

        var scan = await Scan(consultant, token);
        Assert.False(scan["mayRedeem"]!.GetValue<bool>());
        Assert.Equal("provider.suspended", scan["refusalCode"]!.GetValue<string>());
        var refused = await RefusedWithNothingWritten(() => Redeem(consultant, token).Problem(422));
        Assert.Equal("provider.suspended", Code(refused));

        await _s.Admin.Post($"/api/admin/providers/{consultant}/accreditations/dong-thap/reinstate", Decision("Đã khắc phục vi phạm"), TestHttp.Key()).Ok();
        Assert.True((await Scan(consultant, token))["mayRedeem"]!.GetValue<bool>());
        Assert.Equal("Redeemed", (await Redeem(consultant, token).Ok())["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task WhatASuspendedProviderAlreadyRedeemed_Continues()
    {
        var consultant = await _s.NewConsultant();
        var id = await _s.Issued(20_000_000);
        await Redeem(consultant, await _s.Token(id)).Ok();
        await _s.Admin.Post($"/api/admin/providers/{consultant}/accreditations/dong-thap/suspend", Decision(), TestHttp.Key()).Ok();

        var delivered = await _s.Provider(consultant.ToString()).Post($"/api/provider/vouchers/{id}/deliver", new { note = "Đã bàn giao" }).Ok();
        Assert.Equal("Delivered", delivered["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task AProviderAccreditedOnlyInDongThap_CannotRedeemADongNaiVoucher_UntilDongNaiAccreditsIt()
    {
        var vendor = Guid.Parse((await _s.Admin.Post("/api/admin/providers", new
        {
            taxCode = Scenario.NewTaxCode(), name = "Công ty Giải pháp AI Sa Đéc", kind = "SolutionVendor", provinceCode = "dong-thap",
            accreditationNumber = $"GP-{Guid.NewGuid():N}"[..20], accreditedFrom = "2025-01-01", accreditedUntil = "2030-01-01",
            services = new[] { new { kind = "AiSolution", name = "Trợ lý AI bán hàng", listPrice = 40_000_000 } },
        }).Ok())["id"]!.GetValue<string>());

        var sme = await _s.NewSme("dong-nai");
        var program = (await _s.Public.GetAsync("/api/public/programs?province=dong-nai").Ok())["items"]!.AsArray()
            .Single(p => p!["code"]!.GetValue<string>().StartsWith("DN-AI-", StringComparison.Ordinal))!;
        var applied = await _s.Sme(sme).Post("/api/sme/applications", new
        {
            programId = program["id"]!.GetValue<string>(), serviceKind = "AiSolution", requestedAmount = 10_000_000, purpose = "Trợ lý AI cho kho hàng",
        }).Ok(201);
        var id = applied["id"]!.GetValue<string>();
        await _dongNai.Recommend(id);
        await _dongNai.Approve(id);
        var token = (await _s.Sme(sme).GetAsync($"/api/sme/vouchers/{id}/qr").Ok())["token"]!.GetValue<string>();

        var scan = await Scan(vendor, token);
        Assert.False(scan["mayRedeem"]!.GetValue<bool>());
        Assert.Equal("provider.not-accredited", scan["refusalCode"]!.GetValue<string>());
        Assert.Equal("provider.not-accredited", Code(await RefusedWithNothingWritten(() => Redeem(vendor, token).Problem(422))));

        // Đồng Tháp's administrator cannot accredit it in Đồng Nai; Đồng Nai's can
        Assert.Equal("province.out-of-scope", Code(await RefusedWithNothingWritten(() => _s.Admin.Post($"/api/admin/providers/{vendor}/accreditations",
            Accreditation("dong-nai"), TestHttp.Key()).Problem(403))));
        var accredited = await _dongNai.Admin.Post($"/api/admin/providers/{vendor}/accreditations", Accreditation("dong-nai"), TestHttp.Key()).Ok();
        Assert.Equal(["dong-nai", "dong-thap"], accredited["accreditations"]!.AsArray().Select(a => a!["provinceCode"]!.GetValue<string>()));
        Assert.Equal("Redeemed", (await Redeem(vendor, token).Ok())["status"]!.GetValue<string>());
        var listed = await _s.Public.GetAsync("/api/public/providers?province=dong-nai&pageSize=100").Ok();
        Assert.Contains(listed["items"]!.AsArray(), p => p!["id"]!.GetValue<string>() == vendor.ToString());
    }

    [Fact]
    public async Task AnyAdministrator_ReadsAProvider_WithEachProvincesAccreditationAndItsPrices_AnUnknownOneIs404()
    {
        var consultant = await _s.NewConsultant(listPrice: 27_000_000);
        await _dongNai.Admin.Post($"/api/admin/providers/{consultant}/accreditations", Accreditation("dong-nai"), TestHttp.Key()).Ok();
        await _s.Admin.Post($"/api/admin/providers/{consultant}/accreditations/dong-thap/suspend", Decision(), TestHttp.Key()).Ok();

        // another province's administrator reads it too (it is accredited there); what it holds is as the commands left it
        var read = await _dongNai.Admin.GetAsync($"/api/admin/providers/{consultant}").Ok();
        Assert.Equal(consultant.ToString(), read["id"]!.GetValue<string>());
        var accreditations = read["accreditations"]!.AsArray().ToDictionary(a => a!["provinceCode"]!.GetValue<string>(), a => a!["status"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { ["dong-thap"] = "Suspended", ["dong-nai"] = "Active" }, accreditations);
        Assert.Equal(27_000_000, read["services"]!.AsArray().Single()!["listPrice"]!.GetValue<long>());
        Assert.Equal(1, read["priceListVersion"]!.GetValue<int>());

        var missing = await _s.Admin.GetAsync($"/api/admin/providers/{Guid.NewGuid()}").Problem(404);
        Assert.Equal("not-found", Code(missing));
    }

    private static object Accreditation(string province) => new
    {
        provinceCode = province, accreditationNumber = $"DN-{Guid.NewGuid():N}"[..20], accreditedFrom = "2026-01-01", accreditedUntil = "2028-12-31",
        decisionNumber = $"QĐ-{Guid.NewGuid():N}"[..20], decisionDate = "2025-12-20",
    };

    [Fact]
    public async Task APriceChangeAfterARedemption_LeavesThatVouchersCeiling_AndHoldsNewRedemptionsToTheNewList()
    {
        var consultant = await _s.NewConsultant(listPrice: 30_000_000); // ceiling 33M: the demo program's 10% margin
        var first = await _s.Issued(20_000_000);
        await Redeem(consultant, await _s.Token(first), 30_000_000).Ok();
        Assert.Equal(33_000_000, (await Voucher(first))["voucher"]!["priceCeiling"]!.GetValue<long>());

        var updated = await _s.Admin.Post($"/api/admin/providers/{consultant}/price-lists", new
        {
            services = new[] { new { kind = "DigitalTransformationConsulting", name = "Tư vấn lộ trình chuyển đổi số", listPrice = 20_000_000 } },
        }, TestHttp.Key()).Ok();
        Assert.Equal(2, updated["priceListVersion"]!.GetValue<int>());
        Assert.Equal(20_000_000, updated["services"]!.AsArray().Single()!["listPrice"]!.GetValue<long>());

        Assert.Equal(33_000_000, (await Voucher(first))["voucher"]!["priceCeiling"]!.GetValue<long>()); // as it was
        var second = await _s.Issued(20_000_000);
        var refused = await RefusedWithNothingWritten(async () => await Redeem(consultant, await _s.Token(second), 30_000_000).Problem(422));
        Assert.Equal("redemption.contract-above-list-price", Code(refused));
        await Redeem(consultant, await _s.Token(second), 22_000_000).Ok();
    }

    [Fact]
    public async Task APriceList_IsRefusedForWhatARegistrationsServicesAreRefused_WithTheSameErrors()
    {
        var consultant = await _s.NewConsultant();
        object[] refusedLists = [Array.Empty<object>(), new[] { new { kind = "DigitalTransformationConsulting", name = "", listPrice = 0 } }];
        foreach (var services in refusedLists)
        {
            var registering = await RefusedWithNothingWritten(() => _s.Admin.Post("/api/admin/providers", new
            {
                taxCode = Scenario.NewTaxCode(), name = "Tư vấn Giá Sai", kind = "Consultant", provinceCode = "dong-thap", accreditationNumber = "TV-GS",
                accreditedFrom = "2025-01-01", accreditedUntil = "2028-01-01", services,
            }).Problem(400));
            var repricing = await RefusedWithNothingWritten(() => _s.Admin.Post($"/api/admin/providers/{consultant}/price-lists", new { services }, TestHttp.Key()).Problem(400));
            Assert.Equal(registering["errors"]!.ToJsonString(), repricing["errors"]!.ToJsonString());
        }
        var unnamedAtZero = await _s.Admin.Post($"/api/admin/providers/{consultant}/price-lists", new { services = refusedLists[1] }, TestHttp.Key()).Problem(400);
        Assert.Equal(["services[0].listPrice", "services[0].name"], unnamedAtZero["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnAdminOfDongNai_CannotSuspend_RenewOrRepriceADongThapAccreditation()
    {
        var consultant = await _s.NewConsultant();
        var suspend = await RefusedWithNothingWritten(() => _dongNai.Admin.Post($"/api/admin/providers/{consultant}/accreditations/dong-thap/suspend",
            Decision(), TestHttp.Key()).Problem(403));
        Assert.Equal("province.out-of-scope", Code(suspend));
        var renew = await RefusedWithNothingWritten(() => _dongNai.Admin.Post($"/api/admin/providers/{consultant}/accreditations/dong-thap/renew",
            new { accreditationNumber = "TV-DN-X", accreditedFrom = "2026-01-01", accreditedUntil = "2031-12-31", decisionNumber = "QĐ-X", decisionDate = "2026-01-01" },
            TestHttp.Key()).Problem(403));
        Assert.Equal("province.out-of-scope", Code(renew));
        var reprice = await RefusedWithNothingWritten(() => _dongNai.Admin.Post($"/api/admin/providers/{consultant}/price-lists",
            new { services = new[] { new { kind = "DigitalTransformationConsulting", name = "Giá mới", listPrice = 1_000_000 } } }, TestHttp.Key()).Problem(403));
        Assert.Equal("province.out-of-scope", Code(reprice));
    }

    [Fact]
    public async Task Renewal_SetsTheNewValidity_AndTheCommandsRefuseWhatTheyCannotDo()
    {
        var consultant = await _s.NewConsultant();
        var renewed = await _s.Admin.Post($"/api/admin/providers/{consultant}/accreditations/dong-thap/renew",
            new { accreditationNumber = "TVCDS-2031", accreditedFrom = "2026-01-01", accreditedUntil = "2031-12-31", decisionNumber = "QĐ-GH-16", decisionDate = "2025-12-30" },
            TestHttp.Key()).Ok();
        Assert.Equal(("TVCDS-2031", "2031-12-31"), (renewed["accreditationNumber"]!.GetValue<string>(), renewed["accreditedUntil"]!.GetValue<string>()));

        Assert.Equal("provider.accreditation-not-suspended", Code(await RefusedWithNothingWritten(() =>
            _s.Admin.Post($"/api/admin/providers/{consultant}/accreditations/dong-thap/reinstate", Decision("Không bị đình chỉ"), TestHttp.Key()).Problem(422))));
        Assert.Equal("provider.already-accredited-in-province", Code(await RefusedWithNothingWritten(() =>
            _s.Admin.Post($"/api/admin/providers/{consultant}/accreditations", Accreditation("dong-thap"), TestHttp.Key()).Problem(422))));
        Assert.Equal("not-found", Code(await RefusedWithNothingWritten(() =>
            _s.Admin.Post($"/api/admin/providers/{Guid.NewGuid()}/accreditations/dong-thap/suspend", Decision(), TestHttp.Key()).Problem(404))));
        Assert.Equal("validation.failed", Code(await RefusedWithNothingWritten(() =>
            _s.Admin.Post($"/api/admin/providers/{consultant}/accreditations/dong-thap/suspend", new { reason = "", decisionNumber = "QĐ", decisionDate = "2026-01-01" },
                TestHttp.Key()).Problem(400))));
    }
}
