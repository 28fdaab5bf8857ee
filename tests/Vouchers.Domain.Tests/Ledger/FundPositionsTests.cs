using Vouchers.Domain.Ledger;

namespace Vouchers.Domain.Tests.Ledger;

using static LedgerGraph;

public class FundPositionsTests
{
    private static FundLedgerPosition PositionOf(LedgerGraph g) => FundPositions.Of(g.Ledger.Accounts, LedgerReplay.Replay(g.Ledger.Log));

    [Fact]
    public void EveryDong_IsAvailableCommittedPayableOrDisbursed_FundAndProgramAlike()
    {
        var g = new LedgerGraph();
        var other = g.AddProgram();
        g.Ledger.Execute(g.Allocate(1_000));
        g.Ledger.Execute(g.Envelope(600), g.Envelope(100, other));
        var settled = g.Commit(200);
        var open = g.Commit(150);
        var released = g.Commit(30, other);
        g.Ledger.Execute(settled, open, released);
        g.Ledger.Execute(Post(settled.Id, 120)); // 80 back to the budget
        g.Ledger.Execute(Void(released.Id));
        g.Ledger.Execute(g.Disburse(50));
        g.Ledger.Execute(g.Clawback(20));

        var p = PositionOf(g);

        Assert.Equal((1_000L, 300L, 150L, 70L, 30L), (p.Allocated, p.UnassignedToPrograms, p.Committed, p.Payable, p.Disbursed));
        // the program: envelope 600 − 120 settled − 150 still committed + 20 clawed back
        var program = p.Program(g.Program.Budget.ProgramId!.Value);
        Assert.Equal(new ProgramLedgerPosition(program.ProgramId, 350, 150, 70, 30), program);
        Assert.Equal(new ProgramLedgerPosition(other.Budget.ProgramId!.Value, 100, 0, 0, 0), p.Program(other.Budget.ProgramId!.Value));
        Assert.Equal(300 + 350 + 100, p.Available);
        Assert.True(p.Balanced);
    }

    [Fact]
    public void MoneyThatLeftTheFundsAccounts_BreaksTheIdentity()
    {
        var g = new LedgerGraph();
        var elsewhere = new LedgerGraph();
        g.Ledger.Execute(g.Allocate(1_000));
        g.Ledger.Add(elsewhere.FundBudget);
        // a correction into another fund's budget: the ledger allows it (corrections name any accounts), the position must not hide it
        g.Ledger.Execute(new TransferRequest(Guid.NewGuid(), g.FundBudget.Id, elsewhere.FundBudget.Id, Vnd(10), TransferKind.Correction,
            Reason: "sai quỹ"));

        var p = FundPositions.Of(g.Ledger.Accounts.Where(a => a.FundId == g.FundId), LedgerReplay.Replay(g.Ledger.Log));

        Assert.Equal((1_000L, 990L), (p.Allocated, p.Available));
        Assert.False(p.Balanced);
    }

    [Fact]
    public void AccountsWithoutTransfers_CountAsZero()
    {
        var g = new LedgerGraph();

        var p = PositionOf(g);

        Assert.Equal((0L, 0L, 0L, 0L, 0L, 0L), (p.Allocated, p.Available, p.UnassignedToPrograms, p.Committed, p.Payable, p.Disbursed));
        Assert.Equal([g.Program.Budget.ProgramId!.Value], p.Programs.Select(x => x.ProgramId));
        Assert.True(p.Balanced);
    }

    [Fact]
    public void AccountsOfTwoFunds_AreRefused()
    {
        var g = new LedgerGraph();
        var other = new LedgerGraph();

        Assert.Throws<ArgumentException>(() => FundPositions.Of([.. g.Ledger.Accounts, other.Source], LedgerReplay.Replay(g.Ledger.Log)));
    }

    [Fact]
    public void TwoReadingsOfOnePosition_Agree_AndOneProgramsFigureApartIsADisagreement()
    {
        var g = new LedgerGraph();
        g.Ledger.Execute(g.Allocate(1_000));
        g.Ledger.Execute(g.Envelope(600));
        g.Ledger.Execute(g.Commit(200));
        var replayed = PositionOf(g);
        var stored = FundPositions.Of(g.Ledger.Accounts, g.Ledger.Accounts.ToDictionary(a => a.Id, a => (a.DebitsPending, a.DebitsPosted, a.CreditsPending, a.CreditsPosted)));
        Assert.True(stored.AgreesWith(replayed));

        var programId = g.Program.Budget.ProgramId!.Value;
        var drifted = replayed with { Programs = [replayed.Program(programId) with { Available = replayed.Program(programId).Available + 1 }] };
        Assert.False(stored.AgreesWith(drifted)); // the fund's figures equal, one program's not
        Assert.False(stored.AgreesWith(replayed with { Committed = replayed.Committed - 1 }));
    }
}
