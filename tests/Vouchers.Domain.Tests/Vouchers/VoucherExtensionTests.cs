using Vouchers.Domain.Common;
using Vouchers.Domain.Vouchers;
using Vouchers.Domain.Vouchers.Rules;

namespace Vouchers.Domain.Tests.Vouchers;

/// <summary>The funder extends an issued voucher's validity (issue 16): a self-transition that moves the date, never money.</summary>
public class VoucherExtensionTests
{
    [Fact]
    public void Extend_MovesTheValidity_RecordsBothDatesAndTheReason_AndMovesNoMoney()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        var issuedUntil = v.ValidUntil!.Value;
        var transfers = w.Ledger.Log.Count;
        var later = issuedUntil.AddDays(45);

        v.Extend(w.Program, later, "Nhà cung cấp chậm tiến độ", VoucherWorld.Finance, w.Now);

        Assert.Equal(VoucherStatus.Issued, v.Status);
        Assert.Equal(later, v.ValidUntil);
        Assert.Equal(transfers, w.Ledger.Log.Count);
        var line = v.History[^1];
        Assert.Equal(VoucherTrigger.Extend, line.Trigger);
        Assert.Equal((VoucherStatus?)VoucherStatus.Issued, line.From);
        Assert.Equal(VoucherStatus.Issued, line.To);
        Assert.Null(line.TransferId);
        Assert.Contains($"{issuedUntil:dd/MM/yyyy}", line.Reason, StringComparison.Ordinal);
        Assert.Contains($"{later:dd/MM/yyyy}", line.Reason, StringComparison.Ordinal);
        Assert.Contains("Nhà cung cấp chậm tiến độ", line.Reason, StringComparison.Ordinal);
        Assert.Empty(VoucherLedgerAgreement.Check(v, w.Ledger.Log.Where(t => t.VoucherId == v.Id)));
    }

    [Fact]
    public void AnExtendedVoucher_IsNotDueToExpireAtItsOldDate_ButAtItsNewOne()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        var old = v.ValidUntil!.Value;
        v.Extend(w.Program, old.AddDays(30), "Gia hạn", VoucherWorld.Finance, w.Now);
        Assert.False(v.IsDueToExpire(VietnamTime.StartOf(old.AddDays(1))));
        Assert.True(v.IsDueToExpire(VietnamTime.StartOf(old.AddDays(31))));
        Assert.Contains(VoucherTrigger.Redeem, v.PermittedTriggers(VietnamTime.StartOf(old.AddDays(10))));
    }

    [Fact]
    public void Extensions_AddTogetherAtMostTheProgramsValidityPeriod()
    {
        var w = new VoucherWorld(); // validity 90 days
        var v = w.In(VoucherStatus.Issued);
        var latest = VietnamTime.Today(v.IssuedAt!.Value).AddDays(180);
        v.Extend(w.Program, latest.AddDays(-60), "Lần một", VoucherWorld.Finance, w.Now);
        v.Extend(w.Program, latest, "Lần hai", VoucherWorld.Finance, w.Now);
        Assert.Equal(latest, v.ValidUntil);
        var e = w.AssertRefused<BusinessRuleException>(v, () => v.Extend(w.Program, latest.AddDays(1), "Lần ba", VoucherWorld.Finance, w.Now));
        Assert.Equal(ExtensionWithinProgramLimit.Code, e.Rule);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void AnExtensionToTheSameOrAnEarlierDate_IsRefused(int days)
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        var e = w.AssertRefused<BusinessRuleException>(v, () => v.Extend(w.Program, v.ValidUntil!.Value.AddDays(days), "Rút ngắn", VoucherWorld.Finance, w.Now));
        Assert.Equal(ExtensionMovesValidityLater.Code, e.Rule);
    }

    [Fact]
    public void AnExtensionWithoutAReason_IsRefused()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        w.AssertRefused<InvalidValueException>(v, () => v.Extend(w.Program, v.ValidUntil!.Value.AddDays(10), "  ", VoucherWorld.Finance, w.Now));
    }

    [Fact]
    public void AVoucherPastItsValidity_IsNotExtended_EvenBeforeTheExpiryJobRan()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        w.Now = VietnamTime.StartOf(v.ValidUntil!.Value.AddDays(1));
        var e = w.AssertRefused<BusinessRuleException>(v, () => v.Extend(w.Program, v.ValidUntil!.Value.AddDays(30), "Quá hạn", VoucherWorld.Finance, w.Now));
        Assert.Equal("voucher.expired", e.Rule);
    }

    [Fact]
    public void AVoucherThatHadItsLastQrCode_IsNotExtended_AndNothingChanges()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        for (var serial = v.QrSerial + 1; serial <= VoucherQrCode.MaxIssues; serial++) v.Qr.Attach(serial, $"VV1:{serial}", w.Now);
        var e = w.AssertRefused<BusinessRuleException>(v, () => v.Extend(w.Program, v.ValidUntil!.Value.AddDays(10), "Gia hạn", VoucherWorld.Finance, w.Now));
        Assert.Equal("voucher.qr-reissue-limit", e.Rule);
    }

    [Theory]
    [InlineData(VoucherStatus.Recommended)]
    [InlineData(VoucherStatus.Expired)]
    [InlineData(VoucherStatus.Redeemed)]
    [InlineData(VoucherStatus.Cancelled)]
    [InlineData(VoucherStatus.Settled)]
    public void OnlyAnIssuedVoucher_IsExtended(VoucherStatus status)
    {
        var w = new VoucherWorld();
        var v = w.In(status);
        var until = v.ValidUntil ?? new DateOnly(2026, 12, 31);
        w.AssertRefused<IllegalTransitionException>(v, () => v.Extend(w.Program, until.AddDays(10), "Gia hạn", VoucherWorld.Finance, w.Now));
    }
}
