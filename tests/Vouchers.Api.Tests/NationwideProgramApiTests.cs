using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Vouchers.Api.Tests;

/// <summary>
/// Programs open to every province (toàn quốc, issue 16): an SME sees its own province's open programs and those marked
/// nationwide, and may apply to a nationwide program from another province; the program stays its province's to run.
/// </summary>
public class NationwideProgramApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly Scenario _s = new(factory);

    /// <summary>A Đồng Tháp consulting program (its envelope approved), open to every province when <paramref name="nationwide"/>.</summary>
    private async Task<string> DongThapProgram(bool nationwide)
    {
        var fund = (await _s.Admin.GetAsync("/api/admin/funds?province=dong-thap").Ok()).AsArray().Single(f => f!["kind"]!.GetValue<string>() == "ScienceTechnology")!;
        var created = await _s.Admin.Post("/api/admin/programs", new
        {
            code = $"TQ-{Guid.NewGuid():N}"[..20], fundId = fund["id"]!.GetValue<string>(), fiscalYear = 2026, name = "Hỗ trợ chuyển đổi số toàn quốc",
            envelope = 100_000_000, eligibleServiceKinds = new[] { "DigitalTransformationConsulting" }, eligibleProviderKinds = new[] { "Consultant" },
            supportRatePercent = 50, caps = new[] { new { size = "Small", perVoucher = 50_000_000, perSmePerYear = 50_000_000 } },
            voucherValidityDays = 60, applicationOpens = "2026-03-01", applicationCloses = "2026-06-30", nationwide,
        }).Ok();
        Assert.Equal(nationwide, created["nationwide"]!.GetValue<bool>());
        var id = created["id"]!.GetValue<string>();
        await _s.Finance.Post($"/api/finance/programs/{id}/approve-envelope", new { decisionNumber = $"QĐ-{id[..8]}", decisionDate = "2026-03-10" }, TestHttp.Key()).Ok();
        return id;
    }

    private static IEnumerable<string> Ids(JsonNode page) => page["items"]!.AsArray().Select(p => p!["id"]!.GetValue<string>());

    [Fact]
    public async Task AnSmeOfAnotherProvince_SeesAndAppliesToANationwideProgram_NotToAProvincialOne()
    {
        var nationwide = await DongThapProgram(nationwide: true);
        var provincial = await DongThapProgram(nationwide: false);
        var dongNaiSme = await _s.NewSme("dong-nai");
        var dongThapSme = await _s.NewSme("dong-thap");

        // the SME's own list: its province's open programs and the nationwide ones
        var seenInDongNai = Ids(await _s.Sme(dongNaiSme).GetAsync("/api/sme/programs?pageSize=100").Ok()).ToList();
        Assert.Contains(nationwide, seenInDongNai);
        Assert.DoesNotContain(provincial, seenInDongNai);
        Assert.Contains((await _s.Public.GetAsync("/api/public/programs?province=dong-nai&pageSize=100").Ok())["items"]!.AsArray(),
            p => p!["id"]!.GetValue<string>() == nationwide);
        var seenInDongThap = Ids(await _s.Sme(dongThapSme).GetAsync("/api/sme/programs?pageSize=100").Ok()).ToList();
        Assert.Contains(nationwide, seenInDongThap);
        Assert.Contains(provincial, seenInDongThap);

        // a Đồng Nai SME applies to the nationwide program; the provincial one refuses it and writes nothing
        var body = (string program) => new { programId = program, serviceKind = "DigitalTransformationConsulting", requestedAmount = 20_000_000, purpose = "Chuyển đổi số" };
        var refused = await StateFingerprint.AssertUnchangedBy(factory.Services,
            async () => await _s.Sme(dongNaiSme).Post("/api/sme/applications", body(provincial)).Problem(422));
        Assert.Equal("program.province-not-eligible", refused["code"]!.GetValue<string>());
        var applied = await _s.Sme(dongNaiSme).Post("/api/sme/applications", body(nationwide)).Ok(201);
        var voucher = applied["id"]!.GetValue<string>();

        // the program's province runs it: Đồng Tháp's reviewer sees and recommends it, Đồng Nai's finds nothing
        await _s.As(TestUser.Reviewer.In("dong-nai")).GetAsync($"/api/reviewer/vouchers/{voucher}").Problem(404);
        var details = await _s.Reviewer.GetAsync($"/api/reviewer/vouchers/{voucher}").Ok();
        Assert.Equal("dong-nai", details["eligibility"]!["provinceCode"]!.GetValue<string>());
        await _s.Recommend(voucher);
        await _s.Approve(voucher);
        Assert.Equal("Issued", (await _s.Sme(dongNaiSme).GetAsync($"/api/sme/vouchers/{voucher}").Ok())["voucher"]!["status"]!.GetValue<string>());
    }
}
