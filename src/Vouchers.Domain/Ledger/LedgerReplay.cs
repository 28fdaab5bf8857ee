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
        var balances = new Dictionary<Guid, Balances>();
        var pendings = new Dictionary<Guid, LedgerTransfer>();
        var resolved = new Dictionary<Guid, LedgerTransfer>();
        var index = 0;
        foreach (var t in transfersInOrder)
        {
            long amount = t.Amount.Dong, released = 0;
            if (t.Phase is TransferPhase.PostPending or TransferPhase.VoidPending)
            {
                var pendingId = t.PendingId ?? Guid.Empty;
                if (resolved.TryGetValue(pendingId, out var earlier))
                    throw Inconsistent(earlier.Phase == TransferPhase.PostPending
                        ? LedgerResult.PendingTransferAlreadyPosted : LedgerResult.PendingTransferAlreadyVoided);
                if (!pendings.TryGetValue(pendingId, out var pending))
                    throw Inconsistent(LedgerResult.PendingTransferNotFound);
                released = pending.Amount.Dong;
                resolved.Add(pendingId, t);
            }

            var d = balances.GetValueOrDefault(t.DebitAccountId);
            var c = balances.GetValueOrDefault(t.CreditAccountId);
            try
            {
                (d, c) = Balances.Move(d, c, t.Phase, amount, released);
            }
            catch (OverflowException)
            {
                throw Inconsistent(LedgerResult.Overflow);
            }

            balances[t.DebitAccountId] = d;
            balances[t.CreditAccountId] = c;
            if (t.Phase == TransferPhase.Pending) pendings.Add(t.Id, t);
            index++;

            LedgerException Inconsistent(LedgerResult result) => new(result, index, t.Id,
                $"Replay: transfer {t.Id} (#{index} in the log, {t.Kind}/{t.Phase}, pending {t.PendingId}) is inconsistent: {result}.");
        }

        return balances.ToDictionary(kv => kv.Key, kv => (kv.Value.DebitsPending, kv.Value.DebitsPosted, kv.Value.CreditsPending, kv.Value.CreditsPosted));
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
