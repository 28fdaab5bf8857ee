using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Audit;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Funds;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Providers;
using Vouchers.Domain.Vouchers;
using Vouchers.Infrastructure.Idempotency;

namespace Vouchers.Infrastructure.Persistence;

/// <summary>
/// The one EF Core context, provider-neutral (SQLite embedded, PostgreSQL server). Two rules are enforced here for
/// every save: append-only records (ledger transfers, budget decisions, voucher history, audit trail) are never updated or
/// deleted, and every modified aggregate's <c>Version</c> moves on, so a concurrent writer fails and retries.
/// </summary>
public sealed class VouchersDbContext(DbContextOptions<VouchersDbContext> options) : DbContext(options), IVouchersDb
{
    public DbSet<Enterprise> Enterprises => Set<Enterprise>();
    public DbSet<Fund> Funds => Set<Fund>();
    public DbSet<BudgetAllocation> BudgetAllocations => Set<BudgetAllocation>();
    public DbSet<SupportProgram> Programs => Set<SupportProgram>();
    public DbSet<ServiceProvider> Providers => Set<ServiceProvider>();
    public DbSet<Voucher> Vouchers => Set<Voucher>();
    public DbSet<LedgerAccount> LedgerAccounts => Set<LedgerAccount>();
    public DbSet<LedgerTransfer> LedgerTransfers => Set<LedgerTransfer>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<AuditEntry> AuditTrail => Set<AuditEntry>();

    protected override void ConfigureConventions(ModelConfigurationBuilder b)
    {
        b.Properties<Money>().HaveConversion<Converters.MoneyConverter>();
        b.Properties<TaxCode>().HaveConversion<Converters.TaxCodeConverter>().HaveMaxLength(14);
        b.Properties<SupportRate>().HaveConversion<Converters.SupportRateConverter>();
        b.Properties<DateTimeOffset>().HaveConversion<Converters.UtcConverter>();
        foreach (var e in new[] { typeof(VoucherStatus), typeof(VoucherTrigger), typeof(FundKind), typeof(ServiceKind), typeof(ProviderKind),
                     typeof(Sector), typeof(SectorGroup), typeof(SizeClass), typeof(ProgramStatus), typeof(AccreditationStatus),
                     typeof(AccountCode), typeof(AccountFlags), typeof(TransferKind), typeof(TransferPhase), typeof(IdempotencyStatus), typeof(AuditOutcome) })
            b.Properties(e).HaveConversion<string>().HaveMaxLength(40);
    }

    protected override void OnModelCreating(ModelBuilder m) => m.ApplyConfigurationsFromAssembly(typeof(VouchersDbContext).Assembly);

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        Enforce();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        Enforce();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void Enforce()
    {
        ChangeTracker.DetectChanges();
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is LedgerTransfer or BudgetAllocation or VoucherTransition or AuditEntry &&
                entry.State is EntityState.Modified or EntityState.Deleted)
                throw new InvalidOperationException($"{entry.Entity.GetType().Name} is append-only: correct it with a new record, never an edit.");
            if (entry.State == EntityState.Modified && entry.Metadata.FindProperty("Version") is { IsConcurrencyToken: true })
            {
                var version = entry.Property("Version");
                version.CurrentValue = (long)version.OriginalValue! + 1;
            }
        }
    }
}
