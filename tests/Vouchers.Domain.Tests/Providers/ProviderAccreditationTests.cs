using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Providers;
using Vouchers.Domain.Tests.Vouchers;
using Vouchers.Domain.Vouchers;
using Vouchers.Domain.Vouchers.Rules;

namespace Vouchers.Domain.Tests.Providers;

/// <summary>Issue 16: a provider is accredited per province, may be suspended and reinstated there, renewed, and its price list is versioned.</summary>
public class ProviderAccreditationTests
{
    private static readonly DateOnly Today = new(2026, 3, 16);
    private static readonly DateTimeOffset Now = VoucherWorld.Start;

    private static ServiceProvider Consultant(string home = "dong-thap") =>
        ServiceProvider.Register(TaxCode.WithCheckDigit("180000002"), "Tư vấn Sen Hồng", ProviderKind.Consultant, home, "TV-01",
            new DateOnly(2025, 1, 1), new DateOnly(2027, 12, 31),
            [new ProviderService(ServiceKind.DigitalTransformationConsulting, "Lộ trình chuyển đổi số", Money.Vnd(120_000_000))], Now);

    private static string RuleOf(Action a) => Assert.Throws<BusinessRuleException>(a).Rule;

    [Fact]
    public void Registration_AccreditsTheProviderInItsHomeProvinceOnly()
    {
        var p = Consultant();
        var home = Assert.Single(p.Accreditations);
        Assert.Equal(("dong-thap", "TV-01", AccreditationStatus.Active), (home.ProvinceCode, home.Number, home.Status));
        Assert.True(p.IsAccreditedOn("dong-thap", Today));
        Assert.False(p.IsAccreditedOn("dong-nai", Today));
        Assert.False(p.IsAccreditedOn("dong-thap", new DateOnly(2028, 1, 1))); // past its validity
    }

    [Fact]
    public void AccreditIn_AnotherProvince_AddsAnAccreditationOfItsOwn_Once()
    {
        var p = Consultant();
        p.AccreditIn("dong-nai", "TV-DN-7", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), "15/QĐ-SKHCN", new DateOnly(2025, 12, 20), Now);
        Assert.True(p.IsAccreditedOn("dong-nai", Today));
        Assert.Equal(["dong-nai", "dong-thap"], p.Accreditations.Select(a => a.ProvinceCode));
        Assert.Equal(ServiceProvider.AlreadyAccreditedInProvince, RuleOf(() =>
            p.AccreditIn("dong-nai", "TV-DN-8", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), "16/QĐ-SKHCN", new DateOnly(2025, 12, 20), Now)));
        Assert.Throws<InvalidValueException>(() =>
            p.AccreditIn("thanh-hoa", "TV-TH", new DateOnly(2026, 2, 1), new DateOnly(2026, 1, 1), "1/QĐ", Today, Now));
    }

    [Fact]
    public void Suspend_RefusesInThatProvinceOnly_WithItsOwnCode_AndReinstateLiftsIt()
    {
        var p = Consultant();
        p.AccreditIn("dong-nai", "TV-DN-7", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), "15/QĐ-SKHCN", new DateOnly(2025, 12, 20), Now);
        var a = p.Suspend("dong-thap", "Vi phạm điều kiện hoạt động", "22/QĐ-SKHCN", Today, Now);
        Assert.Equal((AccreditationStatus.Suspended, "Vi phạm điều kiện hoạt động", "22/QĐ-SKHCN", (DateOnly?)Today),
            (a.Status, a.Reason, a.DecisionNumber, a.DecisionDate));

        var rule = new ProviderIsAccredited(p, "dong-thap", Today);
        Assert.True(rule.IsBroken());
        Assert.Equal(ProviderIsAccredited.SuspendedCode, ((BusinessRuleException)rule.Error()).Rule);
        Assert.False(new ProviderIsAccredited(p, "dong-nai", Today).IsBroken()); // another province's accreditation stands

        Assert.Equal(ServiceProvider.AccreditationNotActive, RuleOf(() => p.Suspend("dong-thap", "Lần nữa", "23/QĐ", Today, Now)));
        p.Reinstate("dong-thap", "Đã khắc phục", "30/QĐ-SKHCN", Today, Now);
        Assert.False(new ProviderIsAccredited(p, "dong-thap", Today).IsBroken());
        Assert.Equal(ServiceProvider.AccreditationNotSuspended, RuleOf(() => p.Reinstate("dong-thap", "Lần nữa", "31/QĐ", Today, Now)));
    }

    [Fact]
    public void AProvinceWithoutAccreditation_IsNotAccredited_AndItsCommandsAreRefused()
    {
        var p = Consultant();
        var rule = new ProviderIsAccredited(p, "dong-nai", Today);
        Assert.True(rule.IsBroken());
        Assert.Equal(ProviderIsAccredited.Code, ((BusinessRuleException)rule.Error()).Rule);
        Assert.Equal(ServiceProvider.NotAccreditedInProvince, RuleOf(() => p.Suspend("dong-nai", "Lý do", "1/QĐ", Today, Now)));
        Assert.Equal(ServiceProvider.NotAccreditedInProvince, RuleOf(() => p.Reinstate("dong-nai", "Lý do", "1/QĐ", Today, Now)));
        Assert.Equal(ServiceProvider.NotAccreditedInProvince, RuleOf(() =>
            p.Renew("dong-nai", "TV", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), "1/QĐ", Today, Now)));
    }

    [Fact]
    public void Renew_SetsNewValidity_AndASuspensionStaysUntilLifted()
    {
        var p = Consultant();
        p.Renew("dong-thap", "TV-02", new DateOnly(2028, 1, 1), new DateOnly(2030, 12, 31), "40/QĐ-SKHCN", Today, Now);
        Assert.True(p.IsAccreditedOn("dong-thap", new DateOnly(2029, 6, 1)));
        Assert.False(p.IsAccreditedOn("dong-thap", Today)); // the new validity starts later
        p.Suspend("dong-thap", "Vi phạm", "41/QĐ", Today, Now);
        p.Renew("dong-thap", "TV-03", new DateOnly(2026, 1, 1), new DateOnly(2030, 12, 31), "42/QĐ", Today, Now);
        Assert.Equal(AccreditationStatus.Suspended, p.HomeAccreditation.Status);
        Assert.Equal("TV-03", p.HomeAccreditation.Number);
    }

    [Fact]
    public void SetServices_AddsAVersion_KeepsTheOldOnes_AndTheCurrentIsWhatRedemptionsUse()
    {
        var p = Consultant();
        Assert.Equal(1, p.PriceListVersion);
        p.SetServices([new ProviderService(ServiceKind.DigitalTransformationConsulting, "Lộ trình", Money.Vnd(90_000_000))], Now.AddDays(1));
        Assert.Equal(2, p.PriceListVersion);
        Assert.Equal([1, 2], p.PriceLists.Select(l => l.Version));
        Assert.Equal(Money.Vnd(120_000_000), p.PriceLists[0].Services.Single().ListPrice);
        Assert.Equal(Money.Vnd(90_000_000), p.ListPriceOf(ServiceKind.DigitalTransformationConsulting));
        Assert.Throws<InvalidValueException>(() => p.SetServices([], Now));
        Assert.Equal(2, p.PriceListVersion); // a refused list is no version
    }

    [Fact]
    public void AVoucher_IsRedeemedOnlyUnderAnAccreditationOfItsProvince()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        var fromDongNai = ServiceProvider.Register(TaxCode.WithCheckDigit("360000003"), "Tư vấn Biên Hòa", ProviderKind.Consultant, "dong-nai", "TV-DN",
            new DateOnly(2025, 1, 1), new DateOnly(2027, 12, 31),
            [new ProviderService(ServiceKind.DigitalTransformationConsulting, "Lộ trình", Money.Vnd(120_000_000))], w.Now);
        Assert.Equal(ProviderIsAccredited.Code, v.RedemptionRefusal(w.Program, fromDongNai, VoucherWorld.ProviderUser, w.Now)!.Code);
        Assert.Equal(ProviderIsAccredited.Code, RuleOf(() => v.Redeem(w.Program, fromDongNai, Money.Vnd(30_000_000), "HĐ", VoucherWorld.ProviderUser, w.Now)));
        Assert.Null(v.ProviderId);

        fromDongNai.AccreditIn("dong-thap", "TV-DT", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), "5/QĐ-SKHCN", new DateOnly(2026, 1, 1), w.Now);
        Assert.Null(v.RedemptionRefusal(w.Program, fromDongNai, VoucherWorld.ProviderUser, w.Now));
    }

    [Fact]
    public void ARedemptionKeepsTheCeilingItWasHeldTo_WhenThePriceListChangesAfter()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Redeemed);
        var ceiling = v.PriceCeiling;
        Assert.NotNull(ceiling);
        w.Consultant.SetServices([new ProviderService(ServiceKind.DigitalTransformationConsulting, "Lộ trình", Money.Vnd(10_000_000))], w.Now);
        Assert.Equal(ceiling, v.PriceCeiling);
        // ...while a new redemption is held to the new list (without this the test could not fail: nothing ties a voucher to the provider's list)
        var newCeiling = new ContractWithinPriceCeiling(w.Program, w.Consultant, v.ServiceKind, Money.Vnd(1)).Ceiling;
        Assert.Equal(w.Program.PriceCeiling(Money.Vnd(10_000_000)), newCeiling);
        Assert.NotEqual(ceiling, newCeiling);
    }
}
