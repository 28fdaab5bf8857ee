using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Domain.Tests.Vouchers;

public class VoucherMoneyTests
{
    private static (long Available, long Committed, long Payable, long Disbursed) Program(VoucherWorld w)
    {
        var budget = w.Account(w.Program.BudgetAccountId);
        var payable = w.Account(w.Program.PayableAccountId);
        var disbursed = w.Account(w.Program.DisbursedAccountId);
        return (budget.CreditsPosted - budget.DebitsPosted - budget.DebitsPending, budget.DebitsPending,
            payable.CreditsPosted - payable.DebitsPosted, disbursed.CreditsPosted - disbursed.DebitsPosted);
    }

    [Fact]
    public void Approve_CommitsTheFaceValueAsPending_AndIssuesTheVoucherForItsValidity()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        Assert.Equal(Money.Vnd(20_000_000), v.FaceValue);
        Assert.Equal(new DateOnly(2026, 3, 16).AddDays(90), v.ValidUntil);
        Assert.Equal((980_000_000L, 20_000_000L, 0L, 0L), Program(w));
    }

    [Theory]
    [InlineData(30_000_000, 15_000_000, 15_000_000)]   // 50% of the contract, under the face value
    [InlineData(100_000_000, 20_000_000, 80_000_000)]  // capped: face value and micro cap are both 20M here
    [InlineData(10_000_001, 5_000_000, 5_000_001)]     // 50% rounds down: never more than the rate
    public void Redeem_FixesSupportAsMinOfRateCapAndFaceValue_AndTheRestIsCoPayment(long contract, long support, long coPayment)
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        v.Redeem(w.Program, w.Consultant, Money.Vnd(contract), "HĐ-09", VoucherWorld.ProviderUser, w.Now);
        Assert.Equal(Money.Vnd(support), v.SupportAmount);
        Assert.Equal(Money.Vnd(coPayment), v.CoPayment);
        Assert.Equal(w.Consultant.Id, v.ProviderId);
    }

    [Fact]
    public void Redeem_OfAVoucherApprovedBelowTheCap_IsLimitedByItsFaceValue()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Recommended);
        w.Run(v.Approve(w.Program, Money.Vnd(12_000_000), Money.Zero, ApprovalPolicy.SingleApproval, VoucherWorld.Finance, w.Now)); // micro cap is 20M
        v.Redeem(w.Program, w.Consultant, Money.Vnd(100_000_000), "HĐ-10", VoucherWorld.ProviderUser, w.Now);
        Assert.Equal(Money.Vnd(12_000_000), v.SupportAmount);
        Assert.Equal(Money.Vnd(88_000_000), v.CoPayment);
    }

    [Fact]
    public void Settle_PostsTheAcceptedAmount_AndReturnsTheRestToTheProgram()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Accepted); // face 20M, contract 30M → support 15M, accepted 15M
        Assert.Equal(Money.Vnd(15_000_000), v.AcceptedAmount);
        w.Fire(v, VoucherTrigger.ClaimPayment);
        w.Fire(v, VoucherTrigger.Settle);
        Assert.Equal((985_000_000L, 0L, 15_000_000L, 0L), Program(w));
        w.Fire(v, VoucherTrigger.Disburse);
        Assert.Equal((985_000_000L, 0L, 0L, 15_000_000L), Program(w));
        Assert.True(LedgerReplay.IsBalanced(w.Ledger.Accounts));
    }

    [Fact]
    public void Accept_ALowerAmount_PostsOnlyThatAndReleasesTheRest()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.DeliveryConfirmed);
        v.Accept("BB-02", Money.Vnd(9_000_000), VoucherWorld.Reviewer, w.Now);
        w.Fire(v, VoucherTrigger.ClaimPayment);
        w.Fire(v, VoucherTrigger.Settle);
        Assert.Equal((991_000_000L, 0L, 9_000_000L, 0L), Program(w));
    }

    [Fact]
    public void Accept_MoreThanTheSupportAmount_IsRefused()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.DeliveryConfirmed);
        var e = Assert.Throws<BusinessRuleException>(() => v.Accept("BB-03", Money.Vnd(15_000_001), VoucherWorld.Reviewer, w.Now));
        Assert.Equal("voucher.acceptance-exceeds-support", e.Rule);
        Assert.Equal(VoucherStatus.DeliveryConfirmed, v.Status);
    }

    [Theory]
    [InlineData(VoucherStatus.Expired)]
    [InlineData(VoucherStatus.Cancelled)]
    public void Expiry_AndCancellation_ReleaseEveryCommittedDong(VoucherStatus exit)
    {
        var w = new VoucherWorld();
        w.In(exit);
        Assert.Equal((1_000_000_000L, 0L, 0L, 0L), Program(w));
    }

    [Fact]
    public void Withdraw_OfAnIssuedVoucher_ReleasesItsCommitment()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        w.Fire(v, VoucherTrigger.Withdraw);
        Assert.Equal((1_000_000_000L, 0L, 0L, 0L), Program(w));
    }

    [Fact]
    public void ClawBack_AfterPayment_IsAReversingTransferBackToTheProgram()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Paid);
        var before = w.Ledger.Log.Count;
        w.Fire(v, VoucherTrigger.ClawBack);
        Assert.Equal(before + 1, w.Ledger.Log.Count); // a new transfer; nothing edited
        Assert.Equal(TransferKind.Clawback, w.Ledger.Log[^1].Kind);
        Assert.Equal((1_000_000_000L, 0L, 0L, 0L), Program(w));
    }

    [Fact]
    public void ClawBack_BeforePayment_ReversesFromPayable()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Settled);
        var t = v.ClawBack(w.Program, Money.Vnd(5_000_000), "Một phần không đạt", VoucherWorld.Finance, w.Now);
        w.Run(t);
        Assert.Equal(w.Program.PayableAccountId, t.DebitAccountId);
        Assert.Equal((990_000_000L, 0L, 10_000_000L, 0L), Program(w));
    }

    [Fact]
    public void Approve_BeyondTheEnvelope_IsRefusedByTheLedger_AndTheBudgetNeverGoesNegative()
    {
        var w = new VoucherWorld(envelope: 50_000_000);
        var approved = 0;
        for (var i = 0; i < 4; i++)
        {
            var v = w.Apply();
            v.Recommend(null, VoucherWorld.Reviewer, w.Now);
            var transfer = v.Approve(w.Program, null, Money.Zero, ApprovalPolicy.SingleApproval, VoucherWorld.Finance, w.Now);
            try { w.Run(transfer); approved++; }
            catch (LedgerException e) { Assert.Equal(LedgerResult.ExceedsCredits, e.Result); }
        }
        Assert.Equal(2, approved); // 2 × 20M fit in 50M, the third does not
        var budget = w.Account(w.Program.BudgetAccountId);
        Assert.True(budget.DebitsPending + budget.DebitsPosted <= budget.CreditsPosted);
        Assert.True(LedgerReplay.IsBalanced(w.Ledger.Accounts));
    }

    [Fact]
    public void Ledger_StaysBalanced_AfterEveryStepOfEveryPath()
    {
        // the table's shortest path to every state, and the clawback after payment (the shortest path claws back before it)
        var paths = Enum.GetValues<VoucherStatus>().Select(s => (Policy: VoucherWorld.PolicyFor(s), Path: VoucherLifecycle.PathTo(s)))
            .Append((ApprovalPolicy.SingleApproval, [.. VoucherLifecycle.PathTo(VoucherStatus.Paid), VoucherTrigger.ClawBack]));
        foreach (var (policy, path) in paths)
        {
            var w = new VoucherWorld { Policy = policy };
            var v = w.Apply();
            foreach (var step in path)
            {
                w.Fire(v, step);
                Assert.True(LedgerReplay.IsBalanced(w.Ledger.Accounts), $"unbalanced after {step} on the way to {string.Join(", ", path)}");
                var replay = LedgerReplay.Replay(w.Ledger.Log);
                foreach (var a in w.Ledger.Accounts) // every account: one with no transfer yet must hold nothing
                    Assert.Equal(replay.GetValueOrDefault(a.Id), (a.DebitsPending, a.DebitsPosted, a.CreditsPending, a.CreditsPosted));
            }
            var (available, committed, payable, disbursed) = Program(w);
            Assert.Equal(1_000_000_000L, available + committed + payable + disbursed);
        }
    }
}
