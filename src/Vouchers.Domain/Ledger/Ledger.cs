// Guarantees
//  1. Double entry: every transfer debits one account and credits another by the same amount, so across all
//     accounts Σ debits posted = Σ credits posted and Σ debits pending = Σ credits pending, always.
//  2. Linked batches are atomic: either every request in the batch becomes a transfer and every balance changes,
//     or the batch is refused with a LedgerException naming the first refused request and nothing changes.
//  3. Balance constraints hold after every transfer: a DebitsMustNotExceedCredits account never has
//     debits pending + debits posted above credits posted (CreditsMustNotExceedDebits: the mirror image).
//     Pending debits count, so a commitment reserves budget that nobody else can spend.
//  4. Transfers are immutable and append-only, with unique ids; a mistake is corrected by new transfers
//     (a Correction, which must state its reason; a Release; a Clawback), never by editing or deleting one.
//  5. A pending transfer is resolved at most once: posted (1..its amount; the remainder is released) or voided.
//  6. Balances are a function of the transfers alone: LedgerReplay recomputes them from the transfer log.
//  7. No overflow: a transfer that would overflow a balance, or the sum of an account's pending and posted
//     debits (or credits), is refused.
//  8. Amounts are positive whole đồng (VND has no minor unit).
//  9. An account's Version increments whenever its balances change: the application maps it as the
//     optimistic-concurrency token, so two batches racing on one account cannot both be saved.
// 10. Deterministic: no clock, no randomness, no I/O — the time and the view of the data are arguments.

using Vouchers.Domain.Common;

namespace Vouchers.Domain.Ledger;

/// <summary>The ledger's only operation: execute a linked batch of transfer requests (TigerBeetle semantics).</summary>
public static class Ledger
{
    /// <summary>
    /// Validates and applies <paramref name="linkedBatch"/> in order; later requests see earlier ones. On success the
    /// accounts' balances are updated and the new transfers returned (the caller stores them). On any refusal a
    /// <see cref="LedgerException"/> is thrown and no balance has changed.
    /// </summary>
    public static IReadOnlyList<LedgerTransfer> Execute(IReadOnlyList<TransferRequest> linkedBatch, ILedgerView view,
        Guid correlationId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(linkedBatch);
        ArgumentNullException.ThrowIfNull(view);
        if (correlationId == Guid.Empty) throw new InvalidValueException(nameof(correlationId), "must not be empty");
        if (linkedBatch.Count == 0)
            throw new LedgerException(LedgerResult.EmptyBatch, -1, Guid.Empty, "A linked batch must contain at least one transfer.");

        var batch = new Batch(view);
        var created = new LedgerTransfer[linkedBatch.Count];
        for (var i = 0; i < linkedBatch.Count; i++)
            created[i] = batch.Apply(i, linkedBatch[i], correlationId, now.AddTicks(i * TimeSpan.TicksPerMicrosecond)); // µs: PostgreSQL keeps no finer
        batch.Commit();
        return created;
    }

    /// <summary>Which (debit, credit) account codes each kind moves money between; absent = any (Correction) or inherited (post/void).</summary>
    private static readonly Dictionary<TransferKind, (AccountCode Debit, AccountCode Credit)[]> Flows = new()
    {
        [TransferKind.Allocation] = [(AccountCode.FundingSource, AccountCode.FundBudget)],
        [TransferKind.EnvelopeApproval] = [(AccountCode.FundBudget, AccountCode.ProgramBudget)],
        [TransferKind.EnvelopeTopUp] = [(AccountCode.FundBudget, AccountCode.ProgramBudget)],
        [TransferKind.EnvelopeReduction] = [(AccountCode.ProgramBudget, AccountCode.FundBudget)],
        [TransferKind.EnvelopeReturn] = [(AccountCode.ProgramBudget, AccountCode.FundBudget)],
        [TransferKind.Commitment] = [(AccountCode.ProgramBudget, AccountCode.ProgramPayable)],
        [TransferKind.CarryForward] = [(AccountCode.ProgramBudget, AccountCode.CarriedForward)],
        [TransferKind.BringForward] = [(AccountCode.BroughtForward, AccountCode.ProgramBudget)],
        [TransferKind.Disbursement] = [(AccountCode.ProgramPayable, AccountCode.ProgramDisbursed)],
        // after payment from the provider's side; before payment straight out of what is payable
        [TransferKind.Clawback] = [(AccountCode.ProgramDisbursed, AccountCode.ProgramBudget), (AccountCode.ProgramPayable, AccountCode.ProgramBudget)],
    };

    private static bool KindMatchesPhase(TransferKind kind, TransferPhase phase) => kind switch
    {
        TransferKind.Commitment => phase == TransferPhase.Pending,
        TransferKind.Settlement => phase == TransferPhase.PostPending,
        TransferKind.Release or TransferKind.CarryOverRelease => phase == TransferPhase.VoidPending,
        TransferKind.Allocation or TransferKind.EnvelopeApproval or TransferKind.Disbursement
            or TransferKind.Clawback or TransferKind.Correction or TransferKind.EnvelopeTopUp or TransferKind.EnvelopeReduction
            or TransferKind.EnvelopeReturn or TransferKind.CarryForward or TransferKind.BringForward => phase == TransferPhase.Single,
        _ => false,
    };

    /// <summary>The scratch copy a batch works on: balances live here until <see cref="Commit"/>.</summary>
    private sealed class Batch(ILedgerView view)
    {
        private readonly Dictionary<Guid, LedgerAccount> _accounts = [];
        private readonly Dictionary<Guid, Balances> _balances = [];
        private readonly Dictionary<Guid, LedgerTransfer> _created = [];
        private readonly Dictionary<Guid, LedgerTransfer> _resolutions = [];

        public LedgerTransfer Apply(int index, TransferRequest r, Guid correlationId, DateTimeOffset timestamp)
        {
            ArgumentNullException.ThrowIfNull(r);
            Guid dr = r.DebitAccountId, cr = r.CreditAccountId;
            LedgerException Refuse(LedgerResult result, string why) => new(result, index, r.Id,
                $"Transfer {r.Id} (request {index} of the batch, {r.Kind}/{r.Phase}, {r.Amount.Dong} ₫ from debit account {dr} " +
                $"to credit account {cr}) was refused: {why}");

            if (r.Id == Guid.Empty) throw Refuse(LedgerResult.IdMustNotBeEmpty, "the transfer id is empty.");
            if (!KindMatchesPhase(r.Kind, r.Phase))
                throw Refuse(LedgerResult.KindDoesNotMatchPhase, $"a {r.Kind} cannot have phase {r.Phase}.");
            if (_created.ContainsKey(r.Id) || view.FindTransfer(r.Id) is not null)
                throw Refuse(LedgerResult.IdAlreadyExists, "a transfer with this id already exists.");
            if (r.Kind == TransferKind.Correction && string.IsNullOrWhiteSpace(r.Reason))
                throw Refuse(LedgerResult.CorrectionRequiresReason, "a correction must state its reason.");

            LedgerTransfer? pending = null;
            if (r.Phase is TransferPhase.Single or TransferPhase.Pending)
            {
                if (r.PendingId is not null) throw Refuse(LedgerResult.PendingIdMustBeEmpty, "only a post or void names a pending transfer.");
                if (dr == cr) throw Refuse(LedgerResult.AccountsMustBeDifferent, "debit and credit account are the same.");
                if (r.Amount == Money.Zero) throw Refuse(LedgerResult.AmountMustNotBeZero, "the amount is zero.");
            }
            else
            {
                if (r.PendingId is not { } pendingId || pendingId == Guid.Empty)
                    throw Refuse(LedgerResult.PendingIdRequired, "a post or void must name the pending transfer.");
                pending = _created.GetValueOrDefault(pendingId) ?? view.FindTransfer(pendingId)
                    ?? throw Refuse(LedgerResult.PendingTransferNotFound, $"pending transfer {pendingId} does not exist.");
                if (pending.Phase != TransferPhase.Pending)
                    throw Refuse(LedgerResult.PendingTransferNotPending, $"transfer {pendingId} is {pending.Phase}, not Pending.");
                if ((dr != Guid.Empty && dr != pending.DebitAccountId) || (cr != Guid.Empty && cr != pending.CreditAccountId))
                    throw Refuse(LedgerResult.PendingTransferHasDifferentAccounts,
                        $"pending transfer {pendingId} is from {pending.DebitAccountId} to {pending.CreditAccountId}.");
                (dr, cr) = (pending.DebitAccountId, pending.CreditAccountId);
                var resolution = _resolutions.GetValueOrDefault(pendingId) ?? view.FindResolutionOf(pendingId);
                if (resolution is not null)
                    throw resolution.Phase == TransferPhase.PostPending
                        ? Refuse(LedgerResult.PendingTransferAlreadyPosted, $"pending transfer {pendingId} was already posted by {resolution.Id}.")
                        : Refuse(LedgerResult.PendingTransferAlreadyVoided, $"pending transfer {pendingId} was already voided by {resolution.Id}.");
                if (r.Amount > pending.Amount)
                    throw Refuse(LedgerResult.ExceedsPendingTransferAmount, $"pending transfer {pendingId} is for {pending.Amount.Dong} ₫ only.");
                if (r.Phase == TransferPhase.PostPending && r.Amount == Money.Zero)
                    throw Refuse(LedgerResult.AmountMustNotBeZero, "a post must post at least 1 ₫ (void to release everything).");
                if (r.Phase == TransferPhase.VoidPending && r.Amount != Money.Zero && r.Amount != pending.Amount)
                    throw Refuse(LedgerResult.PendingTransferHasDifferentAmount,
                        $"a void releases the whole {pending.Amount.Dong} ₫ of pending transfer {pendingId}; pass zero or that amount.");
            }

            var debit = Account(dr) ?? throw Refuse(LedgerResult.DebitAccountNotFound, $"debit account {dr} does not exist.");
            var credit = Account(cr) ?? throw Refuse(LedgerResult.CreditAccountNotFound, $"credit account {cr} does not exist.");
            if (Flows.TryGetValue(r.Kind, out var flows) && !flows.Contains((debit.Code, credit.Code)))
                throw Refuse(LedgerResult.AccountCodesDoNotMatchKind,
                    $"a {r.Kind} moves money {string.Join(" or ", flows.Select(f => $"from {f.Debit} to {f.Credit}"))}, not from {debit.Code} to {credit.Code}.");

            long amount = r.Amount.Dong, released = pending?.Amount.Dong ?? 0;
            Balances d = _balances[dr], c = _balances[cr];
            try
            {
                checked
                {
                    (d, c) = Balances.Move(d, c, r.Phase, amount, released);
                    foreach (var b in new[] { d, c }) // the sums the constraints use must fit too
                        _ = (b.DebitsPending + b.DebitsPosted, b.CreditsPending + b.CreditsPosted);
                }
            }
            catch (OverflowException)
            {
                throw Refuse(LedgerResult.Overflow, "a balance would overflow.");
            }

            foreach (var (account, b) in new[] { (debit, d), (credit, c) })
            {
                if (account.Flags.HasFlag(AccountFlags.DebitsMustNotExceedCredits) && b.DebitsPending + b.DebitsPosted > b.CreditsPosted)
                    throw Refuse(LedgerResult.ExceedsCredits,
                        $"on account {account.Id} ({account.Code}) debits pending {b.DebitsPending} + posted {b.DebitsPosted} would exceed credits posted {b.CreditsPosted}.");
                if (account.Flags.HasFlag(AccountFlags.CreditsMustNotExceedDebits) && b.CreditsPending + b.CreditsPosted > b.DebitsPosted)
                    throw Refuse(LedgerResult.ExceedsDebits,
                        $"on account {account.Id} ({account.Code}) credits pending {b.CreditsPending} + posted {b.CreditsPosted} would exceed debits posted {b.DebitsPosted}.");
            }

            _balances[dr] = d;
            _balances[cr] = c;
            var stored = r.Phase == TransferPhase.VoidPending ? pending!.Amount : r.Amount;
            var transfer = LedgerTransfer.Create(r, dr, cr, stored, correlationId, timestamp);
            _created.Add(r.Id, transfer);
            if (pending is not null) _resolutions.Add(pending.Id, transfer);
            return transfer;
        }

        /// <summary>Writes the scratch balances back; cannot fail, so the batch is all or nothing.</summary>
        public void Commit()
        {
            foreach (var (id, account) in _accounts)
                if (_balances[id] != account.Balances) account.Apply(_balances[id]);
        }

        private LedgerAccount? Account(Guid id)
        {
            if (_accounts.TryGetValue(id, out var known)) return known;
            if (id == Guid.Empty || view.FindAccount(id) is not { } account || account.Id != id) return null;
            _accounts.Add(id, account);
            _balances.Add(id, account.Balances);
            return account;
        }
    }
}
