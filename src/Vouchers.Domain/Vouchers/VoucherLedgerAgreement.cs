using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;

namespace Vouchers.Domain.Vouchers;

/// <summary>One way a voucher's state and its ledger transfers disagree: a stable code, the voucher, the transfer concerned (if one), why.</summary>
public sealed record VoucherLedgerFinding(string Code, Guid VoucherId, Guid? TransferId, string Message);

/// <summary>
/// Reconciles a voucher with the ledger transfers that name it (<see cref="LedgerTransfer.VoucherId"/>): what its
/// status and history say the ledger must hold, against what it holds. Pure; the rules read the lifecycle methods of
/// <see cref="Voucher"/>:
/// <list type="bullet">
/// <item>before the (final) approval, and when rejected or withdrawn before issue: no transfer;</item>
/// <item>issued and every state up to PaymentClaimed (<see cref="VoucherLifecycle.HoldingCommitment"/>): the commitment
/// (<see cref="Voucher.CommitmentTransferId"/>, pending, the face value, no provider), unresolved;</item>
/// <item>Expired, Cancelled, Withdrawn after issue: the commitment voided (a Release) for its whole amount;</item>
/// <item>Settled: the commitment posted (a Settlement) for the accepted amount to the bound provider; Paid: also a
/// Disbursement of the accepted amount payable → disbursed; ClawedBack: a Clawback of the clawed-back amount into the
/// program budget, from disbursed if it was paid first, else from payable;</item>
/// <item>carried over (chuyển nguồn): each CarryOver history line names the new year's commitment, and the commitment before
/// it was voided whole by a CarryOverRelease, its amount carried forward out of its budget and brought forward into the
/// new commitment's budget, in the new commitment's batch; the last commitment is the one the rules above hold;</item>
/// <item>every history line's transfer is one of these, and each of these is named by exactly one history line, the
/// one whose trigger made it.</item>
/// </list>
/// </summary>
public static class VoucherLedgerAgreement
{
    /// <summary>A transfer handed in that names another voucher (or none).</summary>
    public const string ForeignTransfer = "voucher-ledger.foreign-transfer";
    /// <summary>A transfer of the voucher that its state does not account for (e.g. any transfer before approval, a second disbursement).</summary>
    public const string UnexpectedTransfer = "voucher-ledger.unexpected-transfer";
    /// <summary>An issued voucher whose commitment (pending, <see cref="Voucher.CommitmentTransferId"/>) is not in the ledger.</summary>
    public const string CommitmentMissing = "voucher-ledger.commitment-missing";
    /// <summary>The commitment is not for the face value.</summary>
    public const string CommitmentAmount = "voucher-ledger.commitment-amount";
    /// <summary>The commitment was settled or released though the voucher still holds it.</summary>
    public const string CommitmentResolved = "voucher-ledger.commitment-resolved";
    /// <summary>More than one transfer resolves the commitment.</summary>
    public const string CommitmentResolvedTwice = "voucher-ledger.commitment-resolved-twice";
    /// <summary>The commitment was released where it should be settled, or settled where it should be released.</summary>
    public const string WrongResolution = "voucher-ledger.wrong-resolution";
    public const string SettlementMissing = "voucher-ledger.settlement-missing";
    /// <summary>The settlement did not post the accepted amount.</summary>
    public const string SettlementAmount = "voucher-ledger.settlement-amount";
    public const string ReleaseMissing = "voucher-ledger.release-missing";
    /// <summary>The release did not void the whole commitment.</summary>
    public const string ReleaseAmount = "voucher-ledger.release-amount";
    public const string DisbursementMissing = "voucher-ledger.disbursement-missing";
    /// <summary>The disbursement is not the accepted amount.</summary>
    public const string DisbursementAmount = "voucher-ledger.disbursement-amount";
    public const string ClawbackMissing = "voucher-ledger.clawback-missing";
    /// <summary>The clawback is not the clawed-back amount.</summary>
    public const string ClawbackAmount = "voucher-ledger.clawback-amount";
    /// <summary>A settlement, disbursement or clawback not for the bound provider, or a commitment or release that names one.</summary>
    public const string WrongProvider = "voucher-ledger.wrong-provider";
    /// <summary>A transfer between other accounts than the commitment's (budget, payable) and the disbursement's.</summary>
    public const string WrongAccounts = "voucher-ledger.wrong-accounts";
    /// <summary>A history line names a transfer that is not among the voucher's transfers.</summary>
    public const string HistoryNamesUnknownTransfer = "voucher-ledger.history-names-unknown-transfer";
    /// <summary>A transfer the voucher made that no history line names.</summary>
    public const string TransferNotInHistory = "voucher-ledger.transfer-not-in-history";
    /// <summary>A transfer named by more than one history line.</summary>
    public const string TransferInHistoryTwice = "voucher-ledger.transfer-in-history-twice";
    /// <summary>The history line naming a transfer is not the step that makes that kind of transfer (e.g. a Settle line naming the commitment).</summary>
    public const string HistoryWrongTrigger = "voucher-ledger.history-wrong-trigger";
    /// <summary>
    /// A carry-over (chuyển nguồn) that is not the four transfers it must be: the earlier year's commitment voided whole by a
    /// CarryOverRelease, the face value carried forward out of that commitment's budget and brought forward into the new
    /// one's in the same batch as the new commitment.
    /// </summary>
    public const string CarryOverIncomplete = "voucher-ledger.carry-over-incomplete";


    private enum Resolution { None, Settlement, Release }

    /// <summary>What the voucher's state says the ledger holds for it.</summary>
    private sealed record Expected(bool Commitment, Resolution Resolution, bool Disbursement, bool Clawback);

    private static Expected ExpectedOf(Voucher v)
    {
        bool Reached(VoucherStatus s) => v.History.Any(h => h.To == s);
        return v.Status switch
        {
            VoucherStatus.Submitted or VoucherStatus.ReturnedForInfo or VoucherStatus.Recommended or VoucherStatus.AwaitingSecondApproval
                or VoucherStatus.Rejected => new(false, Resolution.None, false, false),
            VoucherStatus.Withdrawn => Reached(VoucherStatus.Issued) ? new(true, Resolution.Release, false, false) : new(false, Resolution.None, false, false),
            _ when VoucherLifecycle.HoldingCommitment.Contains(v.Status) => new(true, Resolution.None, false, false),
            VoucherStatus.Expired or VoucherStatus.Cancelled => new(true, Resolution.Release, false, false),
            VoucherStatus.Settled => new(true, Resolution.Settlement, false, false),
            VoucherStatus.Paid => new(true, Resolution.Settlement, true, false),
            VoucherStatus.ClawedBack => new(true, Resolution.Settlement, Reached(VoucherStatus.Paid), true),
            _ => throw new ArgumentOutOfRangeException(nameof(v), v.Status, "No ledger rule for this voucher status."),
        };
    }

    /// <summary>
    /// Every disagreement between <paramref name="voucher"/> and <paramref name="transfers"/> (the ledger transfers that
    /// name it, in any order); empty when they agree. One finding per fact: a transfer reported as unexpected is not also
    /// reported as missing from the history, and a missing transfer is not also reported as unknown to the history.
    /// </summary>
    public static IReadOnlyList<VoucherLedgerFinding> Check(Voucher voucher, IEnumerable<LedgerTransfer> transfers)
    {
        ArgumentNullException.ThrowIfNull(voucher);
        ArgumentNullException.ThrowIfNull(transfers);
        return new Reconciliation(voucher, transfers).Run();
    }

    /// <summary>One check of one voucher: the state it reads and the findings it collects.</summary>
    private sealed class Reconciliation
    {
        private readonly Voucher _v;
        private readonly Expected _expected;
        private readonly List<LedgerTransfer> _own = [];
        private readonly List<VoucherLedgerFinding> _findings = [];
        /// <summary>The voucher's transfers that some rule accounted for; the rest are unexpected.</summary>
        private readonly HashSet<LedgerTransfer> _accounted = [];
        /// <summary>The transfers the voucher made, each with the step that makes it (what the history must name).</summary>
        private readonly List<(LedgerTransfer Transfer, VoucherTrigger By)> _made = [];
        /// <summary>Transfer ids the history names that a finding already explains (a missing or wrongly resolved transfer).</summary>
        private readonly HashSet<Guid> _explained = [];
        private readonly Money _face, _accepted, _clawedBack;
        private LedgerTransfer? _commitment, _disbursement;

        public Reconciliation(Voucher v, IEnumerable<LedgerTransfer> transfers)
        {
            _v = v;
            _expected = ExpectedOf(v);
            (_face, _accepted, _clawedBack) = (v.FaceValue ?? Money.Zero, v.AcceptedAmount ?? Money.Zero, v.ClawedBackAmount ?? Money.Zero);
            foreach (var t in transfers)
            {
                if (t.VoucherId == v.Id) _own.Add(t);
                else Find(ForeignTransfer, t, $"transfer {t.Id} ({t.Kind}) names {(t.VoucherId is { } other ? $"voucher {other}" : "no voucher")}.");
            }
            _own = [.. _own.OrderBy(t => t.Timestamp).ThenBy(t => t.Phase)];
        }

        public IReadOnlyList<VoucherLedgerFinding> Run()
        {
            if (_expected.Commitment)
            {
                CheckCommitment();
                CheckResolution();
            }
            CheckDisbursement();
            CheckClawback();
            foreach (var t in _own.Where(t => !_accounted.Contains(t)))
                Find(UnexpectedTransfer, t, $"{t.Kind} {t.Id} of {t.Amount} is not accounted for by the voucher's state.");
            CheckHistory();
            return _findings;
        }

        private void CheckCommitment()
        {
            var carried = CheckCarryOvers();
            _commitment = _v.CommitmentTransferId is { } id
                ? _own.FirstOrDefault(t => t.Id == id && t.Kind == TransferKind.Commitment && t.Phase == TransferPhase.Pending)
                : null;
            if (_commitment is null)
            {
                Missing(VoucherTrigger.Approve, CommitmentMissing, _v.CommitmentTransferId is { } missing
                    ? $"its commitment {missing} of {_face} is not a pending Commitment in the ledger."
                    : $"it was issued for {_face} but names no commitment.");
                if (_v.CommitmentTransferId is { } named) _explained.Add(named);
                return;
            }
            Made(_commitment, carried ? VoucherTrigger.CarryOver : VoucherTrigger.Approve);
            if (_commitment.Amount != _face)
                Find(CommitmentAmount, _commitment, $"the commitment {_commitment.Id} is for {_commitment.Amount}, but the face value is {_face}.");
            Provider(_commitment, null);
        }

        /// <summary>
        /// The commitments before the current one, if the voucher was carried over: each one the approval or an earlier
        /// carry-over made, voided by the carry-over after it, whose batch moved its amount from its budget to the new one.
        /// Returns whether the voucher was carried over (its current commitment is then the last carry-over's).
        /// </summary>
        private bool CheckCarryOvers()
        {
            var carries = _v.History.Where(h => h.Trigger == VoucherTrigger.CarryOver).ToList();
            if (carries.Count == 0) return false;
            var approval = _v.History.LastOrDefault(h => h.Trigger == VoucherTrigger.Approve && h.TransferId is not null);
            var (previous, previousBy) = (PendingCommitment(approval?.TransferId), VoucherTrigger.Approve);
            foreach (var line in carries)
            {
                var next = PendingCommitment(line.TransferId);
                if (previous is null || next is null)
                {
                    Explain(VoucherTrigger.CarryOver);
                    Find(CarryOverIncomplete, null, $"history line {line.Sequence} carries a commitment over, but " +
                        (previous is null ? "the commitment it carried is not a pending Commitment in the ledger." : $"the commitment it names ({line.TransferId}) is not."));
                    return true;
                }
                Made(previous, previousBy);
                if (previous.Amount != _face)
                    Find(CommitmentAmount, previous, $"the commitment {previous.Id} is for {previous.Amount}, but the face value is {_face}.");
                var release = One(TransferKind.CarryOverRelease, t => t.PendingId == previous.Id, $"no CarryOverRelease voids the commitment {previous.Id} it carried");
                if (release is not null && (release.Amount != previous.Amount || release.CorrelationId != next.CorrelationId))
                    Find(CarryOverIncomplete, release, $"the CarryOverRelease {release.Id} voided {release.Amount} in another batch or not the whole {previous.Amount}.");
                var forward = One(TransferKind.CarryForward, t => t.CorrelationId == next.CorrelationId, $"no CarryForward in the batch of {next.Id}");
                if (forward is not null && (forward.Amount != _face || forward.DebitAccountId != previous.DebitAccountId))
                    Find(CarryOverIncomplete, forward, $"the CarryForward {forward.Id} moved {forward.Amount} out of account {forward.DebitAccountId}, not {_face} out of the carried commitment's budget.");
                var bring = One(TransferKind.BringForward, t => t.CorrelationId == next.CorrelationId, $"no BringForward in the batch of {next.Id}");
                if (bring is not null && (bring.Amount != _face || bring.CreditAccountId != next.DebitAccountId))
                    Find(CarryOverIncomplete, bring, $"the BringForward {bring.Id} moved {bring.Amount} into account {bring.CreditAccountId}, not {_face} into the new commitment's budget.");
                (previous, previousBy) = (next, VoucherTrigger.CarryOver);
            }
            return true;
        }

        private LedgerTransfer? PendingCommitment(Guid? id) =>
            id is { } named ? _own.FirstOrDefault(t => t.Id == named && t.Kind == TransferKind.Commitment && t.Phase == TransferPhase.Pending) : null;

        /// <summary>The one unaccounted transfer of <paramref name="kind"/> that <paramref name="match"/>es, now accounted; a finding if there is none.</summary>
        private LedgerTransfer? One(TransferKind kind, Func<LedgerTransfer, bool> match, string missing)
        {
            var t = _own.FirstOrDefault(t => t.Kind == kind && !_accounted.Contains(t) && match(t));
            if (t is null) Find(CarryOverIncomplete, null, missing + ".");
            else _accounted.Add(t);
            return t;
        }

        /// <summary>Settled or released, at most once; or still pending while the voucher holds it.</summary>
        private void CheckResolution()
        {
            var resolutions = _own.Where(t => t.PendingId is { } p && p == _v.CommitmentTransferId
                && t.Phase is TransferPhase.PostPending or TransferPhase.VoidPending).ToList();
            _accounted.UnionWith(resolutions);
            var settles = _expected.Resolution == Resolution.Settlement;
            var (kind, phase, by) = settles
                ? (TransferKind.Settlement, TransferPhase.PostPending, VoucherTrigger.Settle)
                : (TransferKind.Release, TransferPhase.VoidPending, ReleasedBy(_v.Status));
            // the resolution the state expects (the one its history names first) if it is among several; any other resolved the commitment again
            var resolution = resolutions.Where(t => _expected.Resolution != Resolution.None && t.Kind == kind && t.Phase == phase)
                .OrderBy(t => NamedBy(by, t) ? 0 : 1).FirstOrDefault() ?? resolutions.FirstOrDefault();
            foreach (var again in resolutions.Where(t => t != resolution))
                Find(CommitmentResolvedTwice, again,
                    $"the commitment {_v.CommitmentTransferId} was resolved by {resolution!.Kind} {resolution.Id} and again by {again.Kind} {again.Id}.");

            var whole = _commitment?.Amount ?? _face;
            if (_expected.Resolution == Resolution.None)
            {
                if (resolution is not null)
                    Find(CommitmentResolved, resolution,
                        $"the voucher still holds its commitment of {whole}, but {resolution.Kind} {resolution.Id} resolved it ({resolution.Amount}).");
                return;
            }
            if (resolution is null)
            {
                Missing(by, settles ? SettlementMissing : ReleaseMissing, settles
                    ? $"no settlement posts its commitment for the accepted {_accepted}."
                    : $"no release voids its commitment of {whole}.");
                return;
            }
            if (resolution.Kind != kind || resolution.Phase != phase)
            {
                Explain(by);
                Find(WrongResolution, resolution, $"its commitment should be resolved by a {kind}, but {resolution.Kind} {resolution.Id} ({resolution.Amount}) resolved it.");
                return;
            }

            Made(resolution, by);
            if (settles && resolution.Amount != _accepted)
                Find(SettlementAmount, resolution, $"the settlement {resolution.Id} posted {resolution.Amount}, but the accepted amount is {_accepted}.");
            if (!settles && resolution.Amount != whole)
                Find(ReleaseAmount, resolution, $"the release {resolution.Id} voided {resolution.Amount}, but the commitment is for {whole}.");
            Provider(resolution, settles ? _v.ProviderId : null);
            Accounts(resolution, _commitment?.DebitAccountId, _commitment?.CreditAccountId, "the commitment's accounts");
        }

        private void CheckDisbursement()
        {
            _disbursement = Single(TransferKind.Disbursement, _expected.Disbursement, VoucherTrigger.Disburse, DisbursementMissing,
                $"no disbursement pays the accepted {_accepted} to the provider.");
            if (_disbursement is not { } t) return;
            if (t.Amount != _accepted)
                Find(DisbursementAmount, t, $"the disbursement {t.Id} paid {t.Amount}, but the accepted amount is {_accepted}.");
            Provider(t, _v.ProviderId);
            Accounts(t, _commitment?.CreditAccountId, null, "out of the commitment's payable account");
        }

        /// <summary>Back into the budget: out of disbursed if the voucher was paid first, else out of payable.</summary>
        private void CheckClawback()
        {
            var t = Single(TransferKind.Clawback, _expected.Clawback, VoucherTrigger.ClawBack, ClawbackMissing, $"no clawback recovers {_clawedBack}.");
            if (t is null) return;
            if (t.Amount != _clawedBack)
                Find(ClawbackAmount, t, $"the clawback {t.Id} recovered {t.Amount}, but the voucher records {_clawedBack} clawed back.");
            Provider(t, _v.ProviderId);
            var paid = _expected.Disbursement;
            Accounts(t, paid ? _disbursement?.CreditAccountId : _commitment?.CreditAccountId, _commitment?.DebitAccountId,
                paid ? "from the disbursed account back to the budget (it was paid)" : "from the payable account back to the budget (it was not paid)");
        }

        /// <summary>The history names exactly the transfers the voucher made, each once, on the step that made it.</summary>
        private void CheckHistory()
        {
            var ids = _own.Select(t => t.Id).ToHashSet();
            foreach (var line in _v.History.Where(h => h.TransferId is { } id && !ids.Contains(id) && !_explained.Contains(id)))
                Find(HistoryNamesUnknownTransfer, null, $"history line {line.Sequence} ({line.Trigger}) names transfer {line.TransferId}, which is not among its transfers.");
            foreach (var (t, by) in _made)
            {
                var lines = _v.History.Where(h => h.TransferId == t.Id).ToList();
                if (lines.Count == 0)
                    Find(TransferNotInHistory, t, $"no history line names the {t.Kind} {t.Id} of {t.Amount}.");
                else if (lines.Count > 1)
                    Find(TransferInHistoryTwice, t, $"history lines {string.Join(", ", lines.Select(l => l.Sequence))} all name the {t.Kind} {t.Id}.");
                else if (lines[0].Trigger != by)
                    Find(HistoryWrongTrigger, t, $"history line {lines[0].Sequence} ({lines[0].Trigger}) names the {t.Kind} {t.Id}, which only {by} makes.");
            }
        }

        /// <summary>The one transfer of a kind the voucher makes at most once (the one its history names, if several); any other stays unexpected.</summary>
        private LedgerTransfer? Single(TransferKind kind, bool isExpected, VoucherTrigger by, string missingCode, string missingMessage)
        {
            if (!isExpected) return null;
            var t = _own.Where(t => t.Kind == kind && !_accounted.Contains(t)).OrderBy(t => NamedBy(by, t) ? 0 : 1).FirstOrDefault();
            if (t is null) Missing(by, missingCode, missingMessage);
            else Made(t, by);
            return t;
        }

        private void Made(LedgerTransfer t, VoucherTrigger by)
        {
            _accounted.Add(t);
            _made.Add((t, by));
        }

        private void Missing(VoucherTrigger by, string code, string message)
        {
            Explain(by);
            Find(code, null, message);
        }

        private void Provider(LedgerTransfer t, Guid? provider)
        {
            if (t.ProviderId != provider)
                Find(WrongProvider, t, $"the {t.Kind} {t.Id} names provider {t.ProviderId?.ToString() ?? "none"}, " +
                    $"but the voucher's is {provider?.ToString() ?? "none (not yet redeemed when it was made)"}.");
        }

        private void Accounts(LedgerTransfer t, Guid? debit, Guid? credit, string what)
        {
            if ((debit is { } d && t.DebitAccountId != d) || (credit is { } c && t.CreditAccountId != c))
                Find(WrongAccounts, t, $"the {t.Kind} {t.Id} moves money from account {t.DebitAccountId} to {t.CreditAccountId}, not {what}.");
        }

        private bool NamedBy(VoucherTrigger by, LedgerTransfer t) => _v.History.Any(h => h.Trigger == by && h.TransferId == t.Id);

        /// <summary>The history lines of <paramref name="by"/> name the transfer a finding already reports as missing or wrong.</summary>
        private void Explain(VoucherTrigger by) =>
            _explained.UnionWith(_v.History.Where(h => h.Trigger == by && h.TransferId is not null).Select(h => h.TransferId!.Value));

        private void Find(string code, LedgerTransfer? t, string message) =>
            _findings.Add(new VoucherLedgerFinding(code, _v.Id, t?.Id, $"Voucher {_v.Code} ({_v.Status}): {message}"));
    }

    private static VoucherTrigger ReleasedBy(VoucherStatus status) => status switch
    {
        VoucherStatus.Expired => VoucherTrigger.Expire,
        VoucherStatus.Cancelled => VoucherTrigger.Cancel,
        _ => VoucherTrigger.Withdraw,
    };
}
