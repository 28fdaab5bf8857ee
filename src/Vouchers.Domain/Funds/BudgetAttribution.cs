namespace Vouchers.Domain.Funds;

/// <summary>
/// Which budget decisions paid for which program envelopes. A fund's budget for a fiscal year is one pool (the
/// FundBudget account): decisions (allocations) put money in, envelope approvals take it out, and the ledger does not
/// say which đồng went where. The service states one rule, first in, first out: the movements are taken in the
/// ledger's execution order; every debit of the pool (an envelope) draws on the oldest credit (a decision, in the
/// order decisions were recorded) that still has money left, then on the next. Because the pool may never be
/// overdrawn (the ledger's <c>DebitsMustNotExceedCredits</c>), every debit is covered in full at the moment it happens.
/// <para>Within one instant (two commands in the same clock tick, which the ledger's order breaks by transfer id,
/// arbitrarily) credits count before debits: the ledger never let the pool go below zero, so this order covers every
/// debit as the real one did. Other ties keep the order they are given in.</para>
/// </summary>
public static class BudgetAttribution
{
    /// <summary>One movement of the pool, in execution order: a credit (source) or a debit (use), in đồng.</summary>
    public readonly record struct Movement(Guid TransferId, bool IsCredit, long Amount, DateTimeOffset At);

    /// <summary>A use drew <paramref name="Amount"/> đồng from a source.</summary>
    public readonly record struct Draw(Guid UseTransferId, Guid SourceTransferId, long Amount);

    /// <param name="Draws">Every draw, in the order the uses happened and, within one use, in the order of the sources.</param>
    /// <param name="Remaining">What is left of each source (credit transfer id → đồng), for every source.</param>
    /// <param name="Uncovered">Uses that the sources before them could not cover in full (use id → đồng missing); empty on any ledger the service wrote.</param>
    public sealed record Result(IReadOnlyList<Draw> Draws, IReadOnlyDictionary<Guid, long> Remaining, IReadOnlyDictionary<Guid, long> Uncovered);

    public static Result FirstInFirstOut(IEnumerable<Movement> movementsInExecutionOrder)
    {
        var queue = new Queue<Guid>();
        var remaining = new Dictionary<Guid, long>();
        var draws = new List<Draw>();
        var uncovered = new Dictionary<Guid, long>();
        foreach (var m in movementsInExecutionOrder.OrderBy(m => m.At).ThenBy(m => m.IsCredit ? 0 : 1)) // stable: other ties keep their order
        {
            if (m.Amount < 0) throw new ArgumentOutOfRangeException(nameof(movementsInExecutionOrder), "Amounts are never negative.");
            if (m.IsCredit)
            {
                remaining[m.TransferId] = remaining.GetValueOrDefault(m.TransferId) + m.Amount;
                if (m.Amount > 0) queue.Enqueue(m.TransferId);
                continue;
            }
            var need = m.Amount;
            while (need > 0 && queue.Count > 0)
            {
                var source = queue.Peek();
                var take = Math.Min(need, remaining[source]);
                draws.Add(new Draw(m.TransferId, source, take));
                remaining[source] -= take;
                need -= take;
                if (remaining[source] == 0) queue.Dequeue();
            }
            if (need > 0) uncovered[m.TransferId] = need;
        }
        return new Result(draws, remaining, uncovered);
    }
}
