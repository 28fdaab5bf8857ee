using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Providers;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Domain.Tests.Vouchers;

/// <summary>The money rules a hostile SME, provider or officer tried to bend (docs/threat-model.md), in the domain.</summary>
public class VoucherMoneyRulesTests
{
    private static ServiceProvider Consultant(TaxCode taxCode, string name = "Tư vấn độc lập", long listPrice = 60_000_000) =>
        ServiceProvider.Register(taxCode, name, ProviderKind.Consultant, "dong-thap", "TV-" + taxCode.Value[..4], new DateOnly(2025, 1, 1),
            new DateOnly(2027, 12, 31), [new ProviderService(ServiceKind.DigitalTransformationConsulting, "Lộ trình", Money.Vnd(listPrice))], VoucherWorld.Start);

    private static string RuleOf(Action act) => Assert.IsAssignableFrom<DomainException>(Record.Exception(act)).Code;

    // ----- related parties ----------------------------------------------------------------------------------------

    [Theory]
    [InlineData("head office")]
    [InlineData("branch")]
    public void Redeem_ByAProviderWithTheApplicantsTaxCode_IsARelatedParty(string which)
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        var code = which == "branch" ? TaxCode.Parse(w.Enterprise.TaxCode.Value + "-001") : w.Enterprise.TaxCode;
        var self = Consultant(code, "Chi nhánh tư vấn");
        Assert.Equal(RelatedParty.Rule, v.RedemptionRefusal(w.Program, self, VoucherWorld.ProviderUser, w.Now)!.Code);
        var e = w.AssertRefused<BusinessRuleException>(v, () => v.Redeem(w.Program, self, Money.Vnd(30_000_000), "HĐ", VoucherWorld.ProviderUser, w.Now));
        Assert.Equal(RelatedParty.Rule, e.Code);
        Assert.Null(v.ProviderId);
    }

    [Fact]
    public void Redeem_ByAUserWhoActedForTheSmeOnThisVoucher_IsARelatedParty()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        var sameSubject = new Actor(VoucherWorld.Sme.Subject, "provider", w.Consultant.Id);
        Assert.Equal(RelatedParty.Rule, RuleOf(() => v.Redeem(w.Program, w.Consultant, Money.Vnd(30_000_000), "HĐ", sameSubject, w.Now)));
        v.Redeem(w.Program, w.Consultant, Money.Vnd(30_000_000), "HĐ", VoucherWorld.ProviderUser, w.Now); // another user of the same provider may
        Assert.Equal(VoucherStatus.Redeemed, v.Status);
    }

    [Theory]
    [InlineData("Công ty TNHH Xoài Cao Lãnh")]
    [InlineData("CONG TY TNHH XOAI CAO LANH")]
    [InlineData("Công ty TNHH  Xoài Cao Lãnh.")]
    public void Redeem_ByAProviderWithTheApplicantsRegisteredName_IsARelatedParty(string name)
    {
        var w = new VoucherWorld(); // the SME is "Công ty TNHH Xoài Cao Lãnh"
        var v = w.In(VoucherStatus.Issued);
        var namesake = Consultant(TaxCode.WithCheckDigit("180000777"), name.Normalize(System.Text.NormalizationForm.FormD));
        Assert.Equal(RelatedParty.Rule, RuleOf(() => v.Redeem(w.Program, namesake, Money.Vnd(30_000_000), "HĐ", VoucherWorld.ProviderUser, w.Now)));
    }

    [Fact]
    public void RelatedNames_AreComparedAsPeopleReadThem_AndDifferentNamesAreNot()
    {
        Assert.True(RelatedParty.SameName("Công ty Đồng Tháp", "cong ty dong thap"));
        Assert.False(RelatedParty.SameName("Công ty Đồng Tháp", "Công ty Đồng Nai"));
        Assert.False(RelatedParty.SameName("", ""));
    }

    // ----- price and support ------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Redeem_WithoutAContractNumber_IsRefused_AndBindsNeitherTheProviderNorTheCeiling(string contractNumber)
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        var e = w.AssertRefused<InvalidValueException>(v, () => v.Redeem(w.Program, w.Consultant, Money.Vnd(30_000_000), contractNumber, VoucherWorld.ProviderUser, w.Now));
        Assert.Equal("contractNumber", e.Field);
        Assert.Null(v.ProviderId);
        Assert.Null(v.PriceCeiling);
    }

    [Fact]
    public void Redeem_AboveTheListPrice_IsRefused_AtItIsAccepted_AndTheCeilingIsKept()
    {
        var w = new VoucherWorld(); // the consultant lists 120M; the program allows no margin
        var v = w.In(VoucherStatus.Issued);
        var e = w.AssertRefused<BusinessRuleException>(v, () => v.Redeem(w.Program, w.Consultant, Money.Vnd(120_000_001), "HĐ", VoucherWorld.ProviderUser, w.Now));
        Assert.Equal("redemption.contract-above-list-price", e.Code);
        v.Redeem(w.Program, w.Consultant, Money.Vnd(120_000_000), "HĐ", VoucherWorld.ProviderUser, w.Now);
        Assert.Equal(Money.Vnd(120_000_000), v.PriceCeiling);
    }

    [Theory]
    [InlineData(0, 20_000_000, 20_000_000)]
    [InlineData(10, 20_000_000, 22_000_000)]
    [InlineData(15, 1_000_001, 1_150_001)] // rounded down to whole đồng
    public void TheProgramsMargin_RaisesTheCeilingByThatShareOfTheListPrice(int margin, long listPrice, long ceiling)
    {
        var w = new VoucherWorld(terms: VoucherWorld.Terms() with { PriceMarginPercent = margin });
        Assert.Equal(Money.Vnd(ceiling), w.Program.PriceCeiling(Money.Vnd(listPrice)));
    }

    [Theory]
    [InlineData(1, 0)]           // 50% of 1 ₫ is 0 ₫: never payable, the voucher would be burnt
    [InlineData(3, 1)]           // positive but below the program's minimum
    [InlineData(1_999_999, 999_999)]
    public void Redeem_WhoseSupportIsZeroOrBelowTheProgramsMinimum_IsRefused(long contract, long support)
    {
        var w = new VoucherWorld(terms: VoucherWorld.Terms() with { MinimumSupport = Money.Vnd(1_000_000) });
        var v = w.In(VoucherStatus.Issued);
        var e = w.AssertRefused<BusinessRuleException>(v, () => v.Redeem(w.Program, w.Consultant, Money.Vnd(contract), "HĐ", VoucherWorld.ProviderUser, w.Now));
        Assert.Equal("redemption.support-below-minimum", e.Code);
        Assert.Contains(Money.Vnd(support).ToString(), e.Message, StringComparison.Ordinal);
        v.Redeem(w.Program, w.Consultant, Money.Vnd(2_000_000), "HĐ", VoucherWorld.ProviderUser, w.Now); // exactly the minimum
        Assert.Equal(Money.Vnd(1_000_000), v.SupportAmount);
    }

    [Fact]
    public void Redeem_OfOneDong_IsRefusedEvenWithoutAProgramMinimum()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        Assert.Equal("redemption.support-below-minimum", RuleOf(() => v.Redeem(w.Program, w.Consultant, Money.Vnd(1), "HĐ", VoucherWorld.ProviderUser, w.Now)));
        Assert.Equal(VoucherStatus.Issued, v.Status);
    }

    [Fact]
    public void Redeem_BeyondAnyPlausibleContract_IsAnInvalidValue()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        var e = w.AssertRefused<InvalidValueException>(v, () => v.Redeem(w.Program, w.Consultant, Money.Vnd(long.MaxValue), "HĐ", VoucherWorld.ProviderUser, w.Now));
        Assert.Equal("contractValue", e.Field);
    }

    [Fact]
    public void AProgramMinimumAboveAPerVoucherCap_IsRefused()
    {
        var e = Assert.Throws<InvalidValueException>(() => new VoucherWorld(terms: VoucherWorld.Terms() with { MinimumSupport = Money.Vnd(20_000_001) }));
        Assert.Equal("minimumSupport", e.Field);
        Assert.Equal("priceMarginPercent", Assert.Throws<InvalidValueException>(() => new VoucherWorld(terms: VoucherWorld.Terms() with { PriceMarginPercent = 101 })).Field);
    }

    // ----- eligibility snapshot and declared changes ---------------------------------------------------------------------

    private static EnterpriseProfile Declared(string province = "dong-thap", int staff = 8, long revenue = 2_500_000_000) =>
        new("Công ty TNHH Xoài Cao Lãnh", province, "Phường Cao Lãnh", SectorGroup.AgricultureForestryFisheryIndustryConstruction, Sector.Agriculture,
            staff, Money.Vnd(revenue), Money.Vnd(1_000_000_000));

    [Fact]
    public void Apply_FixesTheProfileItWasMadeUnder_OnTheVoucher()
    {
        var w = new VoucherWorld();
        var v = w.Apply();
        Assert.Equal(new EligibilitySnapshot(w.Enterprise.TaxCode.Value, w.Enterprise.TaxCode.Value, "Công ty TNHH Xoài Cao Lãnh", "dong-thap",
            "Phường Cao Lãnh", SectorGroup.AgricultureForestryFisheryIndustryConstruction, Sector.Agriculture, 8, 2_500_000_000, 1_000_000_000,
            SizeClass.Micro, w.Now, FiscalYear: 2026), v.Eligibility); // the figures of 2026, the program's year (issue 16)
        Assert.Equal(w.Enterprise.TaxCode.Value, v.HeadOfficeTaxCode);
    }

    [Fact]
    public void AChangeOfSizeClassWithVouchersOpen_WaitsForAReviewer_AndChangesNothingMeanwhile()
    {
        var w = new VoucherWorld();
        var v = w.Apply();
        var change = w.Enterprise.UpdateProfile(Declared(staff: 150, revenue: 150_000_000_000), hasOpenVouchers: true, VoucherWorld.Sme, w.Now)!;
        Assert.Equal(EnterpriseProfileChangeStatus.PendingReview, change.Status);
        Assert.True(change.Requalifies);
        Assert.Contains(new ProfileFieldChange("sizeClass", "Micro", "Medium"), change.Changes);
        Assert.Contains(new ProfileFieldChange("averageInsuredEmployees", "8", "150"), change.Changes);
        Assert.Equal((SizeClass.Micro, 8), (w.Enterprise.SizeClass, w.Enterprise.AverageInsuredEmployees));
        Assert.Equal(change.Id, w.Enterprise.PendingProfileChangeId);
        Assert.Equal("enterprise.profile-under-review", RuleOf(() => w.Apply()));
        Assert.Equal("enterprise.profile-change-pending", RuleOf(() => w.Enterprise.UpdateProfile(Declared(), true, VoucherWorld.Sme, w.Now)));
        Assert.Equal(SizeClass.Micro, v.SizeClass);
    }

    [Fact]
    public void AChangeOfProvinceWithVouchersOpen_WaitsForAReviewerToo_ButWithNoneOpenItApplies()
    {
        var w = new VoucherWorld();
        Assert.Equal(EnterpriseProfileChangeStatus.PendingReview, w.Enterprise.UpdateProfile(Declared("dong-nai"), true, VoucherWorld.Sme, w.Now)!.Status);
        var other = new VoucherWorld();
        var applied = other.Enterprise.UpdateProfile(Declared("dong-nai"), false, VoucherWorld.Sme, other.Now)!;
        Assert.Equal(EnterpriseProfileChangeStatus.Applied, applied.Status);
        Assert.Equal("dong-nai", other.Enterprise.ProvinceCode);
        Assert.Equal("provinceCode: dong-thap → dong-nai", applied.Summary);
    }

    [Fact]
    public void AChangeThatKeepsProvinceAndSizeClass_AppliesAtOnce_AndNoChangeRecordsNothing()
    {
        var w = new VoucherWorld();
        var change = w.Enterprise.UpdateProfile(Declared(staff: 9), true, VoucherWorld.Sme, w.Now)!;
        Assert.Equal(EnterpriseProfileChangeStatus.Applied, change.Status);
        Assert.Equal([new ProfileFieldChange("averageInsuredEmployees", "8", "9")], change.Changes);
        Assert.Null(w.Enterprise.UpdateProfile(Declared(staff: 9), true, VoucherWorld.Sme, w.Now));
    }

    [Fact]
    public void AReviewerDecidesAWaitingChange_NeverTheDeclarant_AndAnApprovedOneLeavesOpenVouchersAsTheyApplied()
    {
        var w = new VoucherWorld();
        var v = w.Apply();
        var change = w.Enterprise.UpdateProfile(Declared(staff: 150, revenue: 150_000_000_000), true, VoucherWorld.Sme, w.Now)!;
        var declarantAsReviewer = VoucherWorld.Sme with { Role = "reviewer" };
        Assert.Equal("sod.declarant-cannot-decide-own-change", RuleOf(() => w.Enterprise.DecideProfileChange(change, true, null, declarantAsReviewer, w.Now)));
        Assert.Equal("value.invalid", RuleOf(() => w.Enterprise.DecideProfileChange(change, false, "  ", VoucherWorld.Reviewer, w.Now))); // a rejection needs a reason
        w.Enterprise.DecideProfileChange(change, true, "Đã đối chiếu BHXH", VoucherWorld.Reviewer, w.Now);
        Assert.Equal((EnterpriseProfileChangeStatus.Approved, "reviewer-1"), (change.Status, change.DecidedBy));
        Assert.Equal(SizeClass.Medium, w.Enterprise.SizeClass);
        Assert.Null(w.Enterprise.PendingProfileChangeId);
        Assert.Equal((SizeClass.Micro, SizeClass.Micro), (v.SizeClass, v.Eligibility!.SizeClass));
        Assert.Equal("enterprise.profile-change-not-pending", RuleOf(() => w.Enterprise.DecideProfileChange(change, false, "Lại", VoucherWorld.Reviewer, w.Now)));
    }

    [Fact]
    public void ARejectedChange_NeverApplies()
    {
        var w = new VoucherWorld();
        var change = w.Enterprise.UpdateProfile(Declared("dong-nai"), true, VoucherWorld.Sme, w.Now)!;
        w.Enterprise.DecideProfileChange(change, false, "Không có giấy phép tại Đồng Nai", VoucherWorld.Reviewer, w.Now);
        Assert.Equal(("dong-thap", EnterpriseProfileChangeStatus.Rejected), (w.Enterprise.ProvinceCode, change.Status));
        Assert.Equal(VoucherStatus.Submitted, w.Apply().Status); // applications are taken again
    }

    // ----- four eyes per officer and enterprise; the payment duties -------------------------------------------------------

    [Fact]
    public void Approve_AddsWhatTheOfficerAlreadyIssuedAloneToTheEnterprise_BeforeComparingWithTheThreshold()
    {
        var w = new VoucherWorld();
        var v = w.Apply(10_000_000);
        v.Recommend(null, VoucherWorld.Reviewer, w.Now);
        // threshold 15M (FourEyes): 10M alone is below it, 10M after 5M already approved alone reaches it
        Assert.Null(v.Approve(w.Program, null, Money.Zero, VoucherWorld.FourEyes, VoucherWorld.Finance, w.Now, approvedAloneByActor: Money.Vnd(5_000_000)));
        Assert.Equal(VoucherStatus.AwaitingSecondApproval, v.Status);
        Assert.Contains("cộng dồn", v.History[^1].Reason, StringComparison.Ordinal);
        w.Run(v.Approve(w.Program, null, Money.Zero, VoucherWorld.FourEyes, VoucherWorld.SecondApprover, w.Now));
        Assert.Equal(VoucherStatus.Issued, v.Status);

        var below = w.Apply(10_000_000);
        below.Recommend(null, VoucherWorld.Reviewer, w.Now);
        w.Run(below.Approve(w.Program, null, Money.Zero, VoucherWorld.FourEyes, VoucherWorld.Finance, w.Now, approvedAloneByActor: Money.Vnd(4_999_999)));
        Assert.Equal(VoucherStatus.Issued, below.Status);
    }

    [Fact]
    public void TheThresholdSum_NeverOverflows()
    {
        Assert.True(new ApprovalPolicy(Money.Vnd(100)).NeedsSecondApproval(Money.Vnd(long.MaxValue - 1), Money.Vnd(long.MaxValue - 1)));
        Assert.False(ApprovalPolicy.SingleApproval.NeedsSecondApproval(Money.Vnd(long.MaxValue - 1), Money.Vnd(long.MaxValue - 1)));
    }

    [Fact]
    public void Disburse_ByWhoeverApprovedRecommendedOrAuthorisedThePayment_IsRefused()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Settled); // recommended by reviewer-1, approved by finance-1, settled by finance-3
        foreach (var (who, code) in new[]
                 {
                     (VoucherWorld.Finance, SegregationOfDuties.ApproverCannotRecordPayment),
                     (VoucherWorld.PaymentOfficer, SegregationOfDuties.AuthoriserCannotRecordPayment),
                     (VoucherWorld.Reviewer with { Role = "finance" }, SegregationOfDuties.RecommenderCannotRecordPayment),
                 })
            Assert.Equal(code, w.AssertRefused<SegregationOfDutiesException>(v, () => v.Disburse(w.Program, "UNC-1", who, w.Now)).Code);
        w.Run(v.Disburse(w.Program, "UNC-1", VoucherWorld.DisbursementOfficer, w.Now));
        Assert.Equal(VoucherStatus.Paid, v.Status);
    }

    [Fact]
    public void Settle_ByWhoeverRecommendedOrAcceptedTheDelivery_IsRefused()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.PaymentClaimed); // recommended and accepted by reviewer-1
        var reviewerWithFinanceRole = VoucherWorld.Reviewer with { Role = "finance" };
        Assert.Equal(SegregationOfDuties.RecommenderCannotAuthorisePayment,
            w.AssertRefused<SegregationOfDutiesException>(v, () => v.Settle(w.Program, reviewerWithFinanceRole, w.Now)).Code);

        var other = new VoucherWorld();
        var accepted = other.In(VoucherStatus.DeliveryConfirmed);
        var acceptor = new Actor("reviewer-2", "reviewer");
        accepted.Accept("BB-02", null, acceptor, other.Now);
        accepted.ClaimPayment(other.Consultant.Id, "C26-01", VoucherWorld.ProviderUser, other.Now);
        Assert.Equal(SegregationOfDuties.AcceptorCannotAuthorisePayment,
            other.AssertRefused<SegregationOfDutiesException>(accepted, () => accepted.Settle(other.Program, acceptor with { Role = "finance" }, other.Now)).Code);
    }

    [Fact]
    public void EveryDutyRule_NamesAStepThatComesAfterTheOneItForbids_AndHasACode()
    {
        var path = VoucherLifecycle.PathTo(VoucherStatus.Paid).ToList();
        Assert.All(SegregationOfDuties.Rules, r =>
        {
            Assert.StartsWith("sod.", r.Code, StringComparison.Ordinal);
            Assert.True(path.IndexOf(r.Earlier) < path.IndexOf(r.Step), $"{r.Earlier} → {r.Step}");
        });
    }
}
