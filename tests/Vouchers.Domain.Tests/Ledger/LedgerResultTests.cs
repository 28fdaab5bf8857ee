using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;

namespace Vouchers.Domain.Tests.Ledger;

using static LedgerGraph;

/// <summary>Every <see cref="LedgerResult"/> has a scenario that produces it, and every refusal changes nothing.</summary>
public class LedgerResultTests
{
    private static readonly Dictionary<LedgerResult, Func<LedgerGraph, (TransferRequest[] Batch, int FailedIndex)>> Scenarios = new()
    {
        [LedgerResult.IdMustNotBeEmpty] = g => ([g.Allocate(1) with { Id = Guid.Empty }], 0),
        [LedgerResult.IdAlreadyExists] = g => ([g.Allocate(1) with { Id = g.Ledger.Log[0].Id }], 0),
        [LedgerResult.AccountsMustBeDifferent] = g =>
            ([new(Guid.NewGuid(), g.FundBudget.Id, g.FundBudget.Id, Vnd(1), TransferKind.Correction, Reason: "x")], 0),
        [LedgerResult.DebitAccountNotFound] = g => ([g.Allocate(1), g.Allocate(1) with { DebitAccountId = Guid.NewGuid() }], 1),
        [LedgerResult.CreditAccountNotFound] = g => ([g.Allocate(1) with { CreditAccountId = Guid.NewGuid() }], 0),
        [LedgerResult.AmountMustNotBeZero] = g => ([g.Allocate(0)], 0),
        [LedgerResult.PendingIdRequired] = g => ([Post(Guid.Empty, 1) with { PendingId = null }], 0),
        [LedgerResult.PendingIdMustBeEmpty] = g => ([g.Commit(1) with { PendingId = Guid.NewGuid() }], 0),
        [LedgerResult.PendingTransferNotFound] = g => ([Post(Guid.NewGuid(), 1)], 0),
        [LedgerResult.PendingTransferNotPending] = g => ([Post(g.Ledger.Log[0].Id, 1)], 0),
        [LedgerResult.PendingTransferAlreadyPosted] = g => Twice(g, Post),
        [LedgerResult.PendingTransferAlreadyVoided] = g => Twice(g, (id, _) => Void(id)),
        [LedgerResult.PendingTransferHasDifferentAccounts] = g =>
        {
            var commit = g.Commit(10);
            return ([commit, Post(commit.Id, 10) with { DebitAccountId = g.FundBudget.Id }], 1);
        },
        [LedgerResult.ExceedsPendingTransferAmount] = g =>
        {
            var commit = g.Commit(10);
            return ([commit, Post(commit.Id, 11)], 1);
        },
        [LedgerResult.ExceedsCredits] = g => ([g.Allocate(1), g.Disburse(1)], 1),
        [LedgerResult.ExceedsDebits] = g =>
        {
            var capped = g.Ledger.Open(AccountCode.FundingSource, g.FundId, flags: AccountFlags.CreditsMustNotExceedDebits);
            return ([new(Guid.NewGuid(), g.Source.Id, capped.Id, Vnd(1), TransferKind.Correction, Reason: "x")], 0);
        },
        [LedgerResult.Overflow] = g => ([g.Allocate(long.MaxValue)], 0),
        [LedgerResult.EmptyBatch] = g => ([], -1),
        [LedgerResult.KindDoesNotMatchPhase] = g => ([g.Allocate(1) with { Phase = TransferPhase.Pending }], 0),
        [LedgerResult.AccountCodesDoNotMatchKind] = g => ([g.Allocate(1) with { CreditAccountId = g.Program.Budget.Id }], 0),
        [LedgerResult.PendingTransferHasDifferentAmount] = g =>
        {
            var commit = g.Commit(10);
            return ([commit, Void(commit.Id, 9)], 1);
        },
        [LedgerResult.CorrectionRequiresReason] = g => ([Reverse(g.Ledger.Log[0], " ")], 0),
    };

    /// <summary>A commitment and two resolutions in one batch: the second is refused.</summary>
    private static (TransferRequest[], int) Twice(LedgerGraph g, Func<Guid, long, TransferRequest> first)
    {
        var commit = g.Commit(10);
        return ([commit, first(commit.Id, 5), Post(commit.Id, 5)], 2);
    }

    public static TheoryData<LedgerResult> AllResults() => [.. Enum.GetValues<LedgerResult>()];

    [Fact]
    public void EveryResult_HasAScenario() =>
        Assert.Equal(Enum.GetValues<LedgerResult>().Order(), Scenarios.Keys.Order());

    [Theory]
    [MemberData(nameof(AllResults))]
    public void Refusal_NamesResultCodeAndIndex_AndChangesNothing(LedgerResult expected)
    {
        var g = new LedgerGraph();
        g.Fund(1_000);
        var (batch, failedIndex) = Scenarios[expected](g);
        var before = g.Ledger.Snapshot();
        var logBefore = g.Ledger.Log.Count;

        var e = Assert.Throws<LedgerException>(() => g.Ledger.Execute(batch));

        Assert.Equal((expected, failedIndex), (e.Result, e.FailedIndex));
        Assert.Equal(LedgerException.CodeOf(expected), e.Code);
        Assert.IsAssignableFrom<DomainException>(e);
        if (failedIndex >= 0) Assert.Contains(batch[failedIndex].Id.ToString(), e.Message);
        Assert.Equal(before, g.Ledger.Snapshot());
        Assert.Equal(logBefore, g.Ledger.Log.Count);
    }

    [Theory]
    [InlineData(LedgerResult.IdMustNotBeEmpty, "ledger.id-must-not-be-empty")]
    [InlineData(LedgerResult.ExceedsPendingTransferAmount, "ledger.exceeds-pending-transfer-amount")]
    [InlineData(LedgerResult.Overflow, "ledger.overflow")]
    public void Code_IsLedgerDotKebabCaseOfTheResult(LedgerResult result, string code) =>
        Assert.Equal(code, LedgerException.CodeOf(result));

    [Fact]
    public void IdAlreadyExists_CountsTransfersEarlierInTheBatch()
    {
        var g = new LedgerGraph();
        var allocation = g.Allocate(1);

        var e = Assert.Throws<LedgerException>(() => g.Ledger.Execute(allocation, allocation));

        Assert.Equal((LedgerResult.IdAlreadyExists, 1), (e.Result, e.FailedIndex));
    }

    [Fact]
    public void Overflow_OfPendingPlusPostedCredits_IsRefused()
    {
        var g = new LedgerGraph();
        g.Fund(1_000);
        var otherSource = g.Ledger.Open(AccountCode.FundingSource, g.FundId);
        g.Ledger.Execute(new TransferRequest(Guid.NewGuid(), otherSource.Id, g.Program.Payable.Id, Vnd(long.MaxValue),
            TransferKind.Correction, Reason: "test"));

        var e = Assert.Throws<LedgerException>(() => g.Ledger.Execute(g.Commit(1)));

        Assert.Equal(LedgerResult.Overflow, e.Result);
        Assert.Equal(0, g.Program.Payable.CreditsPending);
    }
}
