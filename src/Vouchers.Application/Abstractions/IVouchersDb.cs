using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Audit;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Funds;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Providers;
using Vouchers.Domain.Sealing;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Abstractions;

/// <summary>
/// The application's view of the database. Handlers use EF Core directly (see docs/decisions/0002):
/// load an aggregate, call one method on it, save. The transaction around a command is the pipeline's job.
/// </summary>
public interface IVouchersDb
{
    DbSet<Enterprise> Enterprises { get; }
    DbSet<EnterpriseProfileChange> ProfileChanges { get; }
    DbSet<Fund> Funds { get; }
    DbSet<BudgetAllocation> BudgetAllocations { get; }
    DbSet<SupportProgram> Programs { get; }
    DbSet<ServiceProvider> Providers { get; }
    DbSet<Voucher> Vouchers { get; }
    DbSet<LedgerAccount> LedgerAccounts { get; }
    DbSet<LedgerTransfer> LedgerTransfers { get; }
    DbSet<AuditEntry> AuditTrail { get; }
    DbSet<ChainLink> ChainLinks { get; }
    DbSet<ChainCheckpoint> ChainCheckpoints { get; }
    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Until disposed, every query sees the database as it was at the first one (SQLite: a deferred read transaction
    /// on the WAL; PostgreSQL: REPEATABLE READ), so a report read in several queries — the verifier's pages and the
    /// balances, a reconciliation, an export — is of one moment, not of several. Nothing is written; inside a
    /// command's own transaction it does nothing.
    /// </summary>
    Task<IAsyncDisposable> ReadSnapshotAsync(CancellationToken ct = default);

    /// <summary>
    /// Queues the current transaction behind every other that reads and then writes what one enterprise (its 10-digit
    /// head-office tax code, branches included) holds — applications against its yearly cap, changes of its profile — so
    /// that a check made on a read still holds at the commit. PostgreSQL: a transaction-scoped advisory lock per
    /// enterprise; SQLite: nothing (its write transactions are serial, and one that read before another's commit fails
    /// and re-runs).
    /// </summary>
    Task QueueForEnterpriseAsync(string headOfficeTaxCode, CancellationToken ct);

    /// <summary>
    /// The ledger accounts with these ids, tracked, for a transfer to change: those this unit of work adds as they are,
    /// every other locked against other writers until the transaction ends and read as last committed (PostgreSQL
    /// <c>FOR UPDATE</c>, SQL Server <c>UPDLOCK</c>; SQLite: its write transactions are serial already). Commands on one
    /// budget queue on its accounts' rows, and a command on another budget does not wait for them.
    /// </summary>
    Task<List<LedgerAccount>> LedgerAccountsForUpdateAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct);

    /// <summary>
    /// The seal chain's links above height <paramref name="after"/>, in height order, each with the record it names as
    /// that record is now, in pages of at most <paramref name="pageSize"/> heights: one query a page, read row by row with
    /// no change tracking and no entity materialisation (the verifier reads every link; EF Core's queries cost it ten
    /// times the hashing, issue 19). Runs in the current transaction, so inside <see cref="ReadSnapshotAsync"/> every
    /// page is of one moment.
    /// </summary>
    IAsyncEnumerable<IReadOnlyList<SealedRow>> SealedPagesAsync(long after, int pageSize, CancellationToken ct);
}

/// <summary>
/// One link of the seal chain and the record it names, as both are stored now: at most one of the three records (none:
/// the record is gone, or the link names a kind it is not). <see cref="Unreadable"/>: a record is there but a value in it
/// is not one the domain knows (an enum name edited to something else), so it cannot hash to what was sealed.
/// </summary>
public sealed record SealedRow(ChainLink Link, LedgerTransfer? Transfer, BudgetAllocation? Decision, VoucherTransition? Transition, bool Unreadable = false);
