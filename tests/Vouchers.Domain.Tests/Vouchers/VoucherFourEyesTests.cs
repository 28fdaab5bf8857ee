using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Domain.Tests.Vouchers;

/// <summary>
/// Four eyes: at or above the policy's amount (15M in these tests) the first approval only proposes the face value;
/// a second, different finance officer's approval commits it and issues the voucher.
/// </summary>
public class VoucherFourEyesTests
{
    private static readonly ApprovalPolicy FourEyes = VoucherWorld.FourEyes;
    private static readonly Actor First = VoucherWorld.Finance;
    private static readonly Actor Second = VoucherWorld.SecondApprover;

    private static (long Available, long Committed) Budget(VoucherWorld w)
    {
        var b = w.Account(w.Program.BudgetAccountId);
        return (b.CreditsPosted - b.DebitsPosted - b.DebitsPending, b.DebitsPending);
    }

    private static Voucher Recommended(VoucherWorld w, long requested)
    {
        var v = w.Apply(requested);
        v.Recommend(null, VoucherWorld.Reviewer, w.Now);
        return v;
    }

    /// <summary>A voucher whose first approval (by finance-1) proposed <paramref name="proposed"/> (default: what was requested).</summary>
    private static Voucher AwaitingSecond(VoucherWorld w, long requested = 20_000_000, long? proposed = null)
    {
        var v = Recommended(w, requested);
        Assert.Null(v.Approve(w.Program, proposed is { } p ? Money.Vnd(p) : null, Money.Zero, FourEyes, First, w.Now));
        Assert.Equal(VoucherStatus.AwaitingSecondApproval, v.Status);
        return v;
    }

    [Fact]
    public void Policy_NeedsASecondApproval_FromItsAmountOn()
    {
        Assert.False(FourEyes.NeedsSecondApproval(Money.Vnd(14_999_999)));
        Assert.True(FourEyes.NeedsSecondApproval(Money.Vnd(15_000_000)));
        Assert.True(new ApprovalPolicy(Money.Zero).NeedsSecondApproval(Money.Vnd(1)));
        Assert.False(ApprovalPolicy.SingleApproval.NeedsSecondApproval(Money.Vnd(long.MaxValue)));
    }

    [Fact]
    public void BelowTheThreshold_OneApprovalIssues_AndCommits()
    {
        var w = new VoucherWorld();
        var v = Recommended(w, 14_999_999);
        var t = v.Approve(w.Program, null, Money.Zero, FourEyes, First, w.Now);
        Assert.NotNull(t);
        w.Run(t);
        Assert.Equal(VoucherStatus.Issued, v.Status);
        Assert.Null(v.ProposedAmount);
        Assert.Equal(Money.Vnd(14_999_999), v.FaceValue);
        Assert.Equal((1_000_000_000L - 14_999_999L, 14_999_999L), Budget(w));
    }

    [Fact]
    public void AtTheThreshold_TheFirstApproval_AwaitsASecond_AndMovesNoMoney()
    {
        var w = new VoucherWorld();
        var v = Recommended(w, 15_000_000);
        var transfers = w.Ledger.Log.Count;

        Assert.Null(v.Approve(w.Program, null, Money.Zero, FourEyes, First, w.Now));

        Assert.Equal(VoucherStatus.AwaitingSecondApproval, v.Status);
        Assert.Equal(Money.Vnd(15_000_000), v.ProposedAmount);
        Assert.Null(v.FaceValue);
        Assert.Null(v.CommitmentTransferId);
        Assert.Null(v.IssuedAt);
        Assert.Null(v.ValidUntil);
        Assert.Equal(transfers, w.Ledger.Log.Count);
        Assert.Equal((1_000_000_000L, 0L), Budget(w));
        var line = v.History[^1];
        Assert.Equal((VoucherStatus.Recommended, VoucherStatus.AwaitingSecondApproval, VoucherTrigger.Approve), (line.From!.Value, line.To, line.Trigger!.Value));
        Assert.Equal(First.Subject, line.ActorSubject);
        Assert.Null(line.TransferId);
        Assert.Equal([VoucherTrigger.Reject, VoucherTrigger.Withdraw, VoucherTrigger.Approve], v.PermittedTriggers(w.Now));
    }

    [Fact]
    public void TheFirstApprover_MayProposeLessThanRequested_AndThatIsWhatTheThresholdLooksAt()
    {
        var w = new VoucherWorld();
        var below = Recommended(w, 20_000_000);
        Assert.NotNull(below.Approve(w.Program, Money.Vnd(14_000_000), Money.Zero, FourEyes, First, w.Now));
        Assert.Equal(VoucherStatus.Issued, below.Status);

        var above = AwaitingSecond(w, proposed: 18_000_000);
        Assert.Equal(Money.Vnd(18_000_000), above.ProposedAmount);
    }

    [Fact]
    public void TheSecondApproval_ByTheSameOfficer_IsRefused_AndChangesNothing()
    {
        var w = new VoucherWorld();
        var v = AwaitingSecond(w);
        var e = w.AssertRefused<SegregationOfDutiesException>(v, () => v.Approve(w.Program, null, Money.Zero, FourEyes, First, w.Now));
        Assert.Equal("sod.four-eyes-same-officer", e.Code);
        Assert.Equal((1_000_000_000L, 0L), Budget(w));
    }

    [Fact]
    public void TheSecondApproval_ByTheRecommender_IsRefused()
    {
        var w = new VoucherWorld();
        var v = AwaitingSecond(w);
        var recommenderAsFinance = new Actor(VoucherWorld.Reviewer.Subject, "finance");
        var e = w.AssertRefused<SegregationOfDutiesException>(v, () => v.Approve(w.Program, null, Money.Zero, FourEyes, recommenderAsFinance, w.Now));
        Assert.Equal("sod.recommender-cannot-approve", e.Code);
    }

    [Theory]
    [InlineData(false, false)] // no amount, same policy
    [InlineData(true, false)]  // the same amount confirmed
    [InlineData(false, true)]  // the policy changed in between: an approval under way is finished, not restarted
    public void TheSecondApproval_ByAnotherOfficer_IssuesTheVoucher_AndCommitsTheProposedAmount(bool confirmAmount, bool policyChanged)
    {
        var w = new VoucherWorld();
        var v = AwaitingSecond(w, proposed: 18_000_000);
        w.Now = w.Now.AddDays(1);

        var t = v.Approve(w.Program, confirmAmount ? Money.Vnd(18_000_000) : null, Money.Zero,
            policyChanged ? ApprovalPolicy.SingleApproval : FourEyes, Second, w.Now);

        Assert.NotNull(t);
        Assert.Equal((TransferKind.Commitment, TransferPhase.Pending, 18_000_000L), (t.Kind, t.Phase, t.Amount.Dong));
        Assert.Equal((w.Program.BudgetAccountId, w.Program.PayableAccountId), (t.DebitAccountId, t.CreditAccountId));
        w.Run(t);
        Assert.Equal(VoucherStatus.Issued, v.Status);
        Assert.Equal(Money.Vnd(18_000_000), v.FaceValue);
        Assert.Equal(Money.Vnd(18_000_000), v.ProposedAmount);
        Assert.Equal(t.Id, v.CommitmentTransferId);
        Assert.Equal(w.Now, v.IssuedAt);
        Assert.Equal(new DateOnly(2026, 3, 17).AddDays(90), v.ValidUntil);
        Assert.Equal((982_000_000L, 18_000_000L), Budget(w));
        var approvals = v.History.Where(h => h.Trigger == VoucherTrigger.Approve).ToList();
        Assert.Equal([First.Subject, Second.Subject], approvals.Select(a => a.ActorSubject));
        Assert.Equal([null, t.Id], approvals.Select(a => a.TransferId));
        Assert.Equal(VoucherStatus.Issued, approvals[1].To);
        Assert.True(LedgerReplay.IsBalanced(w.Ledger.Accounts));
    }

    [Theory]
    [InlineData(17_999_999)]
    [InlineData(18_000_001)]
    [InlineData(10_000_000)]
    public void TheSecondApproval_OfAnotherAmount_IsRefused(long other)
    {
        var w = new VoucherWorld();
        var v = AwaitingSecond(w, proposed: 18_000_000);
        var e = w.AssertRefused<BusinessRuleException>(v, () => v.Approve(w.Program, Money.Vnd(other), Money.Zero, FourEyes, Second, w.Now));
        Assert.Equal("voucher.second-approval-amount-differs", e.Rule);
    }

    [Fact]
    public void Reject_WhileAwaitingTheSecondApproval_EndsIt_AndNoMoneyWasEverCommitted()
    {
        var w = new VoucherWorld();
        var v = AwaitingSecond(w);
        v.Reject("Không đủ căn cứ phê duyệt", Second, w.Now);
        Assert.Equal(VoucherStatus.Rejected, v.Status);
        Assert.Equal((1_000_000_000L, 0L), Budget(w));
        Assert.Throws<IllegalTransitionException>(() => v.Approve(w.Program, null, Money.Zero, FourEyes, Second, w.Now));
    }

    [Fact]
    public void Withdraw_WhileAwaitingTheSecondApproval_ReleasesNothing_BecauseNothingWasCommitted()
    {
        var w = new VoucherWorld();
        var v = AwaitingSecond(w);
        var transfers = w.Ledger.Log.Count;
        Assert.Null(v.Withdraw("Không còn nhu cầu", VoucherWorld.Sme, w.Now));
        Assert.Equal(VoucherStatus.Withdrawn, v.Status);
        Assert.Equal(transfers, w.Ledger.Log.Count);
        Assert.Equal((1_000_000_000L, 0L), Budget(w));
    }

    [Fact]
    public void ReturnForInfo_WhileAwaitingTheSecondApproval_IsNotATransition()
    {
        var w = new VoucherWorld();
        var v = AwaitingSecond(w);
        Assert.Throws<IllegalTransitionException>(() => v.ReturnForInfo("Thiếu báo giá", VoucherWorld.Reviewer, w.Now));
        Assert.Equal(VoucherStatus.AwaitingSecondApproval, v.Status);
    }

    [Fact]
    public void Caps_AreCheckedAtTheFirstApproval_SoAnImpossibleApprovalIsRefusedEarly()
    {
        var w = new VoucherWorld(); // micro: 30M per SME per year
        var v = Recommended(w, 20_000_000);
        var e = w.AssertRefused<BusinessRuleException>(v, () => v.Approve(w.Program, null, Money.Vnd(10_000_001), FourEyes, First, w.Now));
        Assert.Equal("program.per-sme-year-cap-exceeded", e.Rule);
        Assert.Null(v.ProposedAmount);
    }

    [Fact]
    public void Caps_AreCheckedAgainAtTheSecondApproval()
    {
        var w = new VoucherWorld();
        var v = AwaitingSecond(w); // 20M proposed while nothing else was held
        var e = w.AssertRefused<BusinessRuleException>(v, () => v.Approve(w.Program, null, Money.Vnd(10_000_001), FourEyes, Second, w.Now));
        Assert.Equal("program.per-sme-year-cap-exceeded", e.Rule);
    }

    [Fact]
    public void TheEnvelope_IsCheckedByTheLedger_AtTheFinalApproval()
    {
        var w = new VoucherWorld(envelope: 50_000_000);
        var awaiting = Enumerable.Range(0, 3).Select(_ => AwaitingSecond(w)).ToList(); // 3 × 20M proposed: no money moved
        Assert.Equal((50_000_000L, 0L), Budget(w));
        var issued = 0;
        foreach (var v in awaiting)
        {
            var t = v.Approve(w.Program, null, Money.Zero, FourEyes, Second, w.Now);
            try { w.Run(t); issued++; }
            catch (LedgerException e) { Assert.Equal(LedgerResult.ExceedsCredits, e.Result); }
        }
        Assert.Equal(2, issued);
        Assert.Equal((10_000_000L, 40_000_000L), Budget(w));
        Assert.True(LedgerReplay.IsBalanced(w.Ledger.Accounts));
    }

    [Fact]
    public void NeitherApprover_MayAuthoriseThePayment_ButAThirdOfficerMay()
    {
        var w = new VoucherWorld();
        var v = AwaitingSecond(w);
        w.Fire(v, VoucherTrigger.Approve); // by finance-2
        foreach (var step in new[] { VoucherTrigger.Redeem, VoucherTrigger.Deliver, VoucherTrigger.ConfirmDelivery, VoucherTrigger.Accept, VoucherTrigger.ClaimPayment })
            w.Fire(v, step);
        foreach (var approver in new[] { First, Second })
        {
            var e = w.AssertRefused<SegregationOfDutiesException>(v, () => v.Settle(w.Program, approver, w.Now));
            Assert.Equal("sod.approver-cannot-authorise-payment", e.Code);
        }
        w.Run(v.Settle(w.Program, VoucherWorld.PaymentOfficer, w.Now));
        Assert.Equal(VoucherStatus.Settled, v.Status);
        Assert.True(LedgerReplay.IsBalanced(w.Ledger.Accounts));
    }
}
