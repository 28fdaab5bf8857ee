using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Providers;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Domain.Tests.Vouchers;

public class VoucherRulesTests
{
    private static string RuleOf(Action a) => Assert.Throws<BusinessRuleException>(a).Rule;

    [Fact]
    public void Apply_OutsideTheWindow_IsRefused()
    {
        var w = new VoucherWorld { Now = new DateTimeOffset(2026, 7, 1, 0, 30, 0, TimeSpan.FromHours(7)) };
        Assert.Equal("program.outside-application-window", RuleOf(() => w.Apply()));
    }

    [Fact]
    public void Apply_OnTheLastDayInVietnam_IsAccepted_EvenWhenItIsStillTheDayBeforeInUtc()
    {
        var w = new VoucherWorld { Now = new DateTimeOffset(2026, 6, 30, 23, 30, 0, TimeSpan.FromHours(7)) };
        Assert.Equal(VoucherStatus.Submitted, w.Apply().Status);
    }

    [Fact]
    public void Apply_ByAnEnterpriseThatIsNotAnSme_IsRefused()
    {
        var w = new VoucherWorld();
        w.Enterprise.UpdateProfile(new EnterpriseProfile("Tập đoàn lớn", "dong-thap", "Sa Đéc", SectorGroup.TradeServices, Sector.Trade, 500,
            Money.Vnd(900_000_000_000), Money.Vnd(500_000_000_000)), false, VoucherWorld.Sme, w.Now);
        Assert.Equal(SizeClass.NotSme, w.Enterprise.SizeClass);
        Assert.Equal("sme.not-an-sme", RuleOf(() => w.Apply()));
    }

    [Fact]
    public void Apply_FromAnotherProvince_IsRefused()
    {
        var w = new VoucherWorld();
        w.Enterprise.UpdateProfile(new EnterpriseProfile("Công ty Đồng Nai", "dong-nai", "Biên Hòa", SectorGroup.TradeServices, Sector.Logistics, 5,
            Money.Vnd(1_000_000_000), Money.Vnd(1_000_000_000)), false, VoucherWorld.Sme, w.Now);
        Assert.Equal("program.province-not-eligible", RuleOf(() => w.Apply()));
    }

    [Fact]
    public void Apply_FromAnotherProvince_ToANationwideProgram_IsAccepted_AndKeepsTheSmesProvince()
    {
        var w = new VoucherWorld(terms: VoucherWorld.Terms() with { Nationwide = true });
        w.Enterprise.UpdateProfile(new EnterpriseProfile("Công ty Đồng Nai", "dong-nai", "Biên Hòa", SectorGroup.TradeServices, Sector.Logistics, 5,
            Money.Vnd(1_000_000_000), Money.Vnd(1_000_000_000)), false, VoucherWorld.Sme, w.Now);
        var v = w.Apply();
        Assert.Equal("dong-thap", v.ProvinceCode); // the program's province decides it
        Assert.Equal("dong-nai", v.Eligibility!.ProvinceCode);
    }

    [Fact]
    public void Apply_FromASectorTheProgramDoesNotSupport_IsRefused()
    {
        var w = new VoucherWorld(terms: VoucherWorld.Terms() with { EligibleSectors = [Sector.Tourism] });
        Assert.Equal("program.sector-not-eligible", RuleOf(() => w.Apply()));
    }

    [Fact]
    public void Apply_ForAServiceKindTheProgramDoesNotPayFor_IsRefused()
    {
        var w = new VoucherWorld();
        Assert.Equal("program.service-kind-not-eligible", RuleOf(() => Voucher.Apply(w.Program, w.Enterprise, ServiceKind.LabTesting,
            Money.Vnd(1_000_000), "Thử nghiệm", Money.Zero, VoucherWorld.Sme, w.Now)));
    }

    [Fact]
    public void Apply_AboveThePerVoucherCapOfItsSize_IsRefused()
    {
        var w = new VoucherWorld();
        Assert.Equal("program.per-voucher-cap-exceeded", RuleOf(() => w.Apply(20_000_001)));
    }

    [Fact]
    public void Apply_BeyondThePerSmeYearlyCap_IsRefused()
    {
        var w = new VoucherWorld(); // micro: 20M per voucher, 30M per year
        Assert.Equal("program.per-sme-year-cap-exceeded", RuleOf(() => w.Apply(15_000_000, held: Money.Vnd(15_000_001))));
        Assert.Equal(VoucherStatus.Submitted, w.Apply(15_000_000, held: Money.Vnd(15_000_000)).Status);
    }

    [Fact]
    public void Approve_MoreThanRequested_IsRefused()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Recommended);
        Assert.Equal("voucher.approval-exceeds-request", RuleOf(() => v.Approve(w.Program, Money.Vnd(20_000_001), Money.Zero, ApprovalPolicy.SingleApproval, VoucherWorld.Finance, w.Now)));
        Assert.Equal(VoucherStatus.Recommended, v.Status);
    }

    [Fact]
    public void Redeem_ByAProviderWhoseAccreditationIsSuspended_IsRefused()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        w.Consultant.Suspend("dong-thap", "Vi phạm điều kiện", "QĐ-01/TĐC", new DateOnly(2026, 8, 1), w.Now);
        Assert.Equal("provider.suspended", RuleOf(() =>
            v.Redeem(w.Program, w.Consultant, Money.Vnd(30_000_000), "HĐ", VoucherWorld.ProviderUser, w.Now)));
        Assert.Null(v.ProviderId);
    }

    [Fact]
    public void Redeem_ByAProviderKindTheProgramDoesNotAccept_IsRefused()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        var lab = ServiceProvider.Register(TaxCode.WithCheckDigit("180000001"), "Phòng thí nghiệm", ProviderKind.TestingLab, "dong-thap", "VILAS",
            new DateOnly(2025, 1, 1), new DateOnly(2027, 1, 1),
            [new ProviderService(ServiceKind.DigitalTransformationConsulting, "x", Money.Vnd(1))], w.Now);
        Assert.Equal("program.provider-kind-not-eligible", RuleOf(() => v.Redeem(w.Program, lab, Money.Vnd(30_000_000), "HĐ", VoucherWorld.ProviderUser, w.Now)));
    }

    [Fact]
    public void Redeem_Twice_IsRefused_TheVoucherStaysBoundToTheFirstProvider()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Redeemed);
        var first = v.ProviderId;
        var e = Assert.Throws<IllegalTransitionException>(() => v.Redeem(w.Program, w.Consultant, Money.Vnd(1_000_000), "HĐ-2", VoucherWorld.ProviderUser, w.Now));
        Assert.Equal("voucher.already-redeemed", e.Code); // the precise reason, still an illegal transition (409 with the allowed ones)
        Assert.Equal("Redeemed", e.State);
        Assert.Equal(first, v.ProviderId);
    }

    [Fact]
    public void RedemptionRefusal_SaysWhatRedeemWouldThrow_ForEachRuleInTurn()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        Assert.Null(v.RedemptionRefusal(w.Program, w.Consultant, VoucherWorld.ProviderUser, w.Now));
        var lab = ServiceProvider.Register(TaxCode.WithCheckDigit("180000001"), "Phòng thí nghiệm", ProviderKind.TestingLab, "dong-thap", "VILAS-1",
            new DateOnly(2025, 1, 1), new DateOnly(2027, 12, 31), [new ProviderService(ServiceKind.LabTesting, "Kiểm nghiệm", Money.Vnd(5_000_000))], w.Now);
        Assert.Equal("program.provider-kind-not-eligible", v.RedemptionRefusal(w.Program, lab, VoucherWorld.ProviderUser, w.Now)!.Code);
        var otherService = ServiceProvider.Register(TaxCode.WithCheckDigit("360000003"), "Tư vấn khác", ProviderKind.Consultant, "dong-thap", "TV-2",
            new DateOnly(2025, 1, 1), new DateOnly(2027, 12, 31), [new ProviderService(ServiceKind.DigitalSolution, "Phần mềm kho", Money.Vnd(80_000_000))], w.Now);
        Assert.Equal("provider.service-not-offered", v.RedemptionRefusal(w.Program, otherService, VoucherWorld.ProviderUser, w.Now)!.Code);
        var lapsed = ServiceProvider.Register(TaxCode.WithCheckDigit("180000002"), "Tư vấn hết hạn", ProviderKind.Consultant, "dong-thap", "TV-9",
            new DateOnly(2024, 1, 1), new DateOnly(2025, 12, 31),
            [new ProviderService(ServiceKind.DigitalTransformationConsulting, "Lộ trình", Money.Vnd(60_000_000))], w.Now);
        Assert.Equal("provider.not-accredited", v.RedemptionRefusal(w.Program, lapsed, VoucherWorld.ProviderUser, w.Now)!.Code);
        Assert.Equal("voucher.expired", v.RedemptionRefusal(w.Program, w.Consultant, VoucherWorld.ProviderUser, w.Now.AddDays(400))!.Code);
        Assert.Equal(VoucherStatus.Issued, v.Status); // asking changes nothing

        w.Run(v.Cancel("Không đủ điều kiện", VoucherWorld.Finance, w.Now));
        var cancelled = v.RedemptionRefusal(w.Program, w.Consultant, VoucherWorld.ProviderUser, w.Now);
        Assert.IsType<IllegalTransitionException>(cancelled);
        Assert.Equal("voucher.illegal-transition", cancelled.Code);
    }

    [Fact]
    public void AQrToken_IsAttachedOnlyWhileIssued_WithTheNextSerial()
    {
        var w = new VoucherWorld();
        var recommended = w.In(VoucherStatus.Recommended);
        Assert.Equal("voucher.qr-not-reissuable", Assert.Throws<BusinessRuleException>(() => recommended.Qr.Attach(1, "VV1:X", w.Now)).Code);
        var v = w.In(VoucherStatus.Issued);
        Assert.Equal(0, v.QrSerial);
        Assert.Throws<InvalidOperationException>(() => v.Qr.Attach(2, "VV1:SKIPPED", w.Now));
        v.Qr.Attach(1, "VV1:FIRST", w.Now);
        v.Qr.Attach(2, "VV1:SECOND", w.Now);
        Assert.Equal((2, "VV1:SECOND"), (v.QrSerial, v.QrToken));
        v.Qr.Attach(3, "VV1:ENDS WITH A SPACE ", w.Now);
        Assert.Equal("VV1:ENDS WITH A SPACE ", v.QrToken); // stored exactly as signed
        for (var serial = 4; serial <= VoucherQrCode.MaxIssues; serial++) v.Qr.Attach(serial, $"VV1:{serial}", w.Now);
        Assert.Equal("voucher.qr-reissue-limit", Assert.Throws<BusinessRuleException>(() => v.Qr.Attach(VoucherQrCode.MaxIssues + 1, "VV1:MORE", w.Now)).Code);
        Assert.Equal(VoucherQrCode.MaxIssues, v.QrSerial);
        w.Fire(v, VoucherTrigger.Redeem);
        Assert.Equal("voucher.qr-not-reissuable", Assert.Throws<BusinessRuleException>(() => v.Qr.Attach(VoucherQrCode.MaxIssues + 1, "VV1:LATE", w.Now)).Code);
    }

    [Fact]
    public void TheQr_IsShownAndReissuedOnlyWithinTheValidity_AndNeverBeforeIssuance()
    {
        var w = new VoucherWorld();
        var applied = w.In(VoucherStatus.Submitted);
        Assert.Equal("voucher.not-issued", Assert.Throws<ConflictException>(() => applied.Qr.CurrentToken(w.Now)).Code);
        Assert.Equal("voucher.qr-not-reissuable", Assert.Throws<BusinessRuleException>(() => applied.Qr.NextSerial(w.Now)).Code);

        var v = w.In(VoucherStatus.Issued);
        Assert.Equal("voucher.qr-not-issued", Assert.Throws<ConflictException>(() => v.Qr.CurrentToken(w.Now)).Code);
        v.Qr.Attach(v.Qr.NextSerial(w.Now), "VV1:FIRST", w.Now);
        Assert.Equal("VV1:FIRST", v.Qr.CurrentToken(w.Now));

        var lastDay = new DateTimeOffset(v.ValidUntil!.Value.ToDateTime(new TimeOnly(23, 59)), TimeSpan.FromHours(7));
        Assert.Equal("VV1:FIRST", v.Qr.CurrentToken(lastDay)); // the whole last day, Vietnam time
        var dayAfter = lastDay.AddMinutes(1);
        Assert.Equal(VoucherStatus.Issued, v.Status); // not yet expired by the job ...
        Assert.Equal("voucher.qr-not-current", Assert.Throws<ConflictException>(() => v.Qr.CurrentToken(dayAfter)).Code); // ... but no longer shown
        Assert.Equal("voucher.qr-not-reissuable", Assert.Throws<BusinessRuleException>(() => v.Qr.NextSerial(dayAfter)).Code);
        Assert.Equal(1, v.QrSerial);
    }

    [Fact]
    public void ProgramTerms_WithAPerVoucherCapAboveTheYearlyCap_AreRefused()
    {
        var w = new VoucherWorld();
        var e = Assert.Throws<InvalidValueException>(() => SupportProgram.Draft("X", w.Fund, 2026, VoucherWorld.Terms() with
        {
            Caps = [new ProgramCap(SizeClass.Micro, Money.Vnd(30_000_000), Money.Vnd(20_000_000))],
        }, w.Now));
        Assert.Equal("caps", e.Field);
    }

    [Fact]
    public void Text_TypedInNfd_IsStoredAsNfc()
    {
        var w = new VoucherWorld();
        var nfd = "Lập lộ trình chuyển đổi số".Normalize(System.Text.NormalizationForm.FormD);
        var v = Voucher.Apply(w.Program, w.Enterprise, ServiceKind.DigitalTransformationConsulting, Money.Vnd(1_000_000), nfd, Money.Zero,
            VoucherWorld.Sme, w.Now);
        Assert.Equal("Lập lộ trình chuyển đổi số", v.Purpose);
        Assert.True(v.Purpose.IsNormalized(System.Text.NormalizationForm.FormC));
    }
}
