using Vouchers.Domain.Ledger;

namespace Vouchers.Domain.Tests.Ledger;

using static LedgerGraph;

public class LedgerTests
{
    private readonly LedgerGraph _g = new();

    private static void AssertBalances(LedgerAccount a, long debitsPending, long debitsPosted, long creditsPending, long creditsPosted) =>
        Assert.Equal((debitsPending, debitsPosted, creditsPending, creditsPosted),
            (a.DebitsPending, a.DebitsPosted, a.CreditsPending, a.CreditsPosted));

    [Fact]
    public void Single_PostsImmediatelyOnBothAccounts()
    {
        var created = _g.Ledger.Execute(_g.Allocate(1_000_000));

        AssertBalances(_g.Source, 0, 1_000_000, 0, 0);
        AssertBalances(_g.FundBudget, 0, 0, 0, 1_000_000);
        var t = Assert.Single(created);
        Assert.Equal((TransferKind.Allocation, TransferPhase.Single, 1_000_000L, "QĐ-123/STC"), (t.Kind, t.Phase, t.Amount.Dong, t.Reference));
    }

    [Fact]
    public void Pending_ReservesAmountOnPendingBalances()
    {
        _g.Fund(1_000);
        _g.Ledger.Execute(_g.Commit(300));

        AssertBalances(_g.Program.Budget, 300, 0, 0, 1_000);
        AssertBalances(_g.Program.Payable, 0, 0, 300, 0);
        Assert.Equal(700, _g.Program.Budget.AvailableDebitCapacity.Dong);
    }

    [Fact]
    public void Post_OfTheFullAmount_MovesPendingToPosted()
    {
        _g.Fund(1_000);
        var commit = _g.Commit(300);
        _g.Ledger.Execute(commit);

        var post = Assert.Single(_g.Ledger.Execute(Post(commit.Id, 300)));

        AssertBalances(_g.Program.Budget, 0, 300, 0, 1_000);
        AssertBalances(_g.Program.Payable, 0, 0, 0, 300);
        Assert.Equal((_g.Program.Budget.Id, _g.Program.Payable.Id, commit.Id), (post.DebitAccountId, post.CreditAccountId, post.PendingId));
    }

    [Fact]
    public void Post_OfPartOfTheAmount_ReleasesTheRemainder()
    {
        _g.Fund(1_000);
        var commit = _g.Commit(300);
        _g.Ledger.Execute(commit);

        _g.Ledger.Execute(Post(commit.Id, 120));

        AssertBalances(_g.Program.Budget, 0, 120, 0, 1_000);
        AssertBalances(_g.Program.Payable, 0, 0, 0, 120);
        Assert.Equal(880, _g.Program.Budget.AvailableDebitCapacity.Dong);
    }

    [Fact]
    public void Post_WithTheSameAccountsAsThePendingTransfer_IsAccepted()
    {
        _g.Fund(1_000);
        var commit = _g.Commit(300);
        _g.Ledger.Execute(commit);

        _g.Ledger.Execute(Post(commit.Id, 300) with { DebitAccountId = commit.DebitAccountId, CreditAccountId = commit.CreditAccountId });

        AssertBalances(_g.Program.Payable, 0, 0, 0, 300);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(300)]
    public void Void_ReleasesTheWholePendingAmount(long requested)
    {
        _g.Fund(1_000);
        var commit = _g.Commit(300);
        _g.Ledger.Execute(commit);

        var voided = Assert.Single(_g.Ledger.Execute(Void(commit.Id, requested)));

        AssertBalances(_g.Program.Budget, 0, 0, 0, 1_000);
        AssertBalances(_g.Program.Payable, 0, 0, 0, 0);
        Assert.Equal(300, voided.Amount.Dong);
    }

    [Fact]
    public void Post_WhenPendingAlreadyPosted_IsRefused() =>
        AssertSecondResolutionRefused(id => Post(id, 100), id => Post(id, 100), LedgerResult.PendingTransferAlreadyPosted);

    [Fact]
    public void Post_WhenPendingAlreadyVoided_IsRefused() =>
        AssertSecondResolutionRefused(id => Void(id), id => Post(id, 100), LedgerResult.PendingTransferAlreadyVoided);

    [Fact]
    public void Void_WhenPendingAlreadyPosted_IsRefused() =>
        AssertSecondResolutionRefused(id => Post(id, 100), id => Void(id), LedgerResult.PendingTransferAlreadyPosted);

    [Fact]
    public void Void_WhenPendingAlreadyVoided_IsRefused() =>
        AssertSecondResolutionRefused(id => Void(id), id => Void(id), LedgerResult.PendingTransferAlreadyVoided);

    private void AssertSecondResolutionRefused(Func<Guid, TransferRequest> first, Func<Guid, TransferRequest> second, LedgerResult expected)
    {
        _g.Fund(1_000);
        var commit = _g.Commit(300);
        _g.Ledger.Execute(commit);
        _g.Ledger.Execute(first(commit.Id));
        var before = _g.Ledger.Snapshot();

        var e = Assert.Throws<LedgerException>(() => _g.Ledger.Execute(second(commit.Id)));

        Assert.Equal(expected, e.Result);
        Assert.Equal(before, _g.Ledger.Snapshot());
    }

    [Fact]
    public void Post_OfMoreThanPending_IsRefused()
    {
        _g.Fund(1_000);
        var commit = _g.Commit(300);
        _g.Ledger.Execute(commit);

        var e = Assert.Throws<LedgerException>(() => _g.Ledger.Execute(Post(commit.Id, 301)));

        Assert.Equal(LedgerResult.ExceedsPendingTransferAmount, e.Result);
        AssertBalances(_g.Program.Budget, 300, 0, 0, 1_000);
    }

    [Fact]
    public void Commit_BeyondWhatIsNotYetReserved_IsRefused()
    {
        _g.Fund(1_000);
        _g.Ledger.Execute(_g.Commit(600));

        var e = Assert.Throws<LedgerException>(() => _g.Ledger.Execute(_g.Commit(401)));

        Assert.Equal(LedgerResult.ExceedsCredits, e.Result);
        Assert.Equal("ledger.exceeds-credits", e.Code);
        Assert.Contains(_g.Program.Budget.Id.ToString(), e.Message);
        _g.Ledger.Execute(_g.Commit(400)); // exactly the rest still fits
        Assert.Equal(0, _g.Program.Budget.AvailableDebitCapacity.Dong);
    }

    [Fact]
    public void Disbursement_OfMoreThanSettled_IsRefused()
    {
        _g.Fund(1_000);
        var commit = _g.Commit(500);
        _g.Ledger.Execute(commit, Post(commit.Id, 500));

        var e = Assert.Throws<LedgerException>(() => _g.Ledger.Execute(_g.Disburse(501)));

        Assert.Equal(LedgerResult.ExceedsCredits, e.Result);
    }

    [Fact]
    public void LinkedBatch_FailingInItsThirdLeg_LeavesBalancesUntouchedAndReturnsNothing()
    {
        _g.Fund(1_000);
        var before = _g.Ledger.Snapshot();
        var logBefore = _g.Ledger.Log.Count;
        IReadOnlyList<LedgerTransfer>? created = null;

        var e = Assert.Throws<LedgerException>(() =>
            created = _g.Ledger.Execute(_g.Allocate(500), _g.Envelope(500), _g.Commit(1_501)));

        Assert.Equal((LedgerResult.ExceedsCredits, 2), (e.Result, e.FailedIndex));
        Assert.Null(created);
        Assert.Equal(before, _g.Ledger.Snapshot());
        Assert.Equal(logBefore, _g.Ledger.Log.Count);
    }

    [Fact]
    public void LinkedBatch_LaterRequestsSeeEarlierOnes()
    {
        var commit = _g.Commit(700);

        var created = _g.Ledger.Execute(_g.Allocate(1_000), _g.Envelope(1_000), commit, Post(commit.Id, 650), _g.Disburse(650));

        Assert.Equal(5, created.Count);
        Assert.All(created, t => Assert.Equal(created[0].CorrelationId, t.CorrelationId));
        Assert.Equal(created.Select(t => t.Timestamp).Order(), created.Select(t => t.Timestamp));
        AssertBalances(_g.Program.Budget, 0, 650, 0, 1_000);
        AssertBalances(_g.Program.Disbursed, 0, 0, 0, 650);
    }

    [Fact]
    public void LinkedBatch_ResolvingAPendingTransferTwice_IsRefused()
    {
        _g.Fund(1_000);
        var commit = _g.Commit(300);

        var e = Assert.Throws<LedgerException>(() => _g.Ledger.Execute(commit, Post(commit.Id, 100), Void(commit.Id)));

        Assert.Equal((LedgerResult.PendingTransferAlreadyPosted, 2), (e.Result, e.FailedIndex));
        AssertBalances(_g.Program.Budget, 0, 0, 0, 1_000);
    }

    [Fact]
    public void Version_IncrementsOnlyOnAccountsWhoseBalancesChanged()
    {
        _g.Ledger.Execute(_g.Allocate(1_000));
        var (source, payable) = (_g.Source.Version, _g.Program.Payable.Version);

        _g.Ledger.Execute(_g.Allocate(1), _g.Allocate(2));

        Assert.Equal(source + 1, _g.Source.Version);
        Assert.Equal(payable, _g.Program.Payable.Version);
    }

    [Fact]
    public void Correction_ReversesAMistakeWithANewTransfer()
    {
        var wrong = Assert.Single(_g.Ledger.Execute(_g.Allocate(1_000_000)));

        var correction = _g.Ledger.Execute(Reverse(wrong), _g.Allocate(100_000))[0];

        AssertBalances(_g.FundBudget, 0, 1_000_000, 0, 1_100_000);
        Assert.Equal((TransferKind.Correction, "wrong amount"), (correction.Kind, correction.Reason));
        Assert.Equal(2 + 1, _g.Ledger.Log.Count); // nothing edited, one more transfer
    }

    [Fact]
    public void Clawback_ReturnsMoneyToTheProgramBudget()
    {
        _g.Fund(1_000);
        var commit = _g.Commit(400);
        _g.Ledger.Execute(commit, Post(commit.Id, 400), _g.Disburse(400));

        _g.Ledger.Execute(_g.Clawback(150));

        Assert.Equal(750, _g.Program.Budget.AvailableDebitCapacity.Dong);
        Assert.Equal(250, _g.Program.Disbursed.AvailableDebitCapacity.Dong);
        Assert.Throws<LedgerException>(() => _g.Ledger.Execute(_g.Clawback(251)));
    }

    [Fact]
    public void Clawback_BeforePayment_TakesTheMoneyFromPayable()
    {
        _g.Fund(1_000);
        var commit = _g.Commit(400);
        _g.Ledger.Execute(commit, Post(commit.Id, 400));

        _g.Ledger.Execute(_g.Clawback(400) with { DebitAccountId = _g.Program.Payable.Id });

        Assert.Equal(1_000, _g.Program.Budget.AvailableDebitCapacity.Dong);
        Assert.Equal(0, _g.Program.Payable.AvailableDebitCapacity.Dong);
    }

    [Fact]
    public void Replay_OfTheLog_EqualsStoredBalances()
    {
        _g.Fund(1_000);
        var c1 = _g.Commit(400);
        var c2 = _g.Commit(100);
        _g.Ledger.Execute(c1, c2, Post(c1.Id, 350), _g.Disburse(300));
        _g.Ledger.Execute(Void(c2.Id), _g.Clawback(50));

        var replayed = LedgerReplay.Replay(_g.Ledger.Log);

        Assert.All(_g.Ledger.Accounts, a =>
            Assert.Equal((a.DebitsPending, a.DebitsPosted, a.CreditsPending, a.CreditsPosted), replayed[a.Id]));
        Assert.True(LedgerReplay.IsBalanced(_g.Ledger.Accounts));
    }

    [Fact]
    public void Replay_OfAPostWithoutItsPendingTransfer_IsRefused()
    {
        _g.Fund(1_000);
        var commit = _g.Commit(400);
        _g.Ledger.Execute(commit, Post(commit.Id, 400));

        var e = Assert.Throws<LedgerException>(() => LedgerReplay.Replay(_g.Ledger.Log.Where(t => t.Id != commit.Id)));

        Assert.Equal(LedgerResult.PendingTransferNotFound, e.Result);
    }

    [Fact]
    public void IsBalanced_OnlyForTheWholeLedger()
    {
        _g.Fund(1_000);

        Assert.True(LedgerReplay.IsBalanced(_g.Ledger.Accounts));
        Assert.False(LedgerReplay.IsBalanced(_g.Ledger.Accounts.Where(a => a.Id != _g.Source.Id)));
    }
}
