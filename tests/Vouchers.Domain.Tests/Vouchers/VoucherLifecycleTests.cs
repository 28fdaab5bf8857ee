using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Vouchers;
using S = Vouchers.Domain.Vouchers.VoucherStatus;
using T = Vouchers.Domain.Vouchers.VoucherTrigger;

namespace Vouchers.Domain.Tests.Vouchers;

public class VoucherLifecycleTests
{
    /// <summary>
    /// The lifecycle as the business brief states it, written out independently of the table in the code. Where a
    /// (state, trigger) has two destinations, this is the one taken with a single approval (the world's default);
    /// <see cref="ExpectedUnderFourEyes"/> holds the other.
    /// </summary>
    private static readonly Dictionary<(S, T), S> Expected = new()
    {
        [(S.Submitted, T.Recommend)] = S.Recommended,
        [(S.Submitted, T.ReturnForInfo)] = S.ReturnedForInfo,
        [(S.Submitted, T.Reject)] = S.Rejected,
        [(S.Submitted, T.Withdraw)] = S.Withdrawn,
        [(S.ReturnedForInfo, T.Resubmit)] = S.Submitted,
        [(S.ReturnedForInfo, T.Reject)] = S.Rejected,
        [(S.ReturnedForInfo, T.Withdraw)] = S.Withdrawn,
        [(S.Recommended, T.Approve)] = S.Issued,
        [(S.Recommended, T.Reject)] = S.Rejected,
        [(S.Recommended, T.Withdraw)] = S.Withdrawn,
        [(S.AwaitingSecondApproval, T.Approve)] = S.Issued,
        [(S.AwaitingSecondApproval, T.Reject)] = S.Rejected,
        [(S.AwaitingSecondApproval, T.Withdraw)] = S.Withdrawn,
        [(S.Issued, T.Redeem)] = S.Redeemed,
        [(S.Issued, T.Expire)] = S.Expired,
        [(S.Issued, T.Cancel)] = S.Cancelled,
        [(S.Issued, T.Withdraw)] = S.Withdrawn,
        [(S.Issued, T.Extend)] = S.Issued, // the funder extends the validity (issue 16): the state stays
        [(S.Redeemed, T.Deliver)] = S.Delivered,
        [(S.Redeemed, T.Cancel)] = S.Cancelled,
        [(S.Delivered, T.ConfirmDelivery)] = S.DeliveryConfirmed,
        [(S.Delivered, T.Dispute)] = S.Disputed,
        [(S.Delivered, T.Cancel)] = S.Cancelled,
        [(S.DeliveryConfirmed, T.Accept)] = S.Accepted,
        [(S.DeliveryConfirmed, T.RequestRework)] = S.InRework,
        [(S.DeliveryConfirmed, T.Dispute)] = S.Disputed,
        [(S.InRework, T.Deliver)] = S.Delivered,
        [(S.InRework, T.Cancel)] = S.Cancelled,
        [(S.Disputed, T.RequestRework)] = S.InRework,
        [(S.Disputed, T.Cancel)] = S.Cancelled,
        [(S.Accepted, T.ClaimPayment)] = S.PaymentClaimed,
        [(S.PaymentClaimed, T.Settle)] = S.Settled,
        [(S.Settled, T.Disburse)] = S.Paid,
        [(S.Settled, T.ClawBack)] = S.ClawedBack,
        [(S.Paid, T.ClawBack)] = S.ClawedBack,
        // fiscal year end (issue 16): a commitment still open is carried over to the next year; the state stays
        [(S.Issued, T.CarryOver)] = S.Issued,
        [(S.Redeemed, T.CarryOver)] = S.Redeemed,
        [(S.Delivered, T.CarryOver)] = S.Delivered,
        [(S.DeliveryConfirmed, T.CarryOver)] = S.DeliveryConfirmed,
        [(S.InRework, T.CarryOver)] = S.InRework,
        [(S.Disputed, T.CarryOver)] = S.Disputed,
        [(S.Accepted, T.CarryOver)] = S.Accepted,
        [(S.PaymentClaimed, T.CarryOver)] = S.PaymentClaimed,
    };

    /// <summary>Four eyes: an approval at or above the policy's amount stops half-way, waiting for a second officer.</summary>
    private static readonly Dictionary<(S, T), S> ExpectedUnderFourEyes = new()
    {
        [(S.Recommended, T.Approve)] = S.AwaitingSecondApproval,
    };

    public static TheoryData<S, T> EveryStateAndTrigger()
    {
        var data = new TheoryData<S, T>();
        foreach (var s in Enum.GetValues<S>())
        foreach (var t in Enum.GetValues<T>()) data.Add(s, t);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStateAndTrigger))]
    public void Fire_FromEveryState_IsAllowedExactlyWhenTheBriefSaysSo(S state, T trigger)
    {
        var world = new VoucherWorld();
        var voucher = world.In(state);
        if (Expected.TryGetValue((state, trigger), out var target))
        {
            world.Fire(voucher, trigger);
            Assert.Equal(target, voucher.Status);
            Assert.Equal(trigger, voucher.History[^1].Trigger);
        }
        else
        {
            var error = Assert.Throws<IllegalTransitionException>(() => world.Fire(voucher, trigger));
            Assert.Equal(state.ToString(), error.State);
            Assert.Equal(state, voucher.Status); // nothing half-done
        }
        Assert.True(LedgerReplay.IsBalanced(world.Ledger.Accounts));
    }

    [Theory]
    [MemberData(nameof(EveryStateAndTrigger))]
    public void Fire_UnderFourEyes_FromEveryState_IsAllowedExactlyWhenTheBriefSaysSo(S state, T trigger)
    {
        var world = new VoucherWorld();
        var voucher = world.In(state);
        world.Policy = VoucherWorld.FourEyes;
        if (ExpectedUnderFourEyes.TryGetValue((state, trigger), out var target) || Expected.TryGetValue((state, trigger), out target))
        {
            world.Fire(voucher, trigger);
            Assert.Equal(target, voucher.Status);
            Assert.Equal(trigger, voucher.History[^1].Trigger);
        }
        else
        {
            Assert.Throws<IllegalTransitionException>(() => world.Fire(voucher, trigger));
            Assert.Equal(state, voucher.Status);
        }
        Assert.True(LedgerReplay.IsBalanced(world.Ledger.Accounts));
    }

    [Fact]
    public void Table_HasExactlyTheBriefsTransitions()
    {
        var actual = VoucherLifecycle.Table.Transitions.Select(t => ((t.From, t.Trigger), t.To)).ToHashSet();
        Assert.Equal(Expected.Concat(ExpectedUnderFourEyes).Select(e => (e.Key, e.Value)).ToHashSet(), actual);
    }

    [Fact]
    public void Table_ChoosesTheApprovalsDestinationByExclusiveGuards_AndListsApproveOnce()
    {
        var approvals = VoucherLifecycle.Table.Transitions.Where(t => t is { From: S.Recommended, Trigger: T.Approve }).ToList();
        Assert.Equal(2, approvals.Count);
        Assert.All(approvals, t => Assert.True(t.IsGuarded));
        var today = new DateOnly(2026, 3, 16);
        Assert.Equal(S.Issued, MachineIn(S.Recommended).Fire(T.Approve, new VoucherGuardContext(today, null)));
        Assert.Equal(S.AwaitingSecondApproval,
            MachineIn(S.Recommended).Fire(T.Approve, new VoucherGuardContext(today, null, NeedsSecondApproval: true)));
        Assert.Equal(S.Issued, MachineIn(S.AwaitingSecondApproval).Fire(T.Approve, new VoucherGuardContext(today, null)));
        Assert.Equal([T.Reject, T.Withdraw, T.Approve], MachineIn(S.Recommended).PermittedTriggers(new VoucherGuardContext(today, null)));
        Assert.Equal([T.Reject, T.Withdraw, T.Approve],
            MachineIn(S.AwaitingSecondApproval).PermittedTriggers(new VoucherGuardContext(today, null)));
    }

    /// <summary>A voucher's engine on its own: a Stateless machine built from the table over a local state.</summary>
    private static TransitionTable<S, T, VoucherGuardContext>.Machine MachineIn(S state) =>
        VoucherLifecycle.Table.MachineFor(() => state, s => state = s);

    [Fact]
    public void Engine_AsStatelessDescribesIt_HasExactlyTheTablesTransitionsAndGuards()
    {
        var info = MachineIn(VoucherLifecycle.Initial).GetInfo();
        var engine = info.States
            .SelectMany(s => s.FixedTransitions.Select(t => (From: (S)s.UnderlyingState, Trigger: (T)t.Trigger.UnderlyingTrigger, To: (S)t.DestinationState.UnderlyingState,
                Guard: string.Join(" & ", t.GuardConditionsMethodDescriptions.Select(g => g.Description)))))
            .ToHashSet();
        var table = VoucherLifecycle.Table.Transitions.Select(t => (t.From, t.Trigger, t.To, Guard: t.GuardDescription ?? "")).ToHashSet();

        Assert.Equal(table, engine);
        Assert.Equal(VoucherLifecycle.Table.Transitions.Count, info.States.Sum(s => s.FixedTransitions.Count()));
    }

    [Fact]
    public void States_KeepTheirNumbers_AndTheNewOneIsLabelledInVietnamese()
    {
        Assert.Equal(19, Enum.GetValues<S>().Length);
        Assert.Equal(18, (int)S.ClawedBack);
        Assert.Equal(19, (int)S.AwaitingSecondApproval);
        Assert.Equal("Chờ phê duyệt lần hai", VoucherLifecycle.Vi(S.AwaitingSecondApproval));
        Assert.All(Enum.GetValues<S>(), s => Assert.NotEqual(s.ToString(), VoucherLifecycle.Vi(s)));
    }

    [Fact]
    public void AVoucherAwaitingItsSecondApproval_CountsAgainstTheSmeCap_AsARecommendedOneDoes()
    {
        Assert.Contains(S.AwaitingSecondApproval, VoucherLifecycle.CountsAgainstSmeCap);
        Assert.Contains(S.Recommended, VoucherLifecycle.CountsAgainstSmeCap);
        Assert.DoesNotContain(S.Rejected, VoucherLifecycle.CountsAgainstSmeCap);
        Assert.DoesNotContain(S.Withdrawn, VoucherLifecycle.CountsAgainstSmeCap);
        Assert.DoesNotContain(S.Expired, VoucherLifecycle.CountsAgainstSmeCap);
        Assert.DoesNotContain(S.Cancelled, VoucherLifecycle.CountsAgainstSmeCap);
    }

    [Fact]
    public void Table_ReachesEveryState_AndEndsOnlyInSideExitsOrClawback()
    {
        Assert.Empty(VoucherLifecycle.Table.UnreachableStates(VoucherLifecycle.Initial));
        Assert.Equal([S.Rejected, S.Withdrawn, S.Expired, S.Cancelled, S.ClawedBack], VoucherLifecycle.Table.TerminalStates);
    }

    public static TheoryData<S> AllStates() => [.. Enum.GetValues<S>()];

    [Theory]
    [MemberData(nameof(AllStates))]
    public void EveryState_IsReachedByTheTablesShortestPath_ThroughTheIntentMethods(S status)
    {
        var path = VoucherLifecycle.PathTo(status);
        Assert.Equal(status == VoucherLifecycle.Initial, path.Count == 0);
        var v = new VoucherWorld().In(status); // fires the path through the aggregate and checks where it ends
        Assert.Equal(path, v.History.Skip(1).Select(h => h.Trigger!.Value));
    }

    [Fact]
    public void Redeem_AfterValidityDate_IsRefusedAsExpired()
    {
        var world = new VoucherWorld();
        var v = world.In(S.Issued);
        var late = VietnamTime.StartOf(v.ValidUntil!.Value.AddDays(1));
        var error = Assert.Throws<BusinessRuleException>(() =>
            v.Redeem(world.Program, world.Consultant, Money.Vnd(30_000_000), "HĐ-02", VoucherWorld.ProviderUser, late));
        Assert.Equal("voucher.expired", error.Rule);
        Assert.Equal(S.Issued, v.Status);
    }

    [Fact]
    public void Expire_BeforeValidityDate_IsRefused()
    {
        var world = new VoucherWorld();
        var v = world.In(S.Issued);
        Assert.False(v.IsDueToExpire(world.Now));
        var error = Assert.Throws<BusinessRuleException>(() => v.Expire(VietnamTime.StartOf(v.ValidUntil!.Value)));
        Assert.Equal("voucher.validity-not-ended", error.Rule);
    }

    [Fact]
    public void PermittedTriggers_OfAnIssuedVoucher_DependOnTheDate()
    {
        var world = new VoucherWorld();
        var v = world.In(S.Issued);
        Assert.Equal([T.Withdraw, T.Extend, T.Cancel, T.Redeem], v.PermittedTriggers(world.Now));
        Assert.Equal([T.Withdraw, T.Expire, T.Cancel], v.PermittedTriggers(VietnamTime.StartOf(v.ValidUntil!.Value.AddDays(1))));
    }

    [Fact]
    public void History_RecordsEveryTransitionWithActorReasonAndTransfer()
    {
        var world = new VoucherWorld();
        var v = world.In(S.Paid);
        Assert.Equal(Enumerable.Range(1, v.History.Count), v.History.Select(h => h.Sequence));
        Assert.Equal([S.Submitted, S.Recommended, S.Issued, S.Redeemed, S.Delivered, S.DeliveryConfirmed, S.Accepted, S.PaymentClaimed, S.Settled, S.Paid],
            v.History.Select(h => h.To));
        var approval = v.History.Single(h => h.Trigger == T.Approve);
        Assert.Equal("finance-1", approval.ActorSubject);
        Assert.Equal(v.CommitmentTransferId, approval.TransferId);
        Assert.NotNull(v.History.Single(h => h.Trigger == T.Disburse).TransferId);
    }

    [Fact]
    public void AnIllegalTransition_WithInvalidText_IsReportedAsIllegal_BeforeTheTextIsChecked()
    {
        var world = new VoucherWorld();
        var issued = world.In(S.Issued);
        var now = world.Now;
        Assert.Throws<IllegalTransitionException>(() => issued.Reject("", VoucherWorld.Reviewer, now));
        Assert.Throws<IllegalTransitionException>(() => issued.ReturnForInfo("", VoucherWorld.Reviewer, now));
        Assert.Throws<IllegalTransitionException>(() => issued.Recommend(new string('x', Text.LongMax + 1), VoucherWorld.Reviewer, now));
        Assert.Throws<IllegalTransitionException>(() => issued.Dispute("", VoucherWorld.Sme, now));
        Assert.Throws<IllegalTransitionException>(() => issued.RequestRework("", VoucherWorld.Reviewer, now));
        Assert.Equal(S.Issued, issued.Status);
    }
}
