using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Funds;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Tests.Ledger;

namespace Vouchers.Domain.Tests.Programs;

/// <summary>Issue 16: a finance decision tops up, reduces, reschedules or closes an open program; money moves only through the ledger.</summary>
public class ProgramAmendmentTests
{
    private static readonly DateTimeOffset Now = InMemoryLedger.Now; // 16/03/2026 in Vietnam
    private static readonly Actor Finance = new("finance-1", "finance");
    private static readonly DateOnly DecisionDate = new(2026, 3, 16);

    private readonly InMemoryLedger _ledger = new();
    private readonly LedgerAccount _fundBudget;
    private readonly SupportProgram _program;
    private readonly LedgerAccount _budget, _payable;

    public ProgramAmendmentTests()
    {
        var fund = Fund.Create("dong-thap", FundKind.SmeDevelopment, null, Now);
        var (source, fundBudget) = fund.OpenFiscalYear(2026, Now);
        _fundBudget = fundBudget;
        _program = SupportProgram.Draft("DT-SA-2026", fund, 2026, new ProgramTerms("Sửa đổi", Money.Vnd(50_000_000),
            [ServiceKind.DigitalTransformationConsulting], [ProviderKind.Consultant], [], SupportRate.FromPercent(50),
            [new ProgramCap(SizeClass.Small, Money.Vnd(20_000_000), Money.Vnd(20_000_000))], 30, new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30)), Now);
        var accounts = _program.OpenAccounts(Now);
        _ledger.Add([source, fundBudget, .. accounts]);
        _ledger.Execute(fund.AllocateBudget(2026, Money.Vnd(100_000_000), "1/QĐ-UBND", new DateOnly(2026, 1, 10), source, fundBudget, Finance, Now).Transfer);
        _ledger.Execute(_program.ApproveEnvelope("1/QĐ-STC", new DateOnly(2026, 2, 1), fundBudget, accounts, Finance, Now));
        _budget = accounts.Single(a => a.Code == AccountCode.ProgramBudget);
        _payable = accounts.Single(a => a.Code == AccountCode.ProgramPayable);
    }

    private void Commit(long dong) => _ledger.Execute(new TransferRequest(Guid.NewGuid(), _budget.Id, _payable.Id, Money.Vnd(dong), TransferKind.Commitment,
        TransferPhase.Pending, Reference: "V-1", VoucherId: Guid.NewGuid()));

    [Fact]
    public void ATopUp_MovesFromTheFundsBudgetToTheProgramsAndGrowsTheEnvelope()
    {
        var t = _ledger.Execute(_program.TopUpEnvelope(Money.Vnd(20_000_000), "2/QĐ-STC", DecisionDate, _fundBudget, Now)).Single();
        Assert.Equal((TransferKind.EnvelopeTopUp, _fundBudget.Id, _budget.Id, "2/QĐ-STC"), (t.Kind, t.DebitAccountId, t.CreditAccountId, t.Reference));
        Assert.Equal((70_000_000L, "2/QĐ-STC"), (_program.Envelope.Dong, _program.AmendmentDecisionNumber));
        Assert.Equal(70_000_000, _budget.AvailableDebitCapacity.Dong);
    }

    [Fact]
    public void ATopUpBeyondTheFundsBudget_IsRefusedByTheLedger()
    {
        var before = _ledger.Snapshot();
        var e = Assert.Throws<LedgerException>(() => _ledger.Execute(_program.TopUpEnvelope(Money.Vnd(50_000_001), "2/QĐ-STC", DecisionDate, _fundBudget, Now)));
        Assert.Equal(LedgerResult.ExceedsCredits, e.Result);
        Assert.Equal(before, _ledger.Snapshot());
    }

    [Fact]
    public void AReduction_TakesBackOnlyWhatIsNeitherCommittedNorSpent()
    {
        Commit(30_000_000);
        var refused = Assert.Throws<BusinessRuleException>(() => _program.ReduceEnvelope(Money.Vnd(20_000_001), "3/QĐ-STC", DecisionDate, _fundBudget, _budget, Now));
        Assert.Equal("program.reduction-exceeds-available", refused.Code);
        Assert.Equal((50_000_000L, null), (_program.Envelope.Dong, _program.AmendmentDecisionNumber)); // unchanged

        var t = _ledger.Execute(_program.ReduceEnvelope(Money.Vnd(20_000_000), "3/QĐ-STC", DecisionDate, _fundBudget, _budget, Now)).Single();
        Assert.Equal((TransferKind.EnvelopeReduction, _budget.Id, _fundBudget.Id), (t.Kind, t.DebitAccountId, t.CreditAccountId));
        Assert.Equal((30_000_000L, 0L), (_program.Envelope.Dong, _budget.AvailableDebitCapacity.Dong));
    }

    [Fact]
    public void TheLedgerItself_RefusesAReductionIntoCommittedBudget()
    {
        Commit(30_000_000);
        var e = Assert.Throws<LedgerException>(() => _ledger.Execute(new TransferRequest(Guid.NewGuid(), _budget.Id, _fundBudget.Id, Money.Vnd(20_000_001),
            TransferKind.EnvelopeReduction)));
        Assert.Equal(LedgerResult.ExceedsCredits, e.Result);
        Assert.Equal(LedgerResult.AccountCodesDoNotMatchKind, Assert.Throws<LedgerException>(() => _ledger.Execute(new TransferRequest(Guid.NewGuid(),
            _fundBudget.Id, _budget.Id, Money.Vnd(1), TransferKind.EnvelopeReturn))).Result);
    }

    [Fact]
    public void AnEnvelopeCannotBeReducedToNothing_ThatIsWhatClosingIsFor()
    {
        var e = Assert.Throws<BusinessRuleException>(() => _program.ReduceEnvelope(Money.Vnd(50_000_000), "3/QĐ-STC", DecisionDate, _fundBudget, _budget, Now));
        Assert.Equal("program.envelope-must-stay-positive", e.Code);
    }

    [Fact]
    public void Closing_ReturnsTheUnusedEnvelope_KeepsCommitments_AndRefusesApplicationsAndFurtherAmendments()
    {
        Commit(15_000_000);
        var t = _ledger.Execute(_program.Close("9/QĐ-STC", DecisionDate, _fundBudget, _budget, Finance, Now)!).Single();
        Assert.Equal((TransferKind.EnvelopeReturn, 35_000_000L, _fundBudget.Id), (t.Kind, t.Amount.Dong, t.CreditAccountId));
        Assert.Equal((ProgramStatus.Closed, 15_000_000L, "9/QĐ-STC", "finance-1"), (_program.Status, _program.Envelope.Dong, _program.ClosureDecisionNumber, _program.ClosedBy));
        Assert.Equal((0L, 15_000_000L), (_budget.AvailableDebitCapacity.Dong, _budget.DebitsPending));

        Assert.Equal("program.closed", Assert.Throws<BusinessRuleException>(() => _program.Close("10/QĐ-STC", DecisionDate, _fundBudget, _budget, Finance, Now)).Code);
        Assert.Equal("program.closed", Assert.Throws<BusinessRuleException>(() => _program.TopUpEnvelope(Money.Vnd(1), "11/QĐ-STC", DecisionDate, _fundBudget, Now)).Code);
        Assert.Equal("program.closed", Assert.Throws<BusinessRuleException>(() =>
            _program.AmendSchedule(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), 30, "12/QĐ-STC", DecisionDate, Now)).Code);
    }

    [Fact]
    public void ClosingWithNothingLeft_MovesNoMoney()
    {
        Commit(50_000_000);
        Assert.Null(_program.Close("9/QĐ-STC", DecisionDate, _fundBudget, _budget, Finance, Now));
        Assert.Equal((ProgramStatus.Closed, 50_000_000L), (_program.Status, _program.Envelope.Dong));
    }

    [Fact]
    public void TheScheduleChangesOnlyGoingForward()
    {
        _program.AmendSchedule(new DateOnly(2026, 1, 1), new DateOnly(2026, 9, 30), 60, "4/QĐ-STC", DecisionDate, Now);
        Assert.Equal((new DateOnly(2026, 9, 30), 60, "4/QĐ-STC"), (_program.ApplicationCloses, _program.VoucherValidityDays, _program.AmendmentDecisionNumber));

        // an opened window keeps its first day; a window cannot be made to end in the past
        Assert.Equal("program.amendment-not-forward", Assert.Throws<BusinessRuleException>(() =>
            _program.AmendSchedule(new DateOnly(2026, 2, 1), new DateOnly(2026, 9, 30), 60, "5/QĐ-STC", DecisionDate, Now)).Code);
        Assert.Equal("program.amendment-not-forward", Assert.Throws<BusinessRuleException>(() =>
            _program.AmendSchedule(new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 15), 60, "5/QĐ-STC", DecisionDate, Now)).Code);
        Assert.Equal(new DateOnly(2026, 9, 30), _program.ApplicationCloses);
    }

    [Fact]
    public void ADraft_IsAmendedAsADraft_NotByAFinanceDecision()
    {
        var fund = Fund.Create("dong-thap", FundKind.SmeDevelopment, null, Now);
        var draft = SupportProgram.Draft("DT-NHAP", fund, 2026, new ProgramTerms("Nháp", Money.Vnd(1_000_000), [ServiceKind.LabTesting], [ProviderKind.TestingLab], [],
            SupportRate.FromPercent(50), [new ProgramCap(SizeClass.Small, Money.Vnd(1_000_000), Money.Vnd(1_000_000))], 30, new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30)), Now);
        var (_, budget) = fund.OpenFiscalYear(2026, Now);
        Assert.Equal("program.envelope-not-approved", Assert.Throws<BusinessRuleException>(() => draft.TopUpEnvelope(Money.Vnd(1), "x", DecisionDate, budget, Now)).Code);
    }
}
