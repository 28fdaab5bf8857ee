using Vouchers.Domain.Ledger;

namespace Vouchers.Application.Ledger;

public static class LedgerOrder
{
    /// <summary>
    /// Transfers in the order they were executed, which <see cref="LedgerReplay"/> needs (a pending transfer before
    /// its resolution): by time; within one instant by phase, then id. Phases are stored by name, so the tie-break is
    /// alphabetical: <c>Pending</c> &lt; <c>PostPending</c> &lt; <c>VoidPending</c>, which puts every pending transfer
    /// before whatever resolves it in the same instant. A new phase name must keep that true.
    /// </summary>
    public static IOrderedQueryable<LedgerTransfer> InExecutionOrder(this IQueryable<LedgerTransfer> transfers) =>
        transfers.OrderBy(t => t.Timestamp).ThenBy(t => t.Phase).ThenBy(t => t.Id);

    /// <summary>The same order for transfers in memory (the phase by its stored name, as the database compares it).</summary>
    public static IOrderedEnumerable<LedgerTransfer> InExecutionOrder(this IEnumerable<LedgerTransfer> transfers) =>
        transfers.OrderBy(t => t.Timestamp).ThenBy(t => t.Phase.ToString(), StringComparer.Ordinal).ThenBy(t => t.Id);
}
