using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Vouchers;
using Vouchers.Domain.Vouchers.Rules;

namespace Vouchers.Domain.Tests.Vouchers;

/// <summary>
/// Fiscal year end (issue 16, ADR 0015): a commitment a year left open is carried over to the next year's budget by a
/// finance decision (chuyển nguồn) or released; until then the voucher is neither redeemed nor settled. Both years'
/// positions stay balanced, and the voucher agrees with its transfers, across the year end.
/// </summary>
public class YearEndTests
{
    private static readonly DateTimeOffset January = VoucherWorld.AfterYearEnd(2026);
    private static readonly DateOnly DecisionDate = new(2027, 1, 5);

    private static FundLedgerPosition Position(VoucherWorld w, int year) =>
        FundPositions.Of(w.Ledger.Accounts.Where(a => a.FundId == w.Fund.Id && a.FiscalYear == year), LedgerReplay.Replay(w.Ledger.Log));

    /// <summary>Issued on 1 December 2026, so still valid after the year end (the world's program gives 90 days).</summary>
    private static Voucher IssuedInDecember(VoucherWorld w)
    {
        var v = w.In(VoucherStatus.Recommended);
        w.Now = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));
        w.Fire(v, VoucherTrigger.Approve);
        return v;
    }

    private static IReadOnlyList<VoucherLedgerFinding> Findings(VoucherWorld w, Voucher v) =>
        VoucherLedgerAgreement.Check(v, w.Ledger.Log.Where(t => t.VoucherId == v.Id));

    [Fact]
    public void CarryOver_MovesTheCommitmentIntoTheNextYearsBudget_AndBothYearsBalance()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        var face = v.FaceValue!.Value;
        var old = v.CommitmentTransferId!.Value;
        var accounts = w.CarryOverAccounts(2026);

        var batch = v.CarryOver(w.Program, accounts, "02/QĐ-UBND", DecisionDate, VoucherWorld.Finance, January);
        w.Run(batch);

        Assert.Equal([TransferKind.CarryOverRelease, TransferKind.CarryForward, TransferKind.BringForward, TransferKind.Commitment],
            batch.Select(t => t.Kind));
        Assert.All(batch, t => Assert.Equal(face, t.Amount));
        Assert.Equal(old, batch[0].PendingId);
        Assert.Equal(VoucherStatus.Issued, v.Status);
        Assert.Equal(2027, v.BudgetYear);
        Assert.Equal(2026, v.FiscalYear); // the program's year, for caps, stays
        Assert.Equal(batch[3].Id, v.CommitmentTransferId);
        var line = v.History[^1];
        Assert.Equal(VoucherTrigger.CarryOver, line.Trigger);
        Assert.Equal(batch[3].Id, line.TransferId);
        Assert.Contains("02/QĐ-UBND", line.Reason, StringComparison.Ordinal);

        var y2026 = Position(w, 2026);
        var y2027 = Position(w, 2027);
        Assert.True(y2026.Balanced, $"{y2026}");
        Assert.True(y2027.Balanced, $"{y2027}");
        Assert.Equal(0, y2026.Committed);
        Assert.Equal(face.Dong, y2026.CarriedForward);
        Assert.Equal(face.Dong, y2027.BroughtForward);
        Assert.Equal(face.Dong, y2027.Committed);
        Assert.Equal(0, y2027.Allocated); // nothing was allocated for 2027: the commitment is 2026's money
        Assert.Equal(face.Dong, y2027.Program(w.Program.Id).Committed);
        Assert.True(LedgerReplay.IsBalanced(w.Ledger.Accounts));
        Assert.Empty(Findings(w, v));
    }

    [Fact]
    public void ACarriedVoucher_IsRedeemedSettledPaidAndClawedBack_OutOfTheNextYearsAccounts()
    {
        var w = new VoucherWorld();
        var v = IssuedInDecember(w);
        w.Fire(v, VoucherTrigger.CarryOver);
        w.Now = January.AddDays(1);
        foreach (var step in new[] { VoucherTrigger.Redeem, VoucherTrigger.Deliver, VoucherTrigger.ConfirmDelivery, VoucherTrigger.Accept,
                     VoucherTrigger.ClaimPayment, VoucherTrigger.Settle, VoucherTrigger.Disburse })
            w.Fire(v, step);

        var y2027 = ProgramYearAccounts.Find(w.Program.Id, 2027, w.Ledger.Accounts)!;
        var disbursement = w.Ledger.Log.Single(t => t.VoucherId == v.Id && t.Kind == TransferKind.Disbursement);
        Assert.Equal((y2027.Payable, y2027.Disbursed), (disbursement.DebitAccountId, disbursement.CreditAccountId));
        var y2027Position = Position(w, 2027);
        Assert.True(y2027Position.Balanced);
        Assert.Equal(v.AcceptedAmount!.Value.Dong, y2027Position.Disbursed);
        Assert.Equal(0, Position(w, 2026).Disbursed);
        Assert.Empty(Findings(w, v));

        w.Fire(v, VoucherTrigger.ClawBack);
        var clawback = w.Ledger.Log.Single(t => t.VoucherId == v.Id && t.Kind == TransferKind.Clawback);
        Assert.Equal((y2027.Disbursed, y2027.Budget), (clawback.DebitAccountId, clawback.CreditAccountId));
        Assert.True(Position(w, 2027).Balanced);
        Assert.Empty(Findings(w, v));
    }

    [Fact]
    public void AfterTheYearEnded_AnUndecidedVoucher_IsNeitherRedeemedNorSettled()
    {
        var w = new VoucherWorld();
        var claimed = w.In(VoucherStatus.PaymentClaimed);
        var issued = IssuedInDecember(w);
        w.Now = January;

        var redeem = w.AssertRefused<BusinessRuleException>(issued,
            () => issued.Redeem(w.Program, w.Consultant, Money.Vnd(30_000_000), "HĐ-02/2027", VoucherWorld.ProviderUser, w.Now));
        Assert.Equal(BudgetYearNotEnded.Code, redeem.Code);
        var settle = w.AssertRefused<BusinessRuleException>(claimed, () => claimed.Settle(w.Program, VoucherWorld.PaymentOfficer, w.Now));
        Assert.Equal(BudgetYearNotEnded.Code, settle.Code);

        // the same on 31/12 late in the evening in Vietnam is still the old year: redeemed
        var lastEvening = new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.FromHours(7));
        Assert.Null(issued.RedemptionRefusal(w.Program, w.Consultant, VoucherWorld.ProviderUser, lastEvening));
        Assert.Equal(BudgetYearNotEnded.Code, (issued.RedemptionRefusal(w.Program, w.Consultant, VoucherWorld.ProviderUser, lastEvening.AddHours(1)) as BusinessRuleException)?.Code);
    }

    [Fact]
    public void AfterTheYearEnded_TheProgramApprovesNoMoreVouchers()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Recommended);
        w.Now = January;
        var e = w.AssertRefused<BusinessRuleException>(v,
            () => v.Approve(w.Program, null, Money.Zero, ApprovalPolicy.SingleApproval, VoucherWorld.Finance, w.Now));
        Assert.Equal(ProgramYearNotEnded.Code, e.Code);
    }

    [Fact]
    public void CarryOver_BeforeTheYearEnded_OrWithADecisionDatedInIt_IsRefused_AndChangesNothing()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        var accounts = w.CarryOverAccounts(2026);
        var december = new DateTimeOffset(2026, 12, 31, 23, 59, 0, TimeSpan.FromHours(7));
        w.Now = december;
        var early = w.AssertRefused<BusinessRuleException>(v,
            () => v.CarryOver(w.Program, accounts, "02/QĐ-UBND", new DateOnly(2026, 12, 31), VoucherWorld.Finance, december));
        Assert.Equal(VoucherLifecycle.YearNotEnded, early.Code);

        w.Now = January;
        var dated = w.AssertRefused<InvalidValueException>(v,
            () => v.CarryOver(w.Program, accounts, "02/QĐ-UBND", new DateOnly(2026, 12, 30), VoucherWorld.Finance, January));
        Assert.Equal("decisionDate", dated.Field);
        var future = w.AssertRefused<InvalidValueException>(v,
            () => v.CarryOver(w.Program, accounts, "02/QĐ-UBND", new DateOnly(2027, 2, 1), VoucherWorld.Finance, January));
        Assert.Equal("decisionDate", future.Field);
        Assert.Equal(2026, v.BudgetYear);
    }

    [Theory]
    [InlineData(VoucherStatus.Settled)]
    [InlineData(VoucherStatus.Recommended)]
    [InlineData(VoucherStatus.Expired)]
    public void OnlyAnOpenCommitmentIsCarriedOver(VoucherStatus status)
    {
        var w = new VoucherWorld();
        var v = w.In(status);
        var accounts = w.CarryOverAccounts(2026);
        w.AssertRefused<IllegalTransitionException>(v,
            () => v.CarryOver(w.Program, accounts, "02/QĐ-UBND", DecisionDate, VoucherWorld.Finance, January));
    }

    [Fact]
    public void Release_AtYearEnd_VoidsTheCommitmentInTheYearThatEnded()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        var available = Position(w, 2026).Available;
        w.Run(v.Cancel("Không chuyển nguồn năm 2026: quyết định 02/QĐ-UBND", VoucherWorld.Finance, January));

        Assert.Equal(VoucherStatus.Cancelled, v.Status);
        var y2026 = Position(w, 2026);
        Assert.True(y2026.Balanced);
        Assert.Equal(0, y2026.Committed);
        Assert.Equal(available + v.FaceValue!.Value.Dong, y2026.Available);
        Assert.Empty(Findings(w, v));
    }

    [Fact]
    public void ACommitmentIsCarriedOverTwice_AcrossTwoYearEnds()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Redeemed);
        w.Fire(v, VoucherTrigger.CarryOver);
        w.Fire(v, VoucherTrigger.CarryOver);

        Assert.Equal(2028, v.BudgetYear);
        Assert.Equal(2, v.History.Count(h => h.Trigger == VoucherTrigger.CarryOver));
        foreach (var year in new[] { 2026, 2027, 2028 }) Assert.True(Position(w, year).Balanced, $"{year}");
        Assert.Equal(v.FaceValue!.Value.Dong, Position(w, 2027).BroughtForward);
        Assert.Equal(v.FaceValue!.Value.Dong, Position(w, 2027).CarriedForward);
        Assert.Equal(0, Position(w, 2027).Committed);
        Assert.Equal(v.FaceValue!.Value.Dong, Position(w, 2028).Committed);
        Assert.Empty(Findings(w, v));
    }

    [Theory]
    [InlineData(TransferKind.CarryOverRelease)]
    [InlineData(TransferKind.CarryForward)]
    [InlineData(TransferKind.BringForward)]
    public void TheAgreement_NamesACarryOverThatLacksOneOfItsTransfers(TransferKind missing)
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        w.Fire(v, VoucherTrigger.CarryOver);
        var transfers = w.Ledger.Log.Where(t => t.VoucherId == v.Id && t.Kind != missing).ToList();

        var findings = VoucherLedgerAgreement.Check(v, transfers);
        Assert.Contains(findings, f => f.Code == VoucherLedgerAgreement.CarryOverIncomplete);
    }

    [Fact]
    public void ReleaseAtYearEnd_CancelsWithTheDecision_OnlyAfterTheYearEnded_AndOnlyForThatYearsVouchers()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        var december = new DateTimeOffset(2026, 12, 31, 23, 0, 0, TimeSpan.FromHours(7));
        w.Now = december;
        var early = w.AssertRefused<BusinessRuleException>(v, () => v.ReleaseAtYearEnd(2026, "02/QĐ-UBND", new DateOnly(2026, 12, 31), VoucherWorld.Finance, december));
        Assert.Equal(VoucherLifecycle.YearNotEnded, early.Code);
        w.Now = January;
        var other = w.AssertRefused<BusinessRuleException>(v, () => v.ReleaseAtYearEnd(2025, "02/QĐ-UBND", DecisionDate, VoucherWorld.Finance, January));
        Assert.Equal(BudgetYearIs.Code, other.Code);
        var dated = w.AssertRefused<InvalidValueException>(v, () => v.ReleaseAtYearEnd(2026, "02/QĐ-UBND", new DateOnly(2026, 12, 30), VoucherWorld.Finance, January));
        Assert.Equal("decisionDate", dated.Field);

        w.Run(v.ReleaseAtYearEnd(2026, "02/QĐ-UBND", DecisionDate, VoucherWorld.Finance, January));
        Assert.Equal(VoucherStatus.Cancelled, v.Status);
        Assert.Contains("02/QĐ-UBND", v.History[^1].Reason, StringComparison.Ordinal);
        Assert.Empty(Findings(w, v));
    }

    [Fact]
    public void CarryOver_OfAnotherYearsVoucher_IsRefused_AndChangesNothing()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        w.Fire(v, VoucherTrigger.CarryOver); // now 2027's
        var accounts = w.CarryOverAccounts(2026); // a decision on 2026 again
        var at = VoucherWorld.AfterYearEnd(2027);
        w.Now = at;
        var e = w.AssertRefused<BusinessRuleException>(v, () => v.CarryOver(w.Program, accounts, "03/QĐ-UBND", VietnamTime.Today(at), VoucherWorld.Finance, at));
        Assert.Equal(BudgetYearIs.Code, e.Code);
        Assert.Equal("year-end.not-in-year", Assert.Throws<BusinessRuleException>(() => w.Program.CarryOverAccounts(2025, [], at)).Code);
    }
}
