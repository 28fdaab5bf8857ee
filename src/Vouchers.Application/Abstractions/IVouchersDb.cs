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
}
