namespace Vouchers.Domain.Ledger;

/// <summary>Recomputes balances from the transfer log alone, to prove that stored balances did not drift.</summary>
public static class LedgerReplay
{
    /// <summary>
    /// Balances per account id implied by <paramref name="transfersInOrder"/> (the order they were executed in).
    /// Accounts no transfer touched are absent. Throws <see cref="LedgerException"/> if the log is inconsistent
    /// (a post/void of an unknown or already resolved pending transfer, an overflow).
    /// </summary>
    public static IReadOnlyDictionary<Guid, (long DebitsPending, long DebitsPosted, long CreditsPending, long CreditsPosted)> Replay(
        IEnumerable<LedgerTransfer> transfersInOrder)
    {
        ArgumentNullException.ThrowIfNull(transfersInOrder);
        var replayer = new Replayer();
        foreach (var t in transfersInOrder) replayer.Apply(t);
        return replayer.Current();
    }

    /// <summary>
    /// The same replay one transfer at a time, for a log read in pages (the chain verifier streams a million transfers).
    /// Keeps the balances, the amounts of pending transfers and the ids of resolved ones.
    /// </summary>
    public sealed class Replayer
    {
        private readonly Dictionary<Guid, Balances> _balances = new();
        private readonly Dictionary<Guid, long> _pendingAmounts = new();
        private readonly Dictionary<Guid, TransferPhase> _resolved = new();
        private int _index;

        /// <summary>Applies the next transfer of the log; <see cref="LedgerException"/> if it is inconsistent with what came before.</summary>
        public void Apply(LedgerTransfer t)
        {
            ArgumentNullException.ThrowIfNull(t);
            _index++;
            long amount = t.Amount.Dong, released = 0;
            if (t.Phase is TransferPhase.PostPending or TransferPhase.VoidPending)
            {
                var pendingId = t.PendingId ?? Guid.Empty;
                if (_resolved.TryGetValue(pendingId, out var earlier))
                    throw Inconsistent(t, earlier == TransferPhase.PostPending
                        ? LedgerResult.PendingTransferAlreadyPosted : LedgerResult.PendingTransferAlreadyVoided);
                if (!_pendingAmounts.TryGetValue(pendingId, out released))
                    throw Inconsistent(t, LedgerResult.PendingTransferNotFound);
                _resolved.Add(pendingId, t.Phase);
            }

            var d = _balances.GetValueOrDefault(t.DebitAccountId);
            var c = _balances.GetValueOrDefault(t.CreditAccountId);
            try
            {
                (d, c) = Balances.Move(d, c, t.Phase, amount, released);
            }
            catch (OverflowException)
            {
                throw Inconsistent(t, LedgerResult.Overflow);
            }

            _balances[t.DebitAccountId] = d;
            _balances[t.CreditAccountId] = c;
            if (t.Phase == TransferPhase.Pending) _pendingAmounts.Add(t.Id, amount);
        }

        public IReadOnlyDictionary<Guid, (long DebitsPending, long DebitsPosted, long CreditsPending, long CreditsPosted)> Current() =>
            _balances.ToDictionary(kv => kv.Key, kv => (kv.Value.DebitsPending, kv.Value.DebitsPosted, kv.Value.CreditsPending, kv.Value.CreditsPosted));

        private LedgerException Inconsistent(LedgerTransfer t, LedgerResult result) => new(result, _index, t.Id,
            $"Replay: transfer {t.Id} (#{_index} in the log, {t.Kind}/{t.Phase}, pending {t.PendingId}) is inconsistent: {result}.");
    }

    /// <summary>
    /// The accounts whose stored balances differ from <paramref name="replayed"/> (an account no transfer touched must
    /// be all zeros): balances that drifted from the log.
    /// </summary>
    public static IReadOnlyList<Guid> Drifted(IEnumerable<LedgerAccount> accounts,
        IReadOnlyDictionary<Guid, (long DebitsPending, long DebitsPosted, long CreditsPending, long CreditsPosted)> replayed)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(replayed);
        return accounts.Where(a => replayed.GetValueOrDefault(a.Id) != (a.DebitsPending, a.DebitsPosted, a.CreditsPending, a.CreditsPosted))
            .Select(a => a.Id).ToList();
    }

    /// <summary>Σ debits posted = Σ credits posted and Σ debits pending = Σ credits pending over <paramref name="accounts"/>.</summary>
    public static bool IsBalanced(IEnumerable<LedgerAccount> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        Int128 debitsPosted = 0, creditsPosted = 0, debitsPending = 0, creditsPending = 0;
        foreach (var a in accounts)
        {
            debitsPosted += a.DebitsPosted;
            creditsPosted += a.CreditsPosted;
            debitsPending += a.DebitsPending;
            creditsPending += a.CreditsPending;
        }
        return debitsPosted == creditsPosted && debitsPending == creditsPending;
    }
}
