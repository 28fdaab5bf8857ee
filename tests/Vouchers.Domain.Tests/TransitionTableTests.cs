using Vouchers.Domain.Common;

namespace Vouchers.Domain.Tests;

/// <summary>
/// Behaviour of the generic transition table and of the Stateless machines built from it, exercised on a small
/// voucher-like sample workflow. Each firing goes through a fresh machine over a local state variable, as an entity's would.
/// </summary>
public class TransitionTableTests
{
    public enum S { Draft, Submitted, Recommended, Issued, Redeemed, Rejected, Cancelled, Archived }

    public enum T { Submit, Recommend, Reject, Issue, Redeem, Cancel }

    public sealed record Ctx(bool BudgetAvailable = true, bool Expired = false);

    private const string BudgetRule = "budget-available";
    private const string BudgetText = "the budget has room for the voucher";
    private const string NotExpiredRule = "voucher-not-expired";
    private const string NotExpiredText = "the voucher is still valid";

    private static readonly Ctx Ok = new();
    private static readonly Ctx NoBudget = new(BudgetAvailable: false);
    private static readonly Ctx Expired = new(Expired: true);

    /// <summary>A fresh (not yet frozen) sample table. Archived is deliberately unreachable.</summary>
    private static TransitionTable<S, T, Ctx> Sample() =>
        new TransitionTable<S, T, Ctx>("sample")
            .Permit(S.Draft, T.Submit, S.Submitted)
            .Permit(S.Submitted, T.Recommend, S.Recommended)
            .Permit(S.Submitted, T.Reject, S.Rejected)
            .Permit(S.Recommended, T.Issue, S.Issued, guard: c => c.BudgetAvailable, guardName: BudgetRule, guardDescription: BudgetText)
            .Permit(S.Issued, T.Redeem, S.Redeemed, guard: c => !c.Expired, guardName: NotExpiredRule, guardDescription: NotExpiredText)
            .PermitFrom([S.Draft, S.Submitted, S.Recommended], T.Cancel, S.Cancelled);

    private static readonly TransitionTable<S, T, Ctx> Machine = Sample();

    /// <summary>Fires <paramref name="trigger"/> on a machine built from <paramref name="table"/> for an entity in <paramref name="state"/>; the state it moved to.</summary>
    private static S Fire(TransitionTable<S, T, Ctx> table, S state, T trigger, Ctx context)
    {
        var current = state;
        var moved = table.MachineFor(() => current, s => current = s).Fire(trigger, context);
        Assert.Equal(moved, current);
        return moved;
    }

    private static bool CanFire(TransitionTable<S, T, Ctx> table, S state, T trigger, Ctx context) =>
        table.MachineFor(() => state, _ => throw new InvalidOperationException("CanFire moved the state.")).CanFire(trigger, context);

    private static IReadOnlyList<T> PermittedTriggers(TransitionTable<S, T, Ctx> table, S state, Ctx context) =>
        table.MachineFor(() => state, _ => throw new InvalidOperationException("PermittedTriggers moved the state.")).PermittedTriggers(context);

    // ------------------------------------------------------------------ Fire

    [Theory]
    [InlineData(S.Draft, T.Submit, S.Submitted)]
    [InlineData(S.Submitted, T.Recommend, S.Recommended)]
    [InlineData(S.Submitted, T.Reject, S.Rejected)]
    [InlineData(S.Recommended, T.Issue, S.Issued)]
    [InlineData(S.Issued, T.Redeem, S.Redeemed)]
    [InlineData(S.Draft, T.Cancel, S.Cancelled)]
    [InlineData(S.Submitted, T.Cancel, S.Cancelled)]
    [InlineData(S.Recommended, T.Cancel, S.Cancelled)]
    public void Fire_WhenTransitionPermitted_ReturnsTargetState(S from, T trigger, S expected)
    {
        Assert.Equal(expected, Fire(Machine, from, trigger, Ok));
    }

    [Fact]
    public void Fire_WhenTriggerNotPermitted_ThrowsIllegalTransitionWithPermittedList()
    {
        var ex = Assert.Throws<IllegalTransitionException>(() => Fire(Machine, S.Submitted, T.Redeem, Ok));

        Assert.Equal("sample", ex.Entity);
        Assert.Equal("sample.illegal-transition", ex.Code);
        Assert.Equal("Submitted", ex.State);
        Assert.Equal("Redeem", ex.Trigger);
        Assert.Equal(["Recommend", "Reject", "Cancel"], ex.Permitted);
        Assert.Equal("sample in state 'Submitted' cannot 'Redeem'. Allowed now: Recommend, Reject, Cancel.", ex.Message);
    }

    [Fact]
    public void Fire_WhenTriggerNotPermitted_PermittedListLeavesOutTriggersWhoseGuardFails()
    {
        var ex = Assert.Throws<IllegalTransitionException>(() => Fire(Machine, S.Recommended, T.Submit, NoBudget));

        Assert.Equal(["Cancel"], ex.Permitted);
    }

    [Fact]
    public void Fire_InTerminalState_ThrowsIllegalTransitionWithEmptyPermittedList()
    {
        var ex = Assert.Throws<IllegalTransitionException>(() => Fire(Machine, S.Redeemed, T.Cancel, Ok));

        Assert.Empty(ex.Permitted);
        Assert.EndsWith("Allowed now: none.", ex.Message);
    }

    [Fact]
    public void Fire_WhenGuardPasses_ReturnsTargetState()
    {
        Assert.Equal(S.Redeemed, Fire(Machine, S.Issued, T.Redeem, new Ctx(Expired: false)));
    }

    [Fact]
    public void Fire_WhenGuardFails_ThrowsBusinessRuleNamedAfterGuard()
    {
        var ex = Assert.Throws<BusinessRuleException>(() => Fire(Machine, S.Issued, T.Redeem, Expired));

        Assert.Equal(NotExpiredRule, ex.Rule);
        Assert.Contains(NotExpiredText, ex.Message);
        Assert.Contains("'Issued'", ex.Message);
        Assert.Contains("'Redeem'", ex.Message);
    }

    [Fact]
    public void Fire_WhenAnotherGuardFails_ThrowsThatGuardsRule()
    {
        var ex = Assert.Throws<BusinessRuleException>(() => Fire(Machine, S.Recommended, T.Issue, NoBudget));

        Assert.Equal(BudgetRule, ex.Rule);
        Assert.Contains(BudgetText, ex.Message);
    }

    [Fact]
    public void Fire_WithUndefinedCurrentState_ThrowsIllegalTransition()
    {
        var ex = Assert.Throws<IllegalTransitionException>(() => Fire(Machine, (S)99, T.Submit, Ok));

        Assert.Equal("99", ex.State);
        Assert.Empty(ex.Permitted);
    }

    /// <summary>Issued --Close--> Cancelled when expired, Redeemed when not: two exclusive guards on one (state, trigger).</summary>
    private static TransitionTable<S, T, Ctx> ExclusiveGuards(Func<Ctx, bool> whenExpired, Func<Ctx, bool> whenValid) =>
        new TransitionTable<S, T, Ctx>("sample")
            .Permit(S.Issued, T.Cancel, S.Cancelled, whenExpired, "voucher-expired", "the voucher has expired")
            .Permit(S.Issued, T.Cancel, S.Redeemed, whenValid, NotExpiredRule, NotExpiredText);

    [Theory]
    [InlineData(true, S.Cancelled)]
    [InlineData(false, S.Redeemed)]
    public void Fire_WithExclusiveGuards_TakesTheTransitionWhoseGuardPasses(bool expired, S expected)
    {
        var machine = ExclusiveGuards(c => c.Expired, c => !c.Expired);

        Assert.Equal(expected, Fire(machine, S.Issued, T.Cancel, new Ctx(Expired: expired)));
    }

    [Fact]
    public void Fire_WhenEveryExclusiveGuardFails_ThrowsBusinessRuleOfTheFirstGuard()
    {
        var machine = ExclusiveGuards(_ => false, _ => false);

        var ex = Assert.Throws<BusinessRuleException>(() => Fire(machine, S.Issued, T.Cancel, Ok));

        Assert.Equal("voucher-expired", ex.Rule);
        Assert.Contains("the voucher has expired", ex.Message);
    }

    [Fact]
    public void Fire_WhenTwoGuardsForTheSameTriggerBothPass_ThrowsInsteadOfChoosing()
    {
        var machine = ExclusiveGuards(_ => true, _ => true);
        var state = S.Issued;

        Assert.Throws<InvalidOperationException>(() => machine.MachineFor(() => state, s => state = s).Fire(T.Cancel, Ok));
        Assert.Equal(S.Issued, state);
    }

    [Fact]
    public void Fire_MovesTheStateWhereTheEntityKeepsIt_AndLeavesItWhenRefused()
    {
        var state = S.Draft;
        var machine = Machine.MachineFor(() => state, s => state = s);

        Assert.Equal(S.Submitted, machine.Fire(T.Submit, Ok));
        Assert.Equal(S.Submitted, state);
        state = S.Issued; // the entity changed it (e.g. loaded anew): the machine reads it, it keeps no copy
        Assert.Throws<BusinessRuleException>(() => machine.Fire(T.Redeem, Expired));
        Assert.Throws<IllegalTransitionException>(() => machine.Fire(T.Submit, Ok));
        Assert.Equal(S.Issued, state);
        Assert.Equal(S.Redeemed, machine.Fire(T.Redeem, Ok));
    }

    [Fact]
    public void EnsureCanFire_ThrowsWhatFireWouldThrow_WithoutMoving()
    {
        var state = S.Issued;
        var machine = Machine.MachineFor(() => state, s => state = s);

        Assert.Equal(NotExpiredRule, Assert.Throws<BusinessRuleException>(() => machine.EnsureCanFire(T.Redeem, Expired)).Rule);
        Assert.Equal(["Redeem"], Assert.Throws<IllegalTransitionException>(() => machine.EnsureCanFire(T.Submit, Ok)).Permitted);
        machine.EnsureCanFire(T.Redeem, Ok);
        Assert.Equal(S.Issued, state);
    }

    // ------------------------------------------------------------------ configuration errors

    [Fact]
    public void Permit_SameStateAndTriggerTwiceWithoutGuards_Throws()
    {
        var machine = new TransitionTable<S, T, Ctx>("sample").Permit(S.Draft, T.Submit, S.Submitted);

        Assert.Throws<InvalidOperationException>(() => machine.Permit(S.Draft, T.Submit, S.Cancelled));
    }

    [Fact]
    public void Permit_GuardedAfterUnguardedForSameStateAndTrigger_Throws()
    {
        var machine = new TransitionTable<S, T, Ctx>("sample").Permit(S.Issued, T.Redeem, S.Redeemed);

        Assert.Throws<InvalidOperationException>(() =>
            machine.Permit(S.Issued, T.Redeem, S.Cancelled, c => c.Expired, "voucher-expired", "the voucher has expired"));
    }

    [Fact]
    public void Permit_UnguardedAfterGuardedForSameStateAndTrigger_Throws()
    {
        var machine = new TransitionTable<S, T, Ctx>("sample")
            .Permit(S.Issued, T.Redeem, S.Redeemed, c => !c.Expired, NotExpiredRule, NotExpiredText);

        Assert.Throws<InvalidOperationException>(() => machine.Permit(S.Issued, T.Redeem, S.Cancelled));
    }

    [Fact]
    public void Permit_SameGuardTwiceForSameStateAndTrigger_Throws()
    {
        var machine = new TransitionTable<S, T, Ctx>("sample")
            .Permit(S.Issued, T.Redeem, S.Redeemed, c => !c.Expired, NotExpiredRule, NotExpiredText);

        Assert.Throws<InvalidOperationException>(() =>
            machine.Permit(S.Issued, T.Redeem, S.Cancelled, c => !c.Expired, NotExpiredRule, NotExpiredText));
    }

    [Fact]
    public void Permit_GuardNameReusedWithAnotherDescription_Throws()
    {
        var machine = new TransitionTable<S, T, Ctx>("sample")
            .Permit(S.Issued, T.Redeem, S.Redeemed, c => !c.Expired, NotExpiredRule, NotExpiredText);

        Assert.Throws<InvalidOperationException>(() =>
            machine.Permit(S.Recommended, T.Issue, S.Issued, c => !c.Expired, NotExpiredRule, "something else"));
    }

    [Fact]
    public void Permit_GuardDescriptionReusedForAnotherRule_Throws()
    {
        // Stateless reports an unmet guard by its description, so a description must lead back to one rule
        var machine = new TransitionTable<S, T, Ctx>("sample")
            .Permit(S.Issued, T.Redeem, S.Redeemed, c => !c.Expired, NotExpiredRule, NotExpiredText);

        Assert.Throws<InvalidOperationException>(() =>
            machine.Permit(S.Recommended, T.Issue, S.Issued, c => c.BudgetAvailable, BudgetRule, NotExpiredText));
    }

    [Fact]
    public void Permit_GuardNameReusedWithSameDescriptionOnAnotherPair_IsAccepted()
    {
        var machine = new TransitionTable<S, T, Ctx>("sample")
            .Permit(S.Issued, T.Redeem, S.Redeemed, c => !c.Expired, NotExpiredRule, NotExpiredText)
            .Permit(S.Recommended, T.Issue, S.Issued, c => !c.Expired, NotExpiredRule, NotExpiredText);

        Assert.Equal(2, machine.Transitions.Count);
    }

    [Fact]
    public void Permit_AfterTheMachineWasUsed_Throws()
    {
        var machine = Sample();
        Fire(machine, S.Draft, T.Submit, Ok);

        Assert.Throws<InvalidOperationException>(() => machine.Permit(S.Archived, T.Submit, S.Draft));
    }

    [Fact]
    public void Permit_WithBlankGuardNameOrDescriptionOrNullGuard_Throws()
    {
        var machine = new TransitionTable<S, T, Ctx>("sample");

        Assert.Throws<ArgumentException>(() => machine.Permit(S.Issued, T.Redeem, S.Redeemed, _ => true, " ", NotExpiredText));
        Assert.Throws<ArgumentException>(() => machine.Permit(S.Issued, T.Redeem, S.Redeemed, _ => true, NotExpiredRule, ""));
        Assert.Throws<ArgumentNullException>(() => machine.Permit(S.Issued, T.Redeem, S.Redeemed, null!, NotExpiredRule, NotExpiredText));
        Assert.Empty(machine.Transitions);
    }

    [Fact]
    public void Permit_WithUndefinedEnumValue_Throws()
    {
        var machine = new TransitionTable<S, T, Ctx>("sample");

        Assert.Throws<ArgumentOutOfRangeException>(() => machine.Permit((S)99, T.Submit, S.Submitted));
        Assert.Throws<ArgumentOutOfRangeException>(() => machine.Permit(S.Draft, T.Submit, (S)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => machine.Permit(S.Draft, (T)99, S.Submitted));
    }

    [Fact]
    public void Constructor_WithBlankEntityName_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TransitionTable<S, T, Ctx>(" "));
    }

    [Fact]
    public void PermitFrom_AddsOneTransitionPerSourceStateInOrder()
    {
        var machine = new TransitionTable<S, T, Ctx>("sample")
            .PermitFrom([S.Issued, S.Draft], T.Cancel, S.Cancelled, c => !c.Expired, NotExpiredRule, NotExpiredText);

        Assert.Equal(
            [
                new TransitionTable<S, T, Ctx>.Transition(S.Issued, T.Cancel, S.Cancelled, NotExpiredRule, NotExpiredText),
                new TransitionTable<S, T, Ctx>.Transition(S.Draft, T.Cancel, S.Cancelled, NotExpiredRule, NotExpiredText),
            ],
            machine.Transitions);
        Assert.Throws<BusinessRuleException>(() => Fire(machine, S.Draft, T.Cancel, Expired));
    }

    [Fact]
    public void PermitFrom_WithNoSourceStates_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TransitionTable<S, T, Ctx>("sample").PermitFrom([], T.Cancel, S.Cancelled));
    }

    [Fact]
    public void PermitFrom_WithARepeatedSourceState_Throws()
    {
        Assert.Throws<InvalidOperationException>(() =>
            new TransitionTable<S, T, Ctx>("sample").PermitFrom([S.Draft, S.Draft], T.Cancel, S.Cancelled));
    }

    // ------------------------------------------------------------------ queries

    [Fact]
    public void PermittedTriggers_HonoursGuardsInTableOrder()
    {
        Assert.Equal([T.Issue, T.Cancel], PermittedTriggers(Machine, S.Recommended, Ok));
        Assert.Equal([T.Cancel], PermittedTriggers(Machine, S.Recommended, NoBudget));
        Assert.Equal([T.Redeem], PermittedTriggers(Machine, S.Issued, Ok));
        Assert.Empty(PermittedTriggers(Machine, S.Issued, Expired));
        Assert.Empty(PermittedTriggers(Machine, S.Cancelled, Ok));
    }

    [Fact]
    public void PermittedTriggers_ListsATriggerOnceWhenSeveralGuardedTransitionsShareIt()
    {
        var machine = ExclusiveGuards(c => c.Expired, c => !c.Expired);

        Assert.Equal([T.Cancel], PermittedTriggers(machine, S.Issued, Ok));
    }

    [Fact]
    public void CanFire_HonoursTableAndGuards()
    {
        Assert.True(CanFire(Machine, S.Issued, T.Redeem, Ok));
        Assert.False(CanFire(Machine, S.Issued, T.Redeem, Expired));
        Assert.False(CanFire(Machine, S.Draft, T.Redeem, Ok));
    }

    [Fact]
    public void Transitions_ExposeTheTableInConfigurationOrderWithGuardMetadata()
    {
        Assert.Equal(
            [
                new TransitionTable<S, T, Ctx>.Transition(S.Draft, T.Submit, S.Submitted, null, null),
                new TransitionTable<S, T, Ctx>.Transition(S.Submitted, T.Recommend, S.Recommended, null, null),
                new TransitionTable<S, T, Ctx>.Transition(S.Submitted, T.Reject, S.Rejected, null, null),
                new TransitionTable<S, T, Ctx>.Transition(S.Recommended, T.Issue, S.Issued, BudgetRule, BudgetText),
                new TransitionTable<S, T, Ctx>.Transition(S.Issued, T.Redeem, S.Redeemed, NotExpiredRule, NotExpiredText),
                new TransitionTable<S, T, Ctx>.Transition(S.Draft, T.Cancel, S.Cancelled, null, null),
                new TransitionTable<S, T, Ctx>.Transition(S.Submitted, T.Cancel, S.Cancelled, null, null),
                new TransitionTable<S, T, Ctx>.Transition(S.Recommended, T.Cancel, S.Cancelled, null, null),
            ],
            Machine.Transitions);
        Assert.True(Machine.Transitions[3].IsGuarded);
        Assert.False(Machine.Transitions[0].IsGuarded);
    }

    [Fact]
    public void States_ListsEveryEnumValueInOrder()
    {
        Assert.Equal(Enum.GetValues<S>(), Machine.States);
    }

    [Fact]
    public void TerminalStates_AreThoseWithoutOutgoingTransitions()
    {
        Assert.Equal([S.Redeemed, S.Rejected, S.Cancelled, S.Archived], Machine.TerminalStates);
    }

    [Fact]
    public void TerminalStates_IgnoreGuards()
    {
        // Issued only leaves through a guarded transition: it is still not terminal.
        Assert.DoesNotContain(S.Issued, Machine.TerminalStates);
    }

    [Fact]
    public void UnreachableStates_FromInitialState_AreThoseNoTransitionChainLeadsTo()
    {
        Assert.Equal([S.Archived], Machine.UnreachableStates(S.Draft));
        Assert.Equal([S.Draft, S.Submitted, S.Recommended, S.Rejected, S.Cancelled, S.Archived], Machine.UnreachableStates(S.Issued));
        Assert.Equal([S.Draft, S.Submitted, S.Recommended, S.Issued, S.Redeemed, S.Rejected, S.Cancelled], Machine.UnreachableStates(S.Archived));
    }

    [Fact]
    public void ShortestPaths_FromInitialState_AreTheShortestTriggerChains_ToEveryReachableState()
    {
        var paths = Machine.ShortestPaths(S.Draft);
        Assert.Equal(Enum.GetValues<S>().Except([S.Archived]).Order(), paths.Keys.Order());
        Assert.Empty(paths[S.Draft]);
        Assert.Equal([T.Submit, T.Recommend, T.Issue, T.Redeem], paths[S.Redeemed]);
        Assert.Equal([T.Submit, T.Reject], paths[S.Rejected]);
        Assert.Equal([T.Cancel], paths[S.Cancelled]); // straight from Draft, not through Submitted or Recommended
    }

    // ------------------------------------------------------------------ the whole table, pair by pair

    /// <summary>The sample table written out independently of the machine: (from, trigger) → (to, guard, rule).</summary>
    private static readonly Dictionary<(S, T), (S To, Func<Ctx, bool> Guard, string? Rule)> Expected = new()
    {
        [(S.Draft, T.Submit)] = (S.Submitted, _ => true, null),
        [(S.Submitted, T.Recommend)] = (S.Recommended, _ => true, null),
        [(S.Submitted, T.Reject)] = (S.Rejected, _ => true, null),
        [(S.Recommended, T.Issue)] = (S.Issued, c => c.BudgetAvailable, BudgetRule),
        [(S.Issued, T.Redeem)] = (S.Redeemed, c => !c.Expired, NotExpiredRule),
        [(S.Draft, T.Cancel)] = (S.Cancelled, _ => true, null),
        [(S.Submitted, T.Cancel)] = (S.Cancelled, _ => true, null),
        [(S.Recommended, T.Cancel)] = (S.Cancelled, _ => true, null),
    };

    [Fact]
    public void Fire_ForEveryStateTriggerAndContext_SucceedsExactlyWhenTheTableSays()
    {
        Ctx[] contexts = [Ok, NoBudget, Expired, new(BudgetAvailable: false, Expired: true)];
        var checkedPairs = 0;

        foreach (var state in Enum.GetValues<S>())
        foreach (var trigger in Enum.GetValues<T>())
        foreach (var ctx in contexts)
        {
            var expectSuccess = Expected.TryGetValue((state, trigger), out var row) && row.Guard(ctx);

            Assert.Equal(expectSuccess, CanFire(Machine, state, trigger, ctx));
            Assert.Equal(expectSuccess, PermittedTriggers(Machine, state, ctx).Contains(trigger));

            if (expectSuccess)
                Assert.Equal(row.To, Fire(Machine, state, trigger, ctx));
            else if (Expected.ContainsKey((state, trigger)))
                Assert.Equal(row.Rule, Assert.Throws<BusinessRuleException>(() => Fire(Machine, state, trigger, ctx)).Rule);
            else
            {
                var ex = Assert.Throws<IllegalTransitionException>(() => Fire(Machine, state, trigger, ctx));
                Assert.Equal(
                    Enum.GetValues<T>().Where(t => Expected.TryGetValue((state, t), out var r) && r.Guard(ctx)).Select(t => t.ToString()),
                    ex.Permitted.OrderBy(p => Enum.Parse<T>(p)));
            }
            checkedPairs++;
        }

        Assert.Equal(8 * 6 * 4, checkedPairs);
    }

    // ------------------------------------------------------------------ diagrams

    public enum Phase { Draft, Review, Done }

    public enum Step { Send, Approve, Rework }

    private static TransitionTable<Phase, Step, Ctx> Small(string entity = "phase", string guardText = "budget is available") =>
        new TransitionTable<Phase, Step, Ctx>(entity)
            .Permit(Phase.Draft, Step.Send, Phase.Review)
            .Permit(Phase.Review, Step.Approve, Phase.Done, c => c.BudgetAvailable, BudgetRule, guardText)
            .Permit(Phase.Review, Step.Rework, Phase.Draft);

    [Fact]
    public void ToMermaid_ProducesTheExactStateDiagram()
    {
        const string expected = """
            stateDiagram-v2
                [*] --> Draft
                Draft --> Review : Send
                Review --> Done : Approve [budget is available]
                Review --> Draft : Rework
                Done --> [*]

            """;

        Assert.Equal(expected.ReplaceLineEndings("\n"), Small().ToMermaid(Phase.Draft));
    }

    [Fact]
    public void ToMermaid_WithLabels_DeclaresStatesAndEscapesSpecialCharacters()
    {
        var mermaid = Small(guardText: "budget \"ok\"; #1").ToMermaid(
            Phase.Draft,
            stateLabel: p => p == Phase.Draft ? "Bản \"nháp\"" : p.ToString().ToUpperInvariant(),
            triggerLabel: s => s == Step.Send ? "Gửi;\nđi" : s.ToString());

        const string expected = """
            stateDiagram-v2
                state "Bản #quot;nháp#quot;" as Draft
                state "REVIEW" as Review
                state "DONE" as Done
                [*] --> Draft
                Draft --> Review : Gửi#59; đi
                Review --> Done : Approve [budget #quot;ok#quot;#59; #35;1]
                Review --> Draft : Rework
                Done --> [*]

            """;

        Assert.Equal(expected.ReplaceLineEndings("\n"), mermaid);
    }
}
