using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Vouchers;
using Xunit.Abstractions;

namespace Vouchers.Domain.Tests.Vouchers;

using Outcome = VoucherLedgerWorld.Outcome;

/// <summary>
/// Random sequences of budget and voucher operations (<see cref="VoucherLedgerWorld"/>) keep the ledger's guarantees,
/// the fund position identity, and every voucher in agreement with its transfers; the log replays to the stored
/// balances and the same sequence always produces the same ledger.
/// </summary>
public class VoucherLedgerPropertyTests(ITestOutputHelper output)
{
    private static readonly (int Weight, WorldOp Kind)[] Weights =
    [
        // the main path often, the side exits (which end a voucher's path) rarely, so that long paths are reached
        (3, WorldOp.Allocate), (1, WorldOp.ApproveEnvelope), (10, WorldOp.Apply), (8, WorldOp.Recommend), (1, WorldOp.ReturnForInfo),
        (1, WorldOp.Resubmit), (1, WorldOp.Reject), (1, WorldOp.Withdraw), (10, WorldOp.Approve), (8, WorldOp.Redeem), (8, WorldOp.Deliver),
        (8, WorldOp.ConfirmDelivery), (1, WorldOp.Dispute), (2, WorldOp.RequestRework), (8, WorldOp.Accept), (8, WorldOp.ClaimPayment),
        (8, WorldOp.Settle), (6, WorldOp.Disburse), (1, WorldOp.Expire), (2, WorldOp.Cancel), (6, WorldOp.ClawBack),
        (2, WorldOp.ChangeProfile), (3, WorldOp.DecideProfileChange),
        (2, WorldOp.TopUpEnvelope), (2, WorldOp.ReduceEnvelope), (1, WorldOp.CloseProgram), (2, WorldOp.Extend),
        (1, WorldOp.SuspendProvider), (1, WorldOp.ReinstateProvider), (3, WorldOp.CarryOver),
    ];

    private static readonly Gen<Op> Ops =
        from kind in Gen.Frequency(Weights.Select(w => (w.Weight, Gen.Constant(w.Kind))))
        from pick in Gen.Choose(0, 9_999)
        from who in Gen.Choose(0, 9)
        from percent in Gen.Choose(1, 100)
        from millions in Gen.Frequency((8, Gen.Choose(1, 20)), (4, Gen.Choose(21, 60)), (1, Gen.Choose(61, 150)), (1, Gen.Constant(0)))
        select new Op(kind, pick, who, percent, millions);

    private static readonly Gen<Op[]> Sequences = from length in Gen.Choose(400, 600) from ops in Gen.ArrayOf(Ops, length) select ops;

    private readonly Dictionary<string, int> _events = [];
    private readonly HashSet<VoucherStatus> _reached = [];

    [Fact]
    public void RandomVoucherOperations_KeepTheLedgerTheFundPositionAndEveryVoucherInAgreement()
    {
        var clock = Stopwatch.StartNew();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60), Prop.ForAll(Sequences.ToArbitrary(), Run));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s; " + string.Join(", ", _events.OrderBy(e => e.Key).Select(e => $"{e.Key} {e.Value}")));

        // the generator reached every status, every operation was both accepted and refused, and the variants below happened
        // (rarer combinations, e.g. a cancellation in rework, are VoucherLedgerAgreementTests' side paths)
        Assert.Equal(Enum.GetValues<VoucherStatus>().Order(), _reached.Order());
        foreach (var kind in Enum.GetValues<WorldOp>())
        {
            Assert.True(_events.GetValueOrDefault($"{kind}:{Outcome.Accepted}") >= 5, $"{kind} accepted only {_events.GetValueOrDefault($"{kind}:{Outcome.Accepted}")} times");
            Assert.True(_events.GetValueOrDefault($"{kind}:{Outcome.RefusedByAggregate}") >= 5, $"{kind} refused only {_events.GetValueOrDefault($"{kind}:{Outcome.RefusedByAggregate}")} times");
        }
        string[] reached =
        [
            "Approve:Recommended->AwaitingSecondApproval", "Approve:AwaitingSecondApproval->Issued", "Approve:Recommended->Issued",
            "Withdraw:Issued->Withdrawn", "Withdraw:Submitted->Withdrawn", "Cancel:Issued->Cancelled", "Cancel:Redeemed->Cancelled",
            "Cancel:Delivered->Cancelled", "Cancel:Disputed->Cancelled", "Expire:Issued->Expired",
            "ClawBack:Settled->ClawedBack", "ClawBack:Paid->ClawedBack", "ClawBack:partial-from-Settled", "ClawBack:partial-from-Paid",
            "Accept:partial", "Deliver:InRework->Delivered",
            "ApproveEnvelope:RefusedByLedger", "Approve:RefusedByLedger", "refused:ledger.exceeds-credits",
            "refused:sod.recommender-cannot-approve", "refused:sod.four-eyes-same-officer", "refused:sod.approver-cannot-authorise-payment",
            "refused:sod.provider-cannot-accept-own-delivery", "refused:voucher.expired", "refused:voucher.clawback-out-of-range",
            "refused:voucher.acceptance-exceeds-support", "refused:voucher.approval-exceeds-request", "refused:program.per-sme-year-cap-exceeded",
            // the money rules a hostile user tried to bend (docs/threat-model.md)
            "refused:redemption.related-party", "refused:redemption.contract-above-list-price", "refused:redemption.support-below-minimum",
            "refused:program.below-minimum-support", "refused:sod.approver-cannot-record-payment", "refused:sod.authoriser-cannot-record-payment",
            "Approve:cumulative-four-eyes", "Apply:branch", "ChangeProfile:Applied", "ChangeProfile:PendingReview", "refused:enterprise.profile-change-pending",
            "refused:enterprise.profile-under-review", "DecideProfileChange:Approved", "DecideProfileChange:Rejected",
            // the funder extends a validity (issue 16): no money moves, the ledger and the voucher still agree
            "Extend:Issued->Issued", "refused:voucher.extension-beyond-limit", "refused:voucher.extension-not-later",
            "refused:sod.declarant-cannot-decide-own-change", "refused:enterprise.profile-change-not-pending",
            // programs amended and closed by finance (issue 16)
            "TopUpEnvelope:RefusedByLedger", "refused:program.reduction-exceeds-available",
            "refused:program.closed",
            // providers suspended and reinstated (issue 16): a suspended provider redeems nothing
            "SuspendProvider:Accepted", "ReinstateProvider:Accepted", "refused:provider.accreditation-not-active",
            "refused:provider.accreditation-not-suspended", "refused:provider.suspended",
            // the fiscal year end (issue 16): what 2026 left open is stopped, then carried over (or cancelled: released). A
            // settlement stopped by the year end, and carry-overs in the later states, are too rare here to be sure of in every
            // run: YearEndTests and YearEndApiTests make them
            "YearEnded", "CarryOver:Issued->Issued", "refused:year-end.year-not-ended", "refused:program.fiscal-year-ended",
        ];
        output.WriteLine("reached: " + string.Join(", ", reached.Select(e => $"{e} {_events.GetValueOrDefault(e)}")));
        Assert.All(reached, e => Assert.True(_events.GetValueOrDefault(e) > 0, $"never: {e}"));
    }

    private bool Run(Op[] ops)
    {
        var w = new VoucherLedgerWorld();
        foreach (var op in ops)
        {
            var before = w.Snapshot();
            var outcome = w.Run(op);
            if (outcome != Outcome.Accepted)
            {
                var after = w.Snapshot();
                Assert.Equal(before.Aggregates, after.Aggregates); // the same aggregates: none added, none replaced (the world checks none changed)
                Assert.Equal(before.Ledger, after.Ledger);
                Assert.Equal(before.Log, after.Log);
            }
            AssertReconciles(w);
            _reached.UnionWith(w.Vouchers.Select(v => v.Status));
        }

        // the log alone reproduces the stored balances
        var replayed = LedgerReplay.Replay(w.Ledger.Log);
        Assert.All(w.Accounts, a => Assert.Equal(replayed.GetValueOrDefault(a.Id), (a.DebitsPending, a.DebitsPosted, a.CreditsPending, a.CreditsPosted)));

        // the same operations on a fresh world: the same balances and log, up to the ids and codes the domain generates
        var again = new VoucherLedgerWorld();
        foreach (var op in ops) again.Run(op);
        Assert.Equal(Canonical(w), Canonical(again));

        foreach (var (name, count) in w.Events) _events[name] = _events.GetValueOrDefault(name) + count;
        return true;
    }

    private static void AssertReconciles(VoucherLedgerWorld w)
    {
        // the ledger's own guarantees: double entry, constraints
        Assert.True(LedgerReplay.IsBalanced(w.Ledger.Accounts));
        Assert.All(w.Accounts.Where(a => a.Flags.HasFlag(AccountFlags.DebitsMustNotExceedCredits)),
            a => Assert.True((Int128)a.DebitsPending + a.DebitsPosted <= a.CreditsPosted, a.Name));

        // every voucher agrees with the transfers that name it, and every such transfer is a stored voucher's
        var byVoucher = w.Ledger.Log.Where(t => t.VoucherId is not null).ToLookup(t => t.VoucherId!.Value);
        Assert.All(byVoucher, g => Assert.Contains(w.Vouchers, v => v.Id == g.Key));
        foreach (var v in w.Vouchers)
        {
            var findings = VoucherLedgerAgreement.Check(v, byVoucher[v.Id]);
            Assert.True(findings.Count == 0, string.Join("\n", findings.Select(f => $"{f.Code}: {f.Message}")));
        }

        // the fund position of each year: the identity, and each figure against the vouchers and decisions it stands for
        var balances = LedgerReplay.Replay(w.Ledger.Log);
        var position = FundPositions.Of(w.Accounts.Where(a => a.FiscalYear == 2026), balances);
        var next = FundPositions.Of(w.Accounts.Where(a => a.FiscalYear == 2027), balances);
        Assert.True(position.Balanced, $"{position}");
        Assert.True(next.Balanced, $"{next}");
        Assert.Equal(w.Allocated, position.Allocated);
        Assert.Equal(0, next.Allocated);
        Assert.Equal(w.Allocated - w.Programs.Where(p => p.Status != ProgramStatus.Draft).Sum(p => p.Envelope.Dong), position.UnassignedToPrograms);
        // what 2026 carried forward is what 2027 brought forward: the face values of the vouchers carried over
        Assert.Equal(position.CarriedForward, next.BroughtForward);
        Assert.Equal(w.Vouchers.Where(v => v.BudgetYear == 2027).Sum(v => v.FaceValue!.Value.Dong), next.BroughtForward);
        foreach (var program in w.Programs)
        {
            var vouchers = w.Vouchers.Where(v => v.ProgramId == program.Id).ToList();
            foreach (var (year, figures) in new[] { (2026, position.Program(program.Id)), (2027, next.Program(program.Id)) })
            {
                var paidBy = vouchers.Where(v => v.BudgetYear == year).ToList();
                Assert.Equal(paidBy.Where(v => VoucherLifecycle.HoldingCommitment.Contains(v.Status)).Sum(v => v.FaceValue!.Value.Dong), figures.Committed);
                Assert.Equal(paidBy.Sum(v => Owed(v, paid: false)), figures.Payable);
                Assert.Equal(paidBy.Sum(v => Owed(v, paid: true)), figures.Disbursed);
            }
            // the envelope net of top-ups, reductions and the return on closing is all the program's accounts hold, with what
            // the year end carried on to 2027; there, the program holds exactly what was brought forward
            var own = position.Program(program.Id);
            Assert.Equal(program.Status != ProgramStatus.Draft ? program.Envelope.Dong : 0, own.Held + own.CarriedForward);
            Assert.Equal(next.Program(program.Id).BroughtForward, next.Program(program.Id).Held);
        }
        Assert.Equal(w.Vouchers.Where(v => v.BudgetYear == 2026 && VoucherLifecycle.HoldingCommitment.Contains(v.Status)).Sum(v => v.FaceValue!.Value.Dong),
            position.Committed);

        AssertMoneyRulesHold(w);
    }

    /// <summary>The rules a hostile SME, provider or officer tried to bend hold over whatever sequence ran (docs/threat-model.md).</summary>
    private static void AssertMoneyRulesHold(VoucherLedgerWorld w)
    {
        var counted = w.Vouchers.Where(v => VoucherLifecycle.CountsAgainstSmeCap.Contains(v.Status)).ToList();
        foreach (var g in counted.GroupBy(v => (v.HeadOfficeTaxCode, v.ProgramId)))
        {
            // an enterprise and its branches hold at most one yearly cap (the largest of the size classes they applied as)
            var program = w.Programs.Single(p => p.Id == g.Key.ProgramId);
            var held = g.Sum(v => VoucherLifecycle.AmountHeld(v.FaceValue, v.ProposedAmount, v.RequestedAmount).Dong);
            Assert.True(held <= g.Max(v => program.CapFor(v.SizeClass).PerSmePerYear.Dong), $"{g.Key.HeadOfficeTaxCode} holds {held} in {program.Code}");
            // what one officer issued alone to one enterprise in one program stays below the four-eyes threshold
            var officers = g.SelectMany(v => v.History.Where(h => h.Trigger == VoucherTrigger.Approve).Select(h => h.ActorSubject)).Distinct();
            foreach (var officer in officers)
                Assert.True(w.IssuedAlone(officer, g.Key.HeadOfficeTaxCode, g.Key.ProgramId) < VoucherLedgerWorld.Policy.SecondApprovalFrom,
                    $"{officer} issued {w.IssuedAlone(officer, g.Key.HeadOfficeTaxCode, g.Key.ProgramId)} alone to {g.Key.HeadOfficeTaxCode}");
        }
        foreach (var v in w.Vouchers)
        {
            var program = w.Programs.Single(p => p.Id == v.ProgramId);
            // the voucher keeps the profile it applied (or was resubmitted) under, and that profile was eligible
            Assert.Equal(v.SizeClass, v.Eligibility!.SizeClass);
            if (!program.Nationwide) Assert.Equal(program.ProvinceCode, v.Eligibility.ProvinceCode);
            Assert.Equal(v.EnterpriseTaxCode.HeadOffice.Value, v.HeadOfficeTaxCode);
            // no approval, payment authorisation or payment record by the same person; none by the recommender
            var duties = new[] { VoucherTrigger.Recommend, VoucherTrigger.Approve, VoucherTrigger.Settle, VoucherTrigger.Disburse }
                .Select(t => v.History.Where(h => h.Trigger == t).Select(h => h.ActorSubject).ToHashSet()).ToList();
            for (var i = 0; i < duties.Count; i++)
                for (var j = i + 1; j < duties.Count; j++)
                    Assert.False(duties[i].Overlaps(duties[j]), $"voucher {v.Code}: one subject holds two duties");
            if (v.ProviderId is not { } providerId) continue;
            // never in a related party's hands; the contract within the list price and the margin; a payable support
            var provider = w.Providers.Single(p => p.Id == providerId);
            Assert.NotEqual(provider.TaxCode.HeadOffice.Value, v.HeadOfficeTaxCode);
            Assert.True(v.ContractValue <= v.PriceCeiling && v.PriceCeiling == program.PriceCeiling(provider.ListPriceOf(v.ServiceKind)!.Value));
            Assert.True(v.SupportAmount >= program.MinimumSupport && v.SupportAmount > Money.Zero);
        }
        // one change waits per enterprise at most, and it is the one the enterprise names; a waiting change always re-qualifies
        foreach (var e in w.Smes)
        {
            var waiting = w.ProfileChanges.Where(c => c.EnterpriseId == e.Id && c.Status == EnterpriseProfileChangeStatus.PendingReview).ToList();
            Assert.Equal(e.PendingProfileChangeId, waiting.SingleOrDefault()?.Id);
            Assert.All(waiting, c => Assert.True(c.Requalifies));
        }
    }

    /// <summary>What a voucher leaves payable (settled, not paid) or disbursed (paid): the accepted amount, less what was clawed back.</summary>
    private static long Owed(Voucher v, bool paid)
    {
        var wasPaid = v.History.Any(h => h.To == VoucherStatus.Paid);
        if (wasPaid != paid || v.Status is not (VoucherStatus.Settled or VoucherStatus.Paid or VoucherStatus.ClawedBack)) return 0;
        return v.AcceptedAmount!.Value.Dong - (v.ClawedBackAmount?.Dong ?? 0);
    }

    /// <summary>Balances, the log and the vouchers' money, with each generated id replaced by the order it first appears in and each voucher code by its index.</summary>
    private static IReadOnlyList<string> Canonical(VoucherLedgerWorld w)
    {
        var ids = new Dictionary<Guid, int>();
        string Id(Guid? id) => id is not { } g ? "-" : (ids.TryGetValue(g, out var i) ? i : ids[g] = ids.Count).ToString();
        string Codes(string? text) => w.Vouchers.Select((v, i) => (v.Code, i)).Aggregate(text ?? "", (s, c) => s.Replace(c.Code, $"V{c.i}"));
        foreach (var a in w.Accounts) Id(a.Id);
        foreach (var v in w.Vouchers) Id(v.Id);
        return
        [
            .. w.Accounts.Select(a => $"account {Id(a.Id)} {a.Code} {a.DebitsPending} {a.DebitsPosted} {a.CreditsPending} {a.CreditsPosted} v{a.Version}"),
            .. w.Ledger.Log.Select(t => $"transfer {Id(t.Id)} {t.Kind}/{t.Phase} {t.Amount} {Id(t.DebitAccountId)}→{Id(t.CreditAccountId)} " +
                $"pending {Id(t.PendingId)} batch {Id(t.CorrelationId)} voucher {Id(t.VoucherId)} provider {Id(t.ProviderId)} {t.Timestamp:O} " +
                $"{Codes(t.Reference)} | {Codes(t.Reason)}"),
            .. w.Vouchers.Select(v => $"voucher {Id(v.Id)} {v.Status} {v.FaceValue} {v.AcceptedAmount} {v.ClawedBackAmount} {v.History.Count}"),
        ];
    }
}
