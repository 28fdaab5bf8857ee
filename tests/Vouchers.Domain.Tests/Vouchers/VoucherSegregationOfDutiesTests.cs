using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Domain.Tests.Vouchers;

/// <summary>
/// Segregation of duties, decided by the voucher from the actors on its own history: each rule refuses with its
/// <c>sod.*</c> code and leaves the voucher (and the ledger) exactly as it was, and lets a different subject through.
/// </summary>
public class VoucherSegregationOfDutiesTests
{
    private static void AssertRefused(string rule, Voucher v, VoucherWorld w, Action act)
    {
        var e = w.AssertRefused<SegregationOfDutiesException>(v, act);
        Assert.Equal(rule, e.Code);
        Assert.StartsWith("sod.", e.Code);
    }

    private static readonly Actor OtherReviewer = new("reviewer-2", "reviewer");
    private static readonly Actor OtherProviderUser = new("provider-2", "provider");

    // ----- sod.recommender-cannot-approve ------------------------------------------------------------------------

    [Fact]
    public void Approve_ByWhoeverRecommended_IsRefused_AndChangesNothing()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Recommended); // recommended by reviewer-1
        // same subject, acting in the finance role: the person is what counts, not the role
        var sameSubjectAsFinance = new Actor(VoucherWorld.Reviewer.Subject, "finance");
        AssertRefused("sod.recommender-cannot-approve", v, w, () => v.Approve(w.Program, null, Money.Zero, ApprovalPolicy.SingleApproval, sameSubjectAsFinance, w.Now));
        Assert.Null(v.FaceValue);
    }

    [Fact]
    public void Approve_ByAnotherSubject_IssuesTheVoucher()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Recommended);
        w.Run(v.Approve(w.Program, null, Money.Zero, ApprovalPolicy.SingleApproval, VoucherWorld.Finance, w.Now));
        Assert.Equal(VoucherStatus.Issued, v.Status);
        Assert.Equal(VoucherWorld.Finance.Subject, v.History[^1].ActorSubject);
    }

    [Fact]
    public void Approve_ComparesSubjectsOrdinally()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Recommended);
        var differentCase = new Actor(VoucherWorld.Reviewer.Subject.ToUpperInvariant(), "finance");
        w.Run(v.Approve(w.Program, null, Money.Zero, ApprovalPolicy.SingleApproval, differentCase, w.Now));
        Assert.Equal(VoucherStatus.Issued, v.Status);
    }

    [Fact]
    public void TheSystemActor_IsExemptFromNothing_ButIsNeverAPerson()
    {
        var w = new VoucherWorld();
        var v = w.Apply();
        v.Recommend(null, Actor.System, w.Now);
        AssertRefused("sod.recommender-cannot-approve", v, w, () => v.Approve(w.Program, null, Money.Zero, ApprovalPolicy.SingleApproval, Actor.System, w.Now));
        w.Run(v.Approve(w.Program, null, Money.Zero, ApprovalPolicy.SingleApproval, VoucherWorld.Finance, w.Now));
        Assert.Equal(VoucherStatus.Issued, v.Status);
    }

    [Fact]
    public void AnIllegalTransition_IsReportedAsSuch_BeforeAnySegregationCheck()
    {
        var w = new VoucherWorld();
        var issued = w.In(VoucherStatus.Issued);
        Assert.Throws<IllegalTransitionException>(() => issued.Approve(w.Program, null, Money.Zero, ApprovalPolicy.SingleApproval, VoucherWorld.Reviewer, w.Now));

        var accepted = w.In(VoucherStatus.Accepted); // approved by finance-1, not yet claimed
        Assert.Throws<IllegalTransitionException>(() => accepted.Settle(w.Program, VoucherWorld.Finance, w.Now));

        var delivered = w.In(VoucherStatus.Delivered); // delivered by provider-1, not yet confirmed
        Assert.Throws<IllegalTransitionException>(() => delivered.Accept("BB-09", null, VoucherWorld.ProviderUser, w.Now));
    }

    // ----- sod.approver-cannot-authorise-payment -----------------------------------------------------------------

    [Fact]
    public void Settle_ByTheApprover_IsRefused_AndNoMoneyMoves()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.PaymentClaimed); // approved by finance-1
        var payable = w.Account(w.Program.PayableAccountId).CreditsPosted;
        AssertRefused("sod.approver-cannot-authorise-payment", v, w, () => v.Settle(w.Program, VoucherWorld.Finance, w.Now));
        Assert.Equal(payable, w.Account(w.Program.PayableAccountId).CreditsPosted);
        Assert.True(LedgerReplay.IsBalanced(w.Ledger.Accounts));
    }

    [Fact]
    public void Settle_ByAnotherFinanceOfficer_AuthorisesThePayment()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.PaymentClaimed);
        w.Run(v.Settle(w.Program, VoucherWorld.PaymentOfficer, w.Now));
        Assert.Equal(VoucherStatus.Settled, v.Status);
        Assert.Equal(15_000_000L, w.Account(w.Program.PayableAccountId).CreditsPosted);
    }

    // ----- sod.provider-cannot-accept-own-delivery ---------------------------------------------------------------

    [Fact]
    public void ConfirmDelivery_ByWhoeverReportedIt_IsRefused()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Delivered); // delivered by provider-1
        AssertRefused("sod.provider-cannot-accept-own-delivery", v, w, () => v.ConfirmDelivery("ok", VoucherWorld.ProviderUser, w.Now));
        v.ConfirmDelivery("ok", VoucherWorld.Sme, w.Now);
        Assert.Equal(VoucherStatus.DeliveryConfirmed, v.Status);
    }

    [Fact]
    public void Accept_ByWhoeverReportedTheDelivery_IsRefused()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.DeliveryConfirmed); // delivered by provider-1
        AssertRefused("sod.provider-cannot-accept-own-delivery", v, w, () => v.Accept("BB-07", null, VoucherWorld.ProviderUser, w.Now));
        Assert.Null(v.AcceptedAmount);
        v.Accept("BB-07", null, VoucherWorld.Reviewer, w.Now);
        Assert.Equal(VoucherStatus.Accepted, v.Status);
        Assert.Equal(Money.Vnd(15_000_000), v.AcceptedAmount);
    }

    [Fact]
    public void AColleagueBoundToTheDeliveringProvider_CannotConfirmOrAcceptEither()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Delivered); // delivered by provider-1, for the consultant
        var colleague = new Actor("consultant-reviewer", "reviewer", ProviderId: w.Consultant.Id);
        AssertRefused("sod.provider-cannot-accept-own-delivery", v, w, () => v.ConfirmDelivery(null, colleague, w.Now));
        v.ConfirmDelivery(null, VoucherWorld.Sme, w.Now);
        AssertRefused("sod.provider-cannot-accept-own-delivery", v, w, () => v.Accept("BB-09", null, colleague, w.Now));
        var elsewhere = new Actor("lab-reviewer", "reviewer", ProviderId: Guid.NewGuid()); // bound to another provider: no conflict
        v.Accept("BB-09", null, elsewhere, w.Now);
        Assert.Equal(VoucherStatus.Accepted, v.Status);
    }

    [Fact]
    public void AfterRework_ItIsTheLatestDeliveryThatCounts()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.InRework); // first delivered by provider-1
        v.Deliver(w.Consultant.Id, "Đã sửa báo cáo", OtherProviderUser, w.Now);
        AssertRefused("sod.provider-cannot-accept-own-delivery", v, w, () => v.ConfirmDelivery(null, OtherProviderUser, w.Now));
        v.ConfirmDelivery(null, VoucherWorld.Sme, w.Now);
        AssertRefused("sod.provider-cannot-accept-own-delivery", v, w, () => v.Accept("BB-08", null, OtherProviderUser, w.Now));
        v.Accept("BB-08", null, OtherReviewer, w.Now);
        Assert.Equal(VoucherStatus.Accepted, v.Status);
    }

    [Fact]
    public void AHistoryLoadedOutOfOrder_IsReadInSequence_SoTheLatestDeliveryStillCounts()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.InRework); // first delivered by provider-1
        v.Deliver(w.Consultant.Id, "Đã sửa báo cáo", OtherProviderUser, w.Now);
        // as PostgreSQL may hand the lines back (the order of the pages concurrent writers put them on): last first
        var loaded = v.History.Reverse().ToList();

        var read = VoucherTransition.InSequence(loaded);

        Assert.Equal(Enumerable.Range(1, v.History.Count), read.Select(h => h.Sequence));
        var e = Assert.Throws<SegregationOfDutiesException>(() => SegregationOfDuties.Ensure(VoucherTrigger.ConfirmDelivery, read, OtherProviderUser, v.Code));
        Assert.Equal("sod.provider-cannot-accept-own-delivery", e.Code);
    }
}
