namespace Vouchers.Domain.Ledger;

/// <summary>What the ledger reads. The application implements it over the database (accounts loaded and tracked).</summary>
public interface ILedgerView
{
    LedgerAccount? FindAccount(Guid id);
    LedgerTransfer? FindTransfer(Guid id);
    /// <summary>The PostPending or VoidPending transfer that resolved the given pending transfer, if any.</summary>
    LedgerTransfer? FindResolutionOf(Guid pendingTransferId);
}
