using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Tests.Vouchers;
using Vouchers.Domain.Vouchers;
using Vouchers.Domain.Vouchers.Rules;

namespace Vouchers.Domain.Tests;

/// <summary>Issue 16: the size class is declared per fiscal year, and an application uses the declaration of its program's year.</summary>
public class SizeDeclaredPerYearTests
{
    private static EnterpriseProfile Mango(int? year, int employees = 8) => new("Công ty TNHH Xoài Cao Lãnh", "dong-thap", "Phường Cao Lãnh",
        SectorGroup.AgricultureForestryFisheryIndustryConstruction, Sector.Agriculture, employees, Money.Vnd(2_500_000_000), Money.Vnd(1_000_000_000), year);

    [Fact]
    public void AProfileWithoutAYear_DeclaresTheFiguresOfTheYearItIsDeclaredIn()
    {
        var e = Enterprise.Register(TaxCode.WithCheckDigit("140000012"), Mango(null), VoucherWorld.Sme, VoucherWorld.Start, out var registration);
        Assert.Equal(2026, e.ProfileFiscalYear);
        Assert.Equal(2026, registration.Proposed.FiscalYear);
        Assert.Contains(registration.Changes, c => c is { Field: "fiscalYear", Old: null, New: "2026" });
    }

    [Fact]
    public void ANewYearsFigures_AreARecordedChange_WithTheYearBeforeAndAfter()
    {
        var e = Enterprise.Register(TaxCode.WithCheckDigit("140000012"), Mango(2026), VoucherWorld.Sme, VoucherWorld.Start);
        var change = e.UpdateProfile(Mango(2027, employees: 50), hasOpenVouchers: false, VoucherWorld.Sme, VoucherWorld.Start.AddMonths(10))!;
        Assert.Equal(2027, e.ProfileFiscalYear);
        Assert.Equal(SizeClass.Small, e.SizeClass);
        Assert.Contains(change.Changes, c => c is { Field: "fiscalYear", Old: "2026", New: "2027" });
        Assert.Contains(change.Changes, c => c is { Field: "sizeClass", Old: "Micro", New: "Small" });
    }

    [Fact]
    public void AYearOutsideTheServicesRange_IsRefused() =>
        Assert.Equal("fiscalYear", Assert.Throws<InvalidValueException>(() =>
            Enterprise.Register(TaxCode.WithCheckDigit("140000012"), Mango(1999), VoucherWorld.Sme, VoucherWorld.Start)).Field);

    [Fact]
    public void AnApplication_NeedsTheDeclarationOfItsProgramsYear_AndKeepsItsYearOnTheVoucher()
    {
        var w = new VoucherWorld(); // a 2026 program
        w.Enterprise.UpdateProfile(Mango(2027), hasOpenVouchers: false, VoucherWorld.Sme, w.Now);
        Assert.Equal(SizeDeclaredForProgramYear.Code, Assert.Throws<BusinessRuleException>(() => w.Apply()).Rule);

        w.Enterprise.UpdateProfile(Mango(2026), hasOpenVouchers: false, VoucherWorld.Sme, w.Now);
        var v = w.Apply();
        Assert.Equal(2026, v.Eligibility!.FiscalYear);
    }

    [Fact]
    public void AResubmission_IsJudgedOnTheProgramYearsDeclarationToo()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.ReturnedForInfo);
        w.Enterprise.UpdateProfile(Mango(2027), hasOpenVouchers: false, VoucherWorld.Sme, w.Now);
        var e = w.AssertRefused<BusinessRuleException>(v, () => w.Fire(v, VoucherTrigger.Resubmit));
        Assert.Equal(SizeDeclaredForProgramYear.Code, e.Rule);
    }
}
