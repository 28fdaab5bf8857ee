using System.Reflection;
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Tests.Ledger;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Domain.Tests.Vouchers;

using static VoucherLedgerAgreement;
using T = VoucherTrigger;

/// <summary>
/// A voucher agrees with the transfers its lifecycle made, in every status and along every side path; each rule of
/// <see cref="VoucherLedgerAgreement"/> reports a doctored transfer list (or a history edited behind the aggregate's
/// back, as a database row could be) with exactly its code.
/// </summary>
public class VoucherLedgerAgreementTests
{
    private static IReadOnlyList<LedgerTransfer> TransfersOf(VoucherWorld w, Voucher v) => [.. w.Ledger.Log.Where(t => t.VoucherId == v.Id)];

    private static IReadOnlyList<VoucherLedgerFinding> AssertFindings(Voucher v, IEnumerable<LedgerTransfer> transfers, params string[] codes)
    {
        var findings = Check(v, transfers);
        Assert.Equal(codes.Order(), findings.Select(f => f.Code).Order());
        Assert.All(findings, f =>
        {
            Assert.Equal(v.Id, f.VoucherId);
            Assert.StartsWith($"Voucher {v.Code} ({v.Status}): ", f.Message);
        });
        return findings;
    }

    // ----- agreement --------------------------------------------------------------------------------------------

    public static TheoryData<VoucherStatus> AllStatuses() => [.. Enum.GetValues<VoucherStatus>()];

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void AVoucherInEveryStatus_AgreesWithItsLedger(VoucherStatus status)
    {
        var w = new VoucherWorld();
        var v = w.In(status);

        AssertFindings(v, TransfersOf(w, v));
    }

    public static TheoryData<string, bool, T[]> SidePaths() => new()
    {
        { "withdrawn after issue", false, [T.Recommend, T.Approve, T.Withdraw] },
        { "returned, resubmitted, issued, expired", false, [T.ReturnForInfo, T.Resubmit, T.Recommend, T.Approve, T.Expire] },
        { "four eyes, paid", true, [T.Recommend, T.Approve, T.Approve, T.Redeem, T.Deliver, T.ConfirmDelivery, T.Accept, T.ClaimPayment, T.Settle, T.Disburse] },
        { "rejected awaiting the second approval", true, [T.Recommend, T.Approve, T.Reject] },
        { "withdrawn awaiting the second approval", true, [T.Recommend, T.Approve, T.Withdraw] },
        { "disputed, reworked, settled", false,
            [T.Recommend, T.Approve, T.Redeem, T.Deliver, T.Dispute, T.RequestRework, T.Deliver, T.ConfirmDelivery, T.Accept, T.ClaimPayment, T.Settle] },
        { "cancelled in rework", false, [T.Recommend, T.Approve, T.Redeem, T.Deliver, T.ConfirmDelivery, T.RequestRework, T.Cancel] },
        { "cancelled when disputed", false, [T.Recommend, T.Approve, T.Redeem, T.Deliver, T.Dispute, T.Cancel] },
        { "cancelled after redemption", false, [T.Recommend, T.Approve, T.Redeem, T.Cancel] },
        { "cancelled after delivery", false, [T.Recommend, T.Approve, T.Redeem, T.Deliver, T.Cancel] },
        { "clawed back before payment", false, [.. VoucherLifecycle.PathTo(VoucherStatus.Settled), T.ClawBack] },
        { "clawed back after payment", false, [.. VoucherLifecycle.PathTo(VoucherStatus.Paid), T.ClawBack] },
    };

    [Theory]
    [MemberData(nameof(SidePaths))]
    public void SidePaths_AgreeWithTheirLedger(string path, bool fourEyes, T[] steps)
    {
        var w = new VoucherWorld { Policy = fourEyes ? VoucherWorld.FourEyes : ApprovalPolicy.SingleApproval };
        var v = w.Apply();
        foreach (var step in steps) w.Fire(v, step);

        Assert.True(v.History.Count == steps.Length + 1, path);
        AssertFindings(v, TransfersOf(w, v));
    }

    [Fact]
    public void PartialAcceptanceAndPartialClawbackAfterPayment_Agree()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.DeliveryConfirmed);
        v.Accept("BB-02", Money.Vnd(9_000_000), VoucherWorld.Reviewer, w.Now);
        w.Fire(v, T.ClaimPayment);
        w.Fire(v, T.Settle);
        w.Fire(v, T.Disburse);
        w.Run(v.ClawBack(w.Program, Money.Vnd(4_000_000), "Một phần không đạt", VoucherWorld.Finance, w.Now));

        AssertFindings(v, TransfersOf(w, v));
        Assert.Equal([20_000_000L, 9_000_000, 9_000_000, 4_000_000], TransfersOf(w, v).Select(t => t.Amount.Dong));
    }

    [Fact]
    public void TheStatusesHoldingACommitment_AreThoseBetweenIssueAndSettlement()
    {
        var w = new VoucherWorld();
        foreach (var status in Enum.GetValues<VoucherStatus>())
        {
            var v = w.In(status);
            var open = TransfersOf(w, v).Any(t => t.Kind == TransferKind.Commitment)
                && !TransfersOf(w, v).Any(t => t.PendingId == v.CommitmentTransferId);
            Assert.True(open == VoucherLifecycle.HoldingCommitment.Contains(status), status.ToString());
        }
    }

    // ----- before issue: nothing ------------------------------------------------------------------------------

    [Theory]
    [InlineData(VoucherStatus.Recommended)]
    [InlineData(VoucherStatus.AwaitingSecondApproval)]
    [InlineData(VoucherStatus.Rejected)]
    [InlineData(VoucherStatus.Withdrawn)]
    public void ACommitmentForAVoucherNeverIssued_IsUnexpected(VoucherStatus status)
    {
        var w = new VoucherWorld();
        var v = w.In(status);
        w.Run(new TransferRequest(Guid.NewGuid(), w.Program.BudgetAccountId!.Value, w.Program.PayableAccountId!.Value, Money.Vnd(20_000_000),
            TransferKind.Commitment, TransferPhase.Pending, VoucherId: v.Id));

        var f = AssertFindings(v, TransfersOf(w, v), UnexpectedTransfer);
        Assert.Contains("20.000.000 ₫", f[0].Message);
    }

    [Fact]
    public void AnotherVouchersTransfer_IsForeign()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        var other = w.In(VoucherStatus.Issued);

        var f = AssertFindings(v, [.. TransfersOf(w, v), .. TransfersOf(w, other)], ForeignTransfer);
        Assert.Contains(other.Id.ToString(), f[0].Message);
    }

    // ----- the commitment ---------------------------------------------------------------------------------------

    [Fact]
    public void AnIssuedVoucherWithoutItsCommitment_MissesIt()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Redeemed);

        AssertFindings(v, [], CommitmentMissing);
    }

    [Fact]
    public void ACommitmentForLessThanTheFaceValue_IsReported()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Recommended);
        var commitment = v.Approve(w.Program, null, Money.Zero, ApprovalPolicy.SingleApproval, VoucherWorld.Finance, w.Now)!;
        w.Run(commitment with { Amount = Money.Vnd(19_000_000) });

        var f = AssertFindings(v, TransfersOf(w, v), CommitmentAmount);
        Assert.Contains("is for 19.000.000 ₫, but the face value is 20.000.000 ₫", f[0].Message);
    }

    [Fact]
    public void ACommitmentReleasedWhileTheVoucherStillHoldsIt_IsReported()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Delivered);
        w.Run(new TransferRequest(Guid.NewGuid(), Guid.Empty, Guid.Empty, Money.Zero, TransferKind.Release, TransferPhase.VoidPending,
            PendingId: v.CommitmentTransferId, VoucherId: v.Id));

        AssertFindings(v, TransfersOf(w, v), CommitmentResolved);
    }

    [Fact]
    public void ACommitmentSettledAndAlsoReleased_IsResolvedTwice()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Settled);
        // the ledger refuses a second resolution: forge it on a copy of the commitment
        var release = Forge(w, CopyOfCommitment(w, v), new TransferRequest(Guid.NewGuid(), Guid.Empty, Guid.Empty, Money.Zero, TransferKind.Release,
            TransferPhase.VoidPending, PendingId: v.CommitmentTransferId, VoucherId: v.Id));

        AssertFindings(v, [.. TransfersOf(w, v), release], CommitmentResolvedTwice);
    }

    // ----- settlement -------------------------------------------------------------------------------------------

    [Fact]
    public void ASettledVoucherWhoseSettlementIsMissing_IsReportedOnce()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Settled);

        AssertFindings(v, TransfersOf(w, v).Where(t => t.Kind != TransferKind.Settlement), SettlementMissing);
    }

    [Fact]
    public void ASettlementOfTheFaceValueInsteadOfTheAcceptedAmount_IsReported()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.PaymentClaimed);
        var post = v.Settle(w.Program, VoucherWorld.PaymentOfficer, w.Now);
        w.Run(post with { Amount = v.FaceValue!.Value });

        var f = AssertFindings(v, TransfersOf(w, v), SettlementAmount);
        Assert.Contains("posted 20.000.000 ₫, but the accepted amount is 15.000.000 ₫", f[0].Message);
    }

    [Fact]
    public void ASettledVoucherWhoseCommitmentWasReleased_WasResolvedTheWrongWay()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.PaymentClaimed);
        var post = v.Settle(w.Program, VoucherWorld.PaymentOfficer, w.Now);
        w.Run(new TransferRequest(post.Id, Guid.Empty, Guid.Empty, Money.Zero, TransferKind.Release, TransferPhase.VoidPending,
            PendingId: v.CommitmentTransferId, VoucherId: v.Id));

        AssertFindings(v, TransfersOf(w, v), WrongResolution);
    }

    // ----- release ----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(VoucherStatus.Expired)]
    [InlineData(VoucherStatus.Cancelled)]
    public void AClosedVoucherWhoseReleaseIsMissing_IsReportedOnce(VoucherStatus status)
    {
        var w = new VoucherWorld();
        var v = w.In(status);

        AssertFindings(v, TransfersOf(w, v).Where(t => t.Kind != TransferKind.Release), ReleaseMissing);
    }

    [Fact]
    public void AWithdrawnIssuedVoucherWhoseReleaseIsMissing_IsReportedOnce()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Issued);
        w.Fire(v, T.Withdraw);

        AssertFindings(v, TransfersOf(w, v).Where(t => t.Kind != TransferKind.Release), ReleaseMissing);
    }

    [Fact]
    public void AReleaseOfLessThanTheCommitment_IsReported()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Cancelled);
        var real = TransfersOf(w, v).Single(t => t.Kind == TransferKind.Release);
        // a ledger voids the whole pending amount: forge a release of a 1 ₫ copy of the commitment, under the real release's id
        var release = Forge(w, CopyOfCommitment(w, v) with { Amount = Money.Vnd(1) }, new TransferRequest(real.Id, Guid.Empty, Guid.Empty, Money.Zero,
            TransferKind.Release, TransferPhase.VoidPending, PendingId: v.CommitmentTransferId, VoucherId: v.Id));

        var f = AssertFindings(v, [.. TransfersOf(w, v).Where(t => t != real), release], ReleaseAmount);
        Assert.Contains("voided 1 ₫, but the commitment is for 20.000.000 ₫", f[0].Message);
    }

    // ----- disbursement -----------------------------------------------------------------------------------------

    [Fact]
    public void APaidVoucherWhoseDisbursementIsMissing_IsReportedOnce()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Paid);

        AssertFindings(v, TransfersOf(w, v).Where(t => t.Kind != TransferKind.Disbursement), DisbursementMissing);
    }

    [Fact]
    public void ADisbursementOfAnotherAmount_IsReported()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Settled);
        w.Run(v.Disburse(w.Program, "UNC-1", VoucherWorld.DisbursementOfficer, w.Now) with { Amount = Money.Vnd(14_999_999) });

        AssertFindings(v, TransfersOf(w, v), DisbursementAmount);
    }

    [Fact]
    public void ADisbursementOfAVoucherOnlySettled_IsUnexpected()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Settled);
        w.Run(new TransferRequest(Guid.NewGuid(), w.Program.PayableAccountId!.Value, w.Program.DisbursedAccountId!.Value, v.AcceptedAmount!.Value,
            TransferKind.Disbursement, VoucherId: v.Id, ProviderId: v.ProviderId));

        AssertFindings(v, TransfersOf(w, v), UnexpectedTransfer);
    }

    [Fact]
    public void ASecondDisbursement_IsUnexpected()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Paid);
        var paid = TransfersOf(w, v).Single(t => t.Kind == TransferKind.Disbursement);
        var again = Forge(w, new TransferRequest(Guid.NewGuid(), paid.DebitAccountId, paid.CreditAccountId, paid.Amount, TransferKind.Disbursement,
            VoucherId: v.Id, ProviderId: v.ProviderId));

        AssertFindings(v, [.. TransfersOf(w, v), again], UnexpectedTransfer);
    }

    // ----- clawback ---------------------------------------------------------------------------------------------

    [Fact]
    public void AClawedBackVoucherWhoseClawbackIsMissing_IsReportedOnce()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.ClawedBack);

        AssertFindings(v, TransfersOf(w, v).Where(t => t.Kind != TransferKind.Clawback), ClawbackMissing);
    }

    [Fact]
    public void AClawbackOfAnotherAmount_IsReported()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Paid);
        w.Run(v.ClawBack(w.Program, Money.Vnd(5_000_000), "Một phần", VoucherWorld.Finance, w.Now) with { Amount = Money.Vnd(4_000_000) });

        var f = AssertFindings(v, TransfersOf(w, v), ClawbackAmount);
        Assert.Contains("recovered 4.000.000 ₫, but the voucher records 5.000.000 ₫ clawed back", f[0].Message);
    }

    [Theory]
    [InlineData(VoucherStatus.Paid)]
    [InlineData(VoucherStatus.Settled)]
    public void AClawbackFromTheWrongAccount_IsReported(VoucherStatus from)
    {
        var w = new VoucherWorld();
        var v = w.In(from);
        var clawback = v.ClawBack(w.Program, null, "Hồ sơ khống", VoucherWorld.Finance, w.Now);
        // paid: it must come back out of disbursed, not payable; not paid: out of payable, not disbursed (the ledger would refuse either)
        var wrong = Forge(w, clawback with
        {
            DebitAccountId = from == VoucherStatus.Paid ? w.Program.PayableAccountId!.Value : w.Program.DisbursedAccountId!.Value,
        });

        AssertFindings(v, [.. TransfersOf(w, v), wrong], WrongAccounts);
    }

    // ----- provider ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(T.Approve)]
    [InlineData(T.Settle)]
    [InlineData(T.Disburse)]
    [InlineData(T.ClawBack)]
    public void ATransferNamingAnotherProvider_IsReported(T trigger)
    {
        var w = new VoucherWorld();
        var v = w.Apply();
        T[] path = [.. VoucherLifecycle.PathTo(VoucherStatus.Paid), T.ClawBack]; // every money-moving step, the clawback after payment
        var last = path.ToList().IndexOf(trigger);
        foreach (var step in path.Take(last)) w.Fire(v, step);
        var other = Guid.NewGuid();
        var t = trigger switch
        {
            T.Approve => v.Approve(w.Program, null, Money.Zero, ApprovalPolicy.SingleApproval, VoucherWorld.Finance, w.Now)!,
            T.Settle => v.Settle(w.Program, VoucherWorld.PaymentOfficer, w.Now),
            T.Disburse => v.Disburse(w.Program, "UNC-1", VoucherWorld.DisbursementOfficer, w.Now),
            _ => v.ClawBack(w.Program, null, "Hồ sơ khống", VoucherWorld.Finance, w.Now),
        };
        w.Run(t with { ProviderId = other });

        var f = AssertFindings(v, TransfersOf(w, v), WrongProvider);
        Assert.Contains(other.ToString(), f[0].Message);
    }

    // ----- history ----------------------------------------------------------------------------------------------

    /// <summary>Edits a history line behind the aggregate's back, as a row edited in the database would.</summary>
    private static void SetTransferId(Voucher v, T trigger, Guid? transferId) =>
        typeof(VoucherTransition).GetProperty(nameof(VoucherTransition.TransferId), BindingFlags.Public | BindingFlags.Instance)!
            .SetValue(v.History.Last(h => h.Trigger == trigger), transferId);

    private static Guid? TransferIdOf(Voucher v, T trigger) => v.History.Last(h => h.Trigger == trigger).TransferId;

    [Fact]
    public void ATransferNoHistoryLineNames_IsReported()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Paid);
        SetTransferId(v, T.Disburse, null);

        AssertFindings(v, TransfersOf(w, v), TransferNotInHistory);
    }

    [Fact]
    public void AHistoryLineNamingATransferThatIsNotTheVouchers_IsReported()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Paid);
        SetTransferId(v, T.Redeem, Guid.NewGuid());

        AssertFindings(v, TransfersOf(w, v), HistoryNamesUnknownTransfer);
    }

    [Fact]
    public void ATransferExecutedUnderAnotherIdThanTheHistoryRecords_IsReportedFromBothSides()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.PaymentClaimed);
        w.Run(v.Settle(w.Program, VoucherWorld.PaymentOfficer, w.Now) with { Id = Guid.NewGuid() });

        AssertFindings(v, TransfersOf(w, v), HistoryNamesUnknownTransfer, TransferNotInHistory);
    }

    [Fact]
    public void ATransferNamedByTwoHistoryLines_IsReported()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Paid);
        SetTransferId(v, T.Disburse, TransferIdOf(v, T.Settle)); // the settlement twice, the disbursement by no line

        AssertFindings(v, TransfersOf(w, v), TransferInHistoryTwice, TransferNotInHistory);
    }

    [Fact]
    public void HistoryLinesNamingEachOthersTransfers_AreReported()
    {
        var w = new VoucherWorld();
        var v = w.In(VoucherStatus.Paid);
        var (settlement, disbursement) = (TransferIdOf(v, T.Settle), TransferIdOf(v, T.Disburse));
        SetTransferId(v, T.Settle, disbursement);
        SetTransferId(v, T.Disburse, settlement);

        AssertFindings(v, TransfersOf(w, v), HistoryWrongTrigger, HistoryWrongTrigger);
    }

    // ----- the codes ----------------------------------------------------------------------------------------------

    private static IReadOnlyList<string> Codes() => [.. typeof(VoucherLedgerAgreement).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!)];

    [Fact]
    public void Codes_AreDistinctKebabCasedAndListedInTheLedgerDoc()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vouchers.sln"))) dir = dir.Parent;
        var doc = File.ReadAllText(Path.Combine(dir!.FullName, "docs", "ledger.md"));

        Assert.Equal(22, Codes().Count); // found by reflection: none missed, so the rest cannot pass on an empty list
        Assert.Equal(Codes().Count, Codes().Distinct().Count());
        Assert.All(Codes(), code =>
        {
            Assert.Matches("^voucher-ledger\\.[a-z]+(-[a-z]+)*$", code);
            Assert.Contains($"`{code}`", doc);
        });
    }

    // ----- forging what a real ledger refuses -------------------------------------------------------------------

    private static TransferRequest CopyOfCommitment(VoucherWorld w, Voucher v) =>
        new(v.CommitmentTransferId!.Value, w.Program.BudgetAccountId!.Value, w.Program.PayableAccountId!.Value, v.FaceValue!.Value,
            TransferKind.Commitment, TransferPhase.Pending, VoucherId: v.Id);

    /// <summary>
    /// Executes <paramref name="batch"/> on a scratch ledger whose accounts have the world's ids and codes but no balances
    /// and no constraints, and returns the last transfer: a transfer the world's ledger would refuse, as a tampered or
    /// buggy store could hold it.
    /// </summary>
    private static LedgerTransfer Forge(VoucherWorld w, params TransferRequest[] batch)
    {
        var scratch = new InMemoryLedger();
        scratch.Add([.. w.Ledger.Accounts.Select(a =>
            LedgerAccount.Open(a.Id, a.Code, AccountFlags.None, a.FundId, a.FiscalYear, a.ProgramId, a.Name, a.CreatedAt))]);
        return scratch.Execute(batch)[^1];
    }
}
