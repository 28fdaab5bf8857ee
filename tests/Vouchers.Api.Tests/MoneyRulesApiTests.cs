using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vouchers.Application.Abstractions;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Api.Tests;

/// <summary>
/// The money rules a hostile SME, provider or officer tried to bend, each as its attack over HTTP (docs/threat-model.md):
/// refused with its rule's code, nothing written but the audit line, and the honest path still open.
/// </summary>
public class MoneyRulesApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly Scenario _s = new(factory);

    private static string Code(JsonNode problem) => problem["code"]!.GetValue<string>();
    private static string Status(JsonNode voucher) => voucher["status"]!.GetValue<string>();

    private async Task<JsonNode> AsAuditor(string id) => await _s.Auditor.GetAsync($"/api/auditor/vouchers/{id}").Ok();

    private Task<JsonNode> RefusedWithNothingWritten(Func<Task<JsonNode>> call) => StateFingerprint.AssertUnchangedBy(factory.Services, call);

    private async Task<string> NewConsultant(string taxCode, string name, long listPrice = 30_000_000) =>
        (await _s.NewConsultant(taxCode, name, listPrice)).ToString();

    private async Task<Task<HttpResponseMessage>> RedeemAs(HttpClient provider, string id, long contractValue) =>
        provider.Post("/api/provider/vouchers/redeem", new { token = await _s.Token(id), contractValue, contractNumber = "HĐ-THREAT" }, TestHttp.Key());

    // ----- conflict of interest and price ------------------------------------------------------------------------

    [Fact]
    public async Task AProviderWithTheApplicantsTaxCode_CannotRedeemItsVoucher_NorIsToldItMay()
    {
        var sme = await _s.NewSme();
        var id = await _s.Issued(10_000_000, sme);
        // the SME's own branch registered as a consultant
        var self = _s.Provider(await NewConsultant(sme + "-001", "Chi nhánh tư vấn của chính doanh nghiệp"));

        var scan = await self.Post("/api/provider/vouchers/verify", new { token = await _s.Token(id) }).Ok();
        Assert.False(scan["voucher"]!["mayRedeem"]!.GetValue<bool>());
        Assert.Equal("redemption.related-party", scan["voucher"]!["refusalCode"]!.GetValue<string>());

        var p = await RefusedWithNothingWritten(async () => await (await RedeemAs(self, id, 20_000_000)).Problem(422));
        Assert.Equal("redemption.related-party", Code(p));
        Assert.Equal("Issued", Status((await AsAuditor(id))["voucher"]!));
        Assert.Equal("Redeemed", Status(await _s.Redeem(id, 20_000_000))); // an independent provider still may
    }

    [Fact]
    public async Task AUserWhoActedForTheSme_CannotRedeemItsVoucher_ThroughAProviderAccount()
    {
        var sme = await _s.NewSme();
        var id = await _s.Issued(10_000_000, sme);
        var consultant = Guid.Parse(await _s.ProviderId(DemoData.ConsultantTaxCode));
        // one person holding the SME's and a provider's roles (the subject that applied)
        var both = factory.As(new TestUser($"sme-{sme}", [Role.Provider], ProviderId: consultant));
        var p = await RefusedWithNothingWritten(async () => await (await RedeemAs(both, id, 20_000_000)).Problem(422));
        Assert.Equal("redemption.related-party", Code(p));
    }

    [Fact]
    public async Task AContractAboveTheProvidersListPrice_IsRefused_AndUpToThePricePlusTheMarginItIsAccepted()
    {
        var id = await _s.Issued(10_000_000); // the demo program allows 10% over the list price
        var cheap = _s.Provider(await NewConsultant(Scenario.NewTaxCode(), "Tư vấn giá niêm yết một triệu", listPrice: 1_000_000));
        var p = await RefusedWithNothingWritten(async () => await (await RedeemAs(cheap, id, 20_000_000)).Problem(422));
        Assert.Equal("redemption.contract-above-list-price", Code(p));
        Assert.Equal("redemption.contract-above-list-price", Code(await (await RedeemAs(cheap, id, 1_100_001)).Problem(422)));
        var redeemed = await (await RedeemAs(cheap, id, 1_100_000)).Ok();
        Assert.Equal((1_100_000L, 550_000L, 1_100_000L),
            (redeemed["contractValue"]!.GetValue<long>(), redeemed["supportAmount"]!.GetValue<long>(), redeemed["priceCeiling"]!.GetValue<long>()));
    }

    [Fact]
    public async Task AProgramsPriceMargin_LetsAContractExceedTheListPriceByThatMuchAndNoMore()
    {
        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);
        var fund = (await _s.Admin.GetAsync("/api/admin/funds?province=dong-thap").Ok()).AsArray().Single(f => f!["kind"]!.GetValue<string>() == "ScienceTechnology")!;
        var program = await _s.Admin.Post("/api/admin/programs", new
        {
            code = $"M-{Guid.NewGuid():N}"[..20], fundId = fund["id"]!.GetValue<string>(), fiscalYear = today.Year, name = "Chương trình có biên giá",
            envelope = 100_000_000, eligibleServiceKinds = new[] { "DigitalTransformationConsulting" }, eligibleProviderKinds = new[] { "Consultant" },
            supportRatePercent = 50, caps = new[] { new { size = "Small", perVoucher = 50_000_000, perSmePerYear = 50_000_000 } },
            voucherValidityDays = 30, applicationOpens = today.AddDays(-1), applicationCloses = today.AddDays(30),
            minimumSupport = 2_000_000, priceMarginPercent = 10,
        }).Ok();
        Assert.Equal((2_000_000L, 10), (program["minimumSupport"]!.GetValue<long>(), program["priceMarginPercent"]!.GetValue<int>()));
        var programId = program["id"]!.GetValue<string>();
        await _s.Finance.Post($"/api/finance/programs/{programId}/approve-envelope", new { decisionNumber = $"QĐ-{programId[..8]}", decisionDate = today }, TestHttp.Key()).Ok();
        var consultant = _s.Provider((await _s.NewConsultant()).ToString()); // lists consulting at 30M

        var id = await _s.Issued(20_000_000, programId: programId);
        Assert.Equal("redemption.contract-above-list-price", Code(await (await RedeemAs(consultant, id, 33_000_001)).Problem(422)));
        Assert.Equal("redemption.support-below-minimum", Code(await (await RedeemAs(consultant, id, 3_999_999)).Problem(422))); // 1.999.999 ₫ of support
        Assert.Equal(33_000_000L, (await (await RedeemAs(consultant, id, 33_000_000)).Ok())["priceCeiling"]!.GetValue<long>());
    }

    [Fact]
    public async Task ARedemptionThatWouldFixZeroSupport_IsRefused_SoAPhotographedQrCannotBurnTheVoucher()
    {
        var id = await _s.Issued(10_000_000);
        var consultant = _s.Provider(await _s.ProviderId(DemoData.ConsultantTaxCode));
        var p = await RefusedWithNothingWritten(async () => await (await RedeemAs(consultant, id, 1)).Problem(422));
        Assert.Equal("redemption.support-below-minimum", Code(p));
        var v = (await AsAuditor(id))["voucher"]!;
        Assert.Equal("Issued", Status(v));
        Assert.Null(v["providerId"]);
        Assert.Equal("Redeemed", Status(await _s.Redeem(id, 20_000_000)));
    }

    [Fact]
    public async Task AContractValueBeyondAnyPlausibleContract_IsRefusedAsBadInput()
    {
        var id = await _s.Issued(10_000_000);
        var consultant = _s.Provider(await _s.ProviderId(DemoData.ConsultantTaxCode));
        var p = await RefusedWithNothingWritten(async () => await (await RedeemAs(consultant, id, long.MaxValue)).Problem(400));
        Assert.Contains("contractValue", p.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    // ----- eligibility the applicant declares ----------------------------------------------------------------------

    [Fact]
    public async Task ARewrittenProfile_WithApplicationsOpen_WaitsForAReviewer_AndRequalifiesNothingMeanwhile()
    {
        // a small logistics company in Đồng Nai with an application open
        var taxCode = await _s.NewSme("dong-nai");
        var aiProgram = (await _s.Public.GetAsync("/api/public/programs?province=dong-nai").Ok())["items"]!.AsArray()
            .Single(p => p!["code"]!.GetValue<string>().StartsWith("DN-AI-", StringComparison.Ordinal))!["id"]!.GetValue<string>();
        var sme = _s.Sme(taxCode);
        var dongNai = new Scenario(factory, "dong-nai"); // its officers: the enterprise is Đồng Nai's until a change of province is approved
        var open = (await sme.Post("/api/sme/applications", new { programId = aiProgram, serviceKind = "AiSolution", requestedAmount = 30_000_000, purpose = "Trợ lý AI" }).Ok(201))["id"]!.GetValue<string>();

        // it "moves" to Đồng Tháp and "grows" to medium
        var answer = await sme.PutAsJsonAsync("/api/sme/enterprise", Scenario.Profile(taxCode, "dong-thap", employees: 80, revenue: 200_000_000_000), TestHttp.Json).Ok(202);
        var pending = answer["pendingChange"]!;
        Assert.Equal("PendingReview", pending["status"]!.GetValue<string>());
        var changes = pending["changes"]!.AsArray().ToDictionary(c => c!["field"]!.GetValue<string>(), c => (c!["old"]?.GetValue<string>(), c["new"]?.GetValue<string>()));
        Assert.Equal(("dong-nai", "dong-thap"), changes["provinceCode"]);
        Assert.Equal(("Small", "Medium"), changes["sizeClass"]);
        Assert.Equal(("30", "80"), changes["averageInsuredEmployees"]);

        // the profile is as it was; the open application keeps what it applied under; no new application meanwhile
        var profile = await sme.GetAsync("/api/sme/enterprise").Ok();
        Assert.Equal(("dong-nai", "Small"), (profile["provinceCode"]!.GetValue<string>(), profile["sizeClass"]!.GetValue<string>()));
        var dongThap = (await _s.Program())["id"]!.GetValue<string>();
        var refused = await sme.Post("/api/sme/applications", new { programId = dongThap, serviceKind = "DigitalTransformationConsulting", requestedAmount = 1_000_000, purpose = "Thử" }).Problem(422);
        Assert.Equal("enterprise.profile-under-review", Code(refused));
        var review = await dongNai.Reviewer.GetAsync($"/api/reviewer/vouchers/{open}").Ok();
        Assert.Equal(("dong-nai", "Small"), (review["eligibility"]!["provinceCode"]!.GetValue<string>(), review["eligibility"]!["sizeClass"]!.GetValue<string>()));
        Assert.Contains(review["profileChanges"]!.AsArray(), c => c!["status"]!.GetValue<string>() == "PendingReview");

        // the audit line says what was declared, old and new
        var trail = (await dongNai.Auditor.GetAsync($"/api/auditor/audit-trail?objectId={answer["id"]}&pageSize=10").Ok())["items"]!.AsArray();
        Assert.Contains(trail, l => l!["reasonCode"]?.GetValue<string>() == "enterprise.profile-change-pending-review"
                                    && l["reason"]!.GetValue<string>().Contains("sizeClass: Small → Medium", StringComparison.Ordinal));

        // a second rewrite while the first waits is refused; the declarant cannot decide its own change
        Assert.Equal("enterprise.profile-change-pending",
            Code(await sme.PutAsJsonAsync("/api/sme/enterprise", Scenario.Profile(taxCode, "thanh-hoa"), TestHttp.Json).Problem(409)));
        var changeId = pending["id"]!.GetValue<string>();
        var selfReview = factory.As(new TestUser($"sme-{taxCode}", [Role.Reviewer], Province: "dong-nai"));
        Assert.Equal("sod.declarant-cannot-decide-own-change",
            Code(await selfReview.Post($"/api/reviewer/enterprise-changes/{changeId}/approve", new { note = "Tự duyệt" }).Problem(403)));

        // Đồng Tháp's reviewer neither sees nor decides it (the enterprise is not yet Đồng Tháp's)
        Assert.DoesNotContain((await _s.Reviewer.GetAsync("/api/reviewer/enterprise-changes?pageSize=100").Ok())["items"]!.AsArray(), c => c!["id"]!.GetValue<string>() == changeId);
        await _s.Reviewer.Post($"/api/reviewer/enterprise-changes/{changeId}/approve", new { note = "Không phải tỉnh mình" }).Problem(404);

        // the reviewer's queue shows it; rejected, the profile never changes
        var queue = (await dongNai.Reviewer.GetAsync("/api/reviewer/enterprise-changes?pageSize=100").Ok())["items"]!.AsArray();
        Assert.Contains(queue, c => c!["id"]!.GetValue<string>() == changeId);
        Assert.Equal("request.malformed", Code(await dongNai.Reviewer.GetAsync("/api/reviewer/enterprise-changes?status=2").Problem(400))); // statuses by name only
        await dongNai.Reviewer.Post($"/api/reviewer/enterprise-changes/{changeId}/reject", new { reason = "Số lao động không khớp dữ liệu BHXH" }).Ok();
        profile = await sme.GetAsync("/api/sme/enterprise").Ok();
        Assert.Equal(("dong-nai", "Small"), (profile["provinceCode"]!.GetValue<string>(), profile["sizeClass"]!.GetValue<string>()));
        Assert.Null(profile["pendingChange"]);
    }

    [Fact]
    public async Task AnApprovedChange_AppliesFromThen_WhileTheOpenVoucherKeepsWhatItAppliedUnder()
    {
        var taxCode = await _s.NewSme();
        var open = await _s.Apply(10_000_000, taxCode);
        var answer = await _s.Sme(taxCode).PutAsJsonAsync("/api/sme/enterprise", Scenario.Profile(taxCode, employees: 80), TestHttp.Json).Ok(202);
        await _s.Reviewer.Post($"/api/reviewer/enterprise-changes/{answer["pendingChange"]!["id"]}/approve", new { note = "Đã đối chiếu" }).Ok();
        Assert.Equal("Medium", (await _s.Sme(taxCode).GetAsync("/api/sme/enterprise").Ok())["sizeClass"]!.GetValue<string>());
        var v = await AsAuditor(open);
        Assert.Equal(("Small", "Small"), (v["voucher"]!["sizeClass"]!.GetValue<string>(), v["eligibility"]!["sizeClass"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AChangeWithNoApplicationOpen_AppliesAtOnce_AndIsRecordedWithOldAndNewValues()
    {
        var taxCode = await _s.NewSme();
        var changed = await _s.Sme(taxCode).PutAsJsonAsync("/api/sme/enterprise", Scenario.Profile(taxCode, employees: 80), TestHttp.Json).Ok();
        Assert.Equal("Medium", changed["sizeClass"]!.GetValue<string>());
        var record = (await _s.Reviewer.GetAsync($"/api/reviewer/enterprise-changes?taxCode={taxCode}").Ok())["items"]!.AsArray();
        Assert.Equal(["Applied", "Applied"], record.Select(c => c!["status"]!.GetValue<string>())); // the registration and the change
        var fields = record.SelectMany(r => r!["changes"]!.AsArray()).Select(c => (c!["field"]!.GetValue<string>(), c["old"]?.GetValue<string>(), c["new"]!.GetValue<string>())).ToList();
        Assert.Contains(("sizeClass", (string?)null, "Small"), fields); // registered
        Assert.Contains(("sizeClass", "Small", "Medium"), fields);
        Assert.Contains(("averageInsuredEmployees", "30", "80"), fields);
    }

    [Fact]
    public async Task BranchTaxCodes_ShareTheirHeadOfficesYearlyCap()
    {
        var head = await _s.NewSme(); // small: 50M per voucher and per year in the demo programs
        var branch = head + "-001";
        await _s.Sme(branch).PutAsJsonAsync("/api/sme/enterprise", Scenario.Profile(branch), TestHttp.Json).Ok();
        await _s.Apply(50_000_000, head);
        var programId = (await _s.Program())["id"]!.GetValue<string>();
        var p = await RefusedWithNothingWritten(() => _s.Sme(branch).Post("/api/sme/applications", new
        {
            programId, serviceKind = "DigitalTransformationConsulting", requestedAmount = 10_000_000, purpose = "Chi nhánh",
        }).Problem(422));
        Assert.Equal("program.per-sme-year-cap-exceeded", Code(p));
    }

    // ----- caps and four eyes avoided by splitting, separation around payment -------------------------------------------

    [Fact]
    public async Task OneOfficer_ApprovingTwoHalvesForOneEnterprise_ReachesTheFourEyesThreshold()
    {
        var taxCode = Scenario.NewTaxCode(); // medium in trade and services: 100M per voucher and per year in DT-CDS
        await _s.Sme(taxCode).PutAsJsonAsync("/api/sme/enterprise", Scenario.Profile(taxCode, employees: 80, revenue: 200_000_000_000), TestHttp.Json).Ok();
        var first = await _s.Apply(50_000_000, taxCode);
        var second = await _s.Apply(50_000_000, taxCode);
        await _s.Recommend(first);
        await _s.Recommend(second);
        Assert.Equal("Issued", Status(await _s.Approve(first)));
        var half = await _s.Approve(second); // 50M + 50M by one officer: the 100M threshold
        Assert.Equal("AwaitingSecondApproval", Status(half));
        Assert.Contains("cộng dồn", (await AsAuditor(second))["history"]!.AsArray().Last()!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Issued", Status(await _s.Finance2.Post($"/api/finance/vouchers/{second}/approve", new { }, TestHttp.Key()).Ok()));
    }

    [Fact]
    public async Task OneOfficer_ApprovingFourQuartersForOneEnterpriseAtOnce_StillReachesTheFourEyesThreshold()
    {
        // the sum an officer issued alone is read, then grows: approvals for one enterprise must not each read it before the others commit
        var taxCode = Scenario.NewTaxCode(); // medium in trade and services: 100M per voucher and per year in DT-CDS
        await _s.Sme(taxCode).PutAsJsonAsync("/api/sme/enterprise", Scenario.Profile(taxCode, employees: 80, revenue: 200_000_000_000), TestHttp.Json).Ok();
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var id = await _s.Apply(25_000_000, taxCode);
            await _s.Recommend(id);
            ids.Add(id);
        }
        var answers = await Task.WhenAll(ids.Select(id => _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, TestHttp.Key()).Ok()));
        // 25M + 25M + 25M alone; the fourth quarter would make 100M, the threshold: it waits for a second officer, whichever it is
        Assert.Equal(3, answers.Count(a => Status(a) == "Issued"));
        Assert.Equal(1, answers.Count(a => Status(a) == "AwaitingSecondApproval"));
    }

    private async Task<string> Settled(long amount = 4_000_000)
    {
        var id = await _s.Issued(amount); // approved by Finance
        await _s.Redeem(id, amount * 2);
        await _s.Accepted(id);
        return (await _s.Settled(id))["id"]!.GetValue<string>(); // settled by Finance2
    }

    [Theory]
    [InlineData("approver", "sod.approver-cannot-record-payment")]
    [InlineData("authoriser", "sod.authoriser-cannot-record-payment")]
    public async Task WhoApprovedOrAuthorisedThePayment_CannotRecordIt(string who, string code)
    {
        var id = await Settled();
        var officer = who == "approver" ? _s.Finance : _s.Finance2;
        var p = await RefusedWithNothingWritten(() =>
            officer.Post($"/api/finance/vouchers/{id}/disburse", new { paymentReference = "UNC-SOD" }, TestHttp.Key()).Problem(403));
        Assert.Equal(code, Code(p));
        Assert.Equal("Paid", Status(await _s.Finance3.Post($"/api/finance/vouchers/{id}/disburse", new { paymentReference = "UNC-SOD" }, TestHttp.Key()).Ok()));
    }

    [Fact]
    public async Task AnAccountWithReviewerAndFinanceRoles_CannotSettleAVoucherItRecommended()
    {
        var both = factory.As(new TestUser("officer-two-hats-settles", [Role.Reviewer, Role.Finance]));
        var id = await _s.Apply(4_000_000);
        await both.Post($"/api/reviewer/vouchers/{id}/recommend", new { note = "Đạt" }).Ok();
        await _s.Approve(id);
        await _s.Redeem(id, 8_000_000);
        await _s.Accepted(id);
        await _s.ProviderOf(id).Post($"/api/provider/vouchers/{id}/claim-payment", new { eInvoiceNumber = $"C26-{id[^8..]}" }, TestHttp.Key()).Ok();
        var p = await RefusedWithNothingWritten(() => both.Post($"/api/finance/vouchers/{id}/settle", null, TestHttp.Key()).Problem(403));
        Assert.Equal("sod.recommender-cannot-authorise-payment", Code(p));
    }

    [Fact]
    public async Task ParallelApplications_CannotTogetherExceedTheYearlyCap()
    {
        var taxCode = Scenario.NewTaxCode(); // micro in agriculture: 20M per year in DT-CDS
        await _s.Sme(taxCode).PutAsJsonAsync("/api/sme/enterprise", new
        {
            name = "Hợp tác xã Sen Tháp Mười", provinceCode = "dong-thap", communeWard = "Xã Tháp Mười", sectorGroup = "AgricultureForestryFisheryIndustryConstruction",
            sector = "Agriculture", averageInsuredEmployees = 5, annualRevenue = 1_000_000_000, totalCapital = 500_000_000,
        }, TestHttp.Json).Ok();
        var programId = (await _s.Program())["id"]!.GetValue<string>();
        var sme = _s.Sme(taxCode);
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => sme.Post("/api/sme/applications", new
        {
            programId, serviceKind = "DigitalTransformationConsulting", requestedAmount = 5_000_000, purpose = "Song song",
        })));
        var created = answers.Count(a => a.StatusCode == HttpStatusCode.Created);
        foreach (var a in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            var code = JsonNode.Parse(await a.Content.ReadAsStringAsync())!["code"]!.GetValue<string>();
            Assert.True(code is "program.per-sme-year-cap-exceeded" or "concurrency.conflict", $"{(int)a.StatusCode} {code}");
        }
        var held = (await sme.GetAsync("/api/sme/vouchers?pageSize=100").Ok())["items"]!.AsArray();
        Assert.Equal(created, held.Count);
        Assert.InRange(created, 1, 4);
        Assert.True(held.Sum(v => v!["requestedAmount"]!.GetValue<long>()) <= 20_000_000);
    }
}
