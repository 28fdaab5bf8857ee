using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Audit;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Funds;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Providers;
using Vouchers.Domain.Sealing;
using Vouchers.Domain.Vouchers;
using Vouchers.Infrastructure.Idempotency;

namespace Vouchers.Infrastructure.Persistence;

/// <summary>
/// The one EF Core context, provider-neutral (SQLite embedded, PostgreSQL or SQL Server). Three rules are enforced here for
/// every save: append-only records (ledger transfers, budget decisions, voucher history, audit trail, the seal chain and
/// its checkpoints) are never updated or deleted; every new ledger transfer, budget decision and voucher transition is
/// sealed into the hash chain in the same save (<see cref="ChainLink"/>, docs/ledger-integrity.md); and every modified
/// aggregate's <c>Version</c> moves on, so a concurrent writer fails and retries. A save that seals writes its records and
/// every other row first, without the chain head, and only then queues for the head (<see cref="ChainHeadLock"/> on
/// PostgreSQL, <see cref="ChainHeadResource"/> on SQL Server, SQLite's single writer), reads it, appends the links and
/// commits: the head is held for that short section only (docs/decisions/0017), and heights follow the order of commits.
/// Should two still seal onto the same head, they collide on the link's primary key (the height), and the loser's command re-runs.
/// A staff request sees only its province's rows: every query of funds, budget decisions, programs, vouchers, profile
/// changes and the audit trail carries the <see cref="ProvinceScope.FilterName"/> filter (docs/decisions/0014).
/// </summary>
public sealed class VouchersDbContext(DbContextOptions<VouchersDbContext> options, IRequestContext? request = null) : DbContext(options), IVouchersDb
{
    /// <summary>The province the current request is limited to (null: not limited). Read by the query filters at each query.</summary>
    private string? ProvinceLimit => request is null ? null : ProvinceScope.LimitOf(request);

    public DbSet<Enterprise> Enterprises => Set<Enterprise>();
    public DbSet<EnterpriseProfileChange> ProfileChanges => Set<EnterpriseProfileChange>();
    public DbSet<Fund> Funds => Set<Fund>();
    public DbSet<BudgetAllocation> BudgetAllocations => Set<BudgetAllocation>();
    public DbSet<SupportProgram> Programs => Set<SupportProgram>();
    public DbSet<ServiceProvider> Providers => Set<ServiceProvider>();
    public DbSet<Voucher> Vouchers => Set<Voucher>();
    public DbSet<LedgerAccount> LedgerAccounts => Set<LedgerAccount>();
    public DbSet<LedgerTransfer> LedgerTransfers => Set<LedgerTransfer>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<AuditEntry> AuditTrail => Set<AuditEntry>();
    public DbSet<ChainLink> ChainLinks => Set<ChainLink>();
    public DbSet<ChainCheckpoint> ChainCheckpoints => Set<ChainCheckpoint>();
    /// <summary>
    /// The web pages' data-protection key ring (antiforgery tokens, sign-in cookies), shared by every instance through
    /// the database so that a cookie made by one instance opens on another behind a round-robin balancer.
    /// </summary>
    public DbSet<KeyRing.KeyRingEntry> KeyRing => Set<KeyRing.KeyRingEntry>();

    protected override void ConfigureConventions(ModelConfigurationBuilder b)
    {
        b.Properties<Money>().HaveConversion<Converters.MoneyConverter>();
        b.Properties<TaxCode>().HaveConversion<Converters.TaxCodeConverter>().HaveMaxLength(14);
        b.Properties<SupportRate>().HaveConversion<Converters.SupportRateConverter>();
        b.Properties<DateTimeOffset>().HaveConversion<Converters.UtcConverter>();
        foreach (var e in new[] { typeof(VoucherStatus), typeof(VoucherTrigger), typeof(FundKind), typeof(ServiceKind), typeof(ProviderKind),
                     typeof(Sector), typeof(SectorGroup), typeof(SizeClass), typeof(ProgramStatus), typeof(AccreditationStatus),
                     typeof(AccountCode), typeof(AccountFlags), typeof(TransferKind), typeof(TransferPhase), typeof(IdempotencyStatus), typeof(AuditOutcome),
                     typeof(EnterpriseProfileChangeStatus) })
            b.Properties(e).HaveConversion<string>().HaveMaxLength(64);
        if (Database.IsSqlServer()) b.Conventions.Add(_ => new OrdinalTextConvention());
    }

    /// <summary>
    /// The collation of every text column on SQL Server: UTF-16 <c>nvarchar</c> keeps Vietnamese NFC text exactly as
    /// written, and a binary (code-point) collation compares, sorts and makes unique the way the domain does —
    /// ordinally, as SQLite and C# do — so "Đà Nẵng" and "Da Nang", or two spellings of one name, are never equal.
    /// </summary>
    public const string SqlServerTextCollation = "Latin1_General_100_BIN2";

    protected override void OnModelCreating(ModelBuilder m)
    {
        m.ApplyConfigurationsFromAssembly(typeof(VouchersDbContext).Assembly);
        m.Entity<KeyRing.KeyRingEntry>().ToTable("DataProtectionKeys");
        // Provinces as tenants: a staff request of one province sees no other province's rows (an id of another
        // province answers 404 as one that does not exist). Whole-chain readers (the verifier) ignore the filter by name.
        const string province = ProvinceScope.FilterName;
        m.Entity<Fund>().HasQueryFilter(province, f => ProvinceLimit == null || f.ProvinceCode == ProvinceLimit);
        m.Entity<SupportProgram>().HasQueryFilter(province, p => ProvinceLimit == null || p.ProvinceCode == ProvinceLimit);
        m.Entity<Voucher>().HasQueryFilter(province, v => ProvinceLimit == null || v.ProvinceCode == ProvinceLimit);
        m.Entity<AuditEntry>().HasQueryFilter(province, e => ProvinceLimit == null || e.ProvinceCode == ProvinceLimit);
        m.Entity<BudgetAllocation>().HasQueryFilter(province, a => ProvinceLimit == null || Set<Fund>().Any(f => f.Id == a.FundId && f.ProvinceCode == ProvinceLimit));
        m.Entity<EnterpriseProfileChange>().HasQueryFilter(province, c => ProvinceLimit == null || Set<Enterprise>().Any(e => e.Id == c.EnterpriseId && e.ProvinceCode == ProvinceLimit));
        // SQL Server refuses an OUTPUT clause on a table with triggers: EF must know the audit trail's (V0007_baseline)
        if (Database.IsSqlServer()) m.Entity<AuditEntry>().ToTable(t => t.HasTrigger(AuditTrailTrigger));
    }

    /// <summary>The SQL Server trigger that refuses UPDATE and DELETE on the audit trail.</summary>
    public const string AuditTrailTrigger = "TR_AuditEntries_NoUpdateDelete";

    /// <summary>Every column stored as text gets <see cref="SqlServerTextCollation"/> (a value converted to a string too).</summary>
    private sealed class OrdinalTextConvention : Microsoft.EntityFrameworkCore.Metadata.Conventions.IModelFinalizingConvention
    {
        public void ProcessModelFinalizing(Microsoft.EntityFrameworkCore.Metadata.Builders.IConventionModelBuilder modelBuilder,
            Microsoft.EntityFrameworkCore.Metadata.Conventions.IConventionContext<Microsoft.EntityFrameworkCore.Metadata.Builders.IConventionModelBuilder> context)
        {
            foreach (var property in modelBuilder.Metadata.GetEntityTypes().SelectMany(e => e.GetDeclaredProperties()))
                if ((property.FindTypeMapping()?.ClrType ?? property.GetValueConverter()?.ProviderClrType ?? property.GetProviderClrType() ?? property.ClrType) == typeof(string))
                    property.Builder.UseCollation(SqlServerTextCollation);
        }
    }

    public async Task<IAsyncDisposable> ReadSnapshotAsync(CancellationToken ct = default)
    {
        if (Database.CurrentTransaction is not null) return NoSnapshot.Instance;
        // SQL Server: SNAPSHOT (row versions, no shared locks; needs ALLOW_SNAPSHOT_ISOLATION ON, which SchemaMigrator sets);
        // its REPEATABLE READ would lock every row read and still let new rows appear.
        if (Database.IsSqlServer())
            return new Snapshot(this, await Database.BeginTransactionAsync(System.Data.IsolationLevel.Snapshot, ct), closeConnection: false);
        if (!Database.IsSqlite())
            return new Snapshot(this, await Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct), closeConnection: false);
        // Microsoft.Data.Sqlite begins IMMEDIATE by default, which would hold the write lock for the whole read
        await Database.OpenConnectionAsync(ct);
        var transaction = ((Microsoft.Data.Sqlite.SqliteConnection)Database.GetDbConnection()).BeginTransaction(deferred: true);
        return new Snapshot(this, await Database.UseTransactionAsync(transaction, ct) ?? throw new InvalidOperationException("No transaction."), closeConnection: true);
    }

    private sealed class Snapshot(VouchersDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, bool closeConnection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync(); // it only read
            await transaction.DisposeAsync();
            if (closeConnection) await db.Database.CloseConnectionAsync();
        }
    }

    private sealed class NoSnapshot : IAsyncDisposable
    {
        public static readonly NoSnapshot Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>
    /// The PostgreSQL advisory lock that holds the chain head from its read to the end of the commit, so that writers on
    /// any number of instances queue for the head instead of colliding on its height and re-running. Since V0015 only the
    /// database's own seal trigger takes it, inside COMMIT (ADR 0022); the service never does. (SQLite has one writer at
    /// a time already.) Not the migrator's lock, 724411.
    /// </summary>
    public const long ChainHeadLock = 724412;

    /// <summary>The same lock on SQL Server: an exclusive application lock (<c>sp_getapplock</c>) owned by the transaction.</summary>
    public const string ChainHeadResource = "vouchers:chain-head";

    /// <summary>
    /// The comment that starts the two statements of the service's critical section on SQLite and SQL Server (the lock
    /// and the head's read; PostgreSQL seals inside COMMIT, <see cref="SealAtCommitTag"/>), so that a test's command
    /// interceptor can tell them from every other statement.
    /// </summary>
    public const string ChainHeadTag = "vouchers:chain-head";

    /// <summary>
    /// The service's side of the head (ADR 0017), for the saves that seal in the service: waits for
    /// <see cref="ChainHeadResource"/> on SQL Server (nothing on SQLite, whose writers are serial) and holds it to the end
    /// of the current transaction. PostgreSQL saves never call it: V0015's trigger takes the head inside COMMIT.
    /// </summary>
    private async Task QueueForChainHeadAsync(CancellationToken ct)
    {
        if (Database.IsSqlServer()) await Database.ExecuteSqlRawAsync(SqlServerChainHeadSql, [ChainHeadResource], ct);
    }

    private const string SqlServerChainHeadSql = "-- " + ChainHeadTag + "\n" + AppLockSql;

    /// <summary>
    /// The chain's last link (null: the chain is empty), read in a statement of its own after the lock was granted:
    /// under READ COMMITTED a statement sees what was committed when it began, so it sees the previous holder's links.
    /// </summary>
    private Task<ChainLink?> ChainHeadAsync(CancellationToken ct) =>
        ChainLinks.AsNoTracking().TagWith(ChainHeadTag).OrderByDescending(l => l.Height).FirstOrDefaultAsync(ct);

    /// <summary>
    /// The ledger accounts with these ids, for a transfer to change: the ones this context adds as they are; every
    /// other locked against other writers until the transaction ends (PostgreSQL <c>FOR UPDATE</c>, SQL Server
    /// <c>UPDLOCK</c>, in one statement and in id order; SQLite's write transactions are serial already) and as last
    /// committed — one already tracked is read again once locked. Two commands on one budget thus wait for each other
    /// on that budget's rows, not on the chain head, and the second reads what the first committed instead of losing an
    /// optimistic race (ADR 0007's retry stays the backstop).
    /// </summary>
    public async Task<List<LedgerAccount>> LedgerAccountsForUpdateAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var tracked = ChangeTracker.Entries<LedgerAccount>().Where(e => ids.Contains(e.Entity.Id)).ToList();
        var accounts = tracked.Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var stored = ids.Except(accounts.Select(a => a.Id)).Distinct().Order().ToArray();
        if (stored.Length == 0) return accounts;
        if (Database.IsSqlite())
            accounts.AddRange(await LedgerAccounts.Where(a => stored.Contains(a.Id)).ToListAsync(ct));
        else if (Database.IsSqlServer())
            accounts.AddRange(await LedgerAccounts.FromSql(System.Runtime.CompilerServices.FormattableStringFactory.Create(
                "SELECT * FROM [LedgerAccounts] WITH (UPDLOCK, ROWLOCK) WHERE [Id] IN (" + string.Join(", ", stored.Select((_, i) => "{" + i + "}")) + ")",
                stored.Cast<object>().ToArray())).ToListAsync(ct));
        else
            accounts.AddRange(await LedgerAccounts.FromSql($"SELECT * FROM \"LedgerAccounts\" WHERE \"Id\" = ANY({stored}) ORDER BY \"Id\" FOR UPDATE").ToListAsync(ct));
        // a query hands back the instance already tracked, with the values it was first read with: read those again
        foreach (var e in tracked.Where(e => e.State == EntityState.Unchanged)) await e.ReloadAsync(ct);
        return accounts;
    }

    /// <summary>
    /// The number SQL Server's <c>sp_getapplock</c> failure is raised with (its own deadlock victim, -3, included), so
    /// that TransactionBehavior re-runs the command as it does after a deadlock (1205).
    /// </summary>
    public const int AppLockFailed = 51205;

    /// <summary>
    /// SQL Server's transaction-scoped advisory lock: exclusive, released by COMMIT or ROLLBACK, waits without a timeout
    /// (as <c>pg_advisory_xact_lock</c>); a failure (deadlock victim, cancelled) is raised, never ignored. Taken again
    /// in the same transaction it is counted, not waited for.
    /// </summary>
    internal Task GetAppLockAsync(string resource, CancellationToken ct) => Database.ExecuteSqlRawAsync(AppLockSql, [resource], ct);

    public const string AppLockSql = "DECLARE @result int; EXEC @result = sp_getapplock @Resource = {0}, @LockMode = 'Exclusive', " +
        "@LockOwner = 'Transaction', @LockTimeout = -1; IF @result < 0 THROW 51205, N'sp_getapplock did not grant the lock', 1;";

    /// <summary>
    /// The base of the per-enterprise advisory locks (PostgreSQL): the lock of head office NNNNNNNNNN is this plus that
    /// number, so it never meets <see cref="ChainHeadLock"/> or the migrator's lock.
    /// </summary>
    public const long EnterpriseLockBase = 724413_0000000000;

    /// <summary>The per-enterprise lock's name on SQL Server (an application-lock resource): this plus the 10 digits.</summary>
    public const string EnterpriseResourcePrefix = "vouchers:enterprise:";

    public IAsyncEnumerable<IReadOnlyList<SealedRow>> SealedPagesAsync(long after, int pageSize, CancellationToken ct) =>
        new SealedRecordReader(this).PagesAsync(after, pageSize, ct);

    public async Task QueueForEnterpriseAsync(string headOfficeTaxCode, CancellationToken ct)
    {
        if (Database.IsSqlite()) return;
        if (headOfficeTaxCode.Length != 10 || !long.TryParse(headOfficeTaxCode, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
            throw new ArgumentException("A head-office tax code is 10 digits.", nameof(headOfficeTaxCode));
        if (Database.IsSqlServer())
        {
            await GetAppLockAsync(EnterpriseResourcePrefix + headOfficeTaxCode, ct);
            return;
        }
        var key = EnterpriseLockBase + code;
        await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", ct);
    }

    /// <summary>The same save as <see cref="SaveChangesAsync(bool, CancellationToken)"/> (the service never saves synchronously; the rules are stated there once).</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) => SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>
    /// Saves in two steps when the save adds records to seal, in one transaction (a save outside a transaction gets one
    /// of its own: the head's lock is transaction-scoped, and the two steps commit together or not at all):
    /// <list type="number">
    /// <item>the work — the records, the aggregates, the balances, the idempotent answer, the audit line — without the
    /// chain head: a row another writer holds (a contended budget) is waited for here, by the writers of that row only;</item>
    /// <item>the seal. PostgreSQL (ADR 0022): the records' keys and content hashes are staged with the work
    /// (<see cref="StageForCommitAsync"/>) and sealed inside the COMMIT by the database (lock, head, links), so the head
    /// is never held across a round trip. SQLite and SQL Server (ADR 0017): queue for the head
    /// (<see cref="QueueForChainHeadAsync"/>), read it, append one link per record, then the caller's commit. Nothing
    /// in either section waits for a row, and links are appended in the order of commits.</item>
    /// </list>
    /// On SQLite and SQL Server the first step accepts its changes whatever <paramref name="acceptAllChangesOnSuccess"/>
    /// says (the second would write them again otherwise); a failure in either leaves the transaction to be rolled back,
    /// and the caller's retry starts from a cleared change tracker (TransactionBehavior).
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        try
        {
            return await SaveInStepsAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch (DbUpdateConcurrencyException e) when (e.Entries.Any(x => x.Entity is IdempotencyRecord { Status: IdempotencyStatus.Completed }))
        {
            // the claim this request completes is no longer its own (IdempotencyStore.CompleteAsync): re-running the
            // command cannot change that, and nothing of this run may be committed. (A claim's take-over that loses its
            // race is not a completion: ClaimAsync reads the key again, as before.)
            throw IdempotencyStore.LostClaim();
        }
    }

    private async Task<int> SaveInStepsAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        // A save that fails inside a transaction ends it: TransactionBehavior rolls the whole command back and re-runs it,
        // and no caller carries on after a failed save. So EF Core's automatic savepoint around every such save (two per
        // sealing command, each a SAVEPOINT and a RELEASE on PostgreSQL) would protect nothing.
        Database.AutoSavepointsEnabled = false;
        // SQLite: a save outside a transaction is a write of its own, and takes its turn as a command does (SqliteWriterQueue)
        using var turn = Database.CurrentTransaction is null ? await SqliteWriterQueue.TurnAsync(this, cancellationToken) : null;
        Enforce();
        var records = ToSeal();
        if (records.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await using var own = Database.CurrentTransaction is not null ? null : await Database.BeginTransactionAsync(cancellationToken);
        int saved;
        if (Database.IsNpgsql())
        {
            saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await StageForCommitAsync(records, cancellationToken);
        }
        else
        {
            saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess: true, cancellationToken);
            await QueueForChainHeadAsync(cancellationToken);
            Seal(records, await ChainHeadAsync(cancellationToken));
            saved += await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        if (own is not null) await own.CommitAsync(cancellationToken);
        return saved;
    }

    /// <summary>
    /// The comment that starts the statement staging a PostgreSQL save's records for the seal at commit, so that a test's
    /// interceptor can tell a sealing transaction from any other.
    /// </summary>
    public const string SealAtCommitTag = "vouchers:seal-at-commit";

    private static readonly string StageSql = $"-- {SealAtCommitTag}\n" +
        "INSERT INTO \"__ChainPending\" (\"Kinds\", \"RecordIds\", \"Sequences\", \"ContentHashes\") VALUES ({0}, {1}, {2}, {3})";

    /// <summary>
    /// PostgreSQL (ADR 0022): stages the records' keys and content hashes, in seal order, in one row of
    /// <c>__ChainPending</c>; its deferred trigger (V0015) seals them inside this transaction's COMMIT — the head's lock,
    /// its read and the links all run there, server-side, so the head is held for no round trip to the service.
    /// </summary>
    private Task StageForCommitAsync(List<(SealedKey Key, byte[] Canonical)> records, CancellationToken ct)
    {
        var hashes = new byte[records.Count * ChainLink.HashLength];
        for (var i = 0; i < records.Count; i++) Canonical.Hash(records[i].Canonical).CopyTo(hashes, i * ChainLink.HashLength);
        return Database.ExecuteSqlRawAsync(StageSql, [
            records.Select(r => (int)r.Key.Kind).ToArray(), records.Select(r => r.Key.Id).ToArray(),
            records.Select(r => r.Key.Sequence).ToArray(), hashes], ct);
    }

    /// <summary>The records this save adds that the chain seals, in seal order.</summary>
    private List<(SealedKey Key, byte[] Canonical)> ToSeal()
    {
        var added = ChangeTracker.Entries().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        return InSealOrder(added.OfType<LedgerTransfer>(), added.OfType<BudgetAllocation>(), added.OfType<VoucherTransition>());
    }

    /// <summary>
    /// The order records are sealed in, within one save and in the V0005 backfill alike: transfers in execution order
    /// (<see cref="LedgerOrder"/>), then budget decisions by the time they were recorded, then voucher transitions by
    /// time, voucher and sequence.
    /// </summary>
    internal static List<(SealedKey Key, byte[] Canonical)> InSealOrder(IEnumerable<LedgerTransfer> transfers,
        IEnumerable<BudgetAllocation> decisions, IEnumerable<VoucherTransition> transitions) =>
        transfers.InExecutionOrder().Select(t => (SealedKey.Of(t), Canonical.Of(t)))
            .Concat(decisions.OrderBy(a => a.RecordedAt).ThenBy(a => a.Id).Select(a => (SealedKey.Of(a), Canonical.Of(a))))
            .Concat(transitions.OrderBy(t => t.At).ThenBy(t => t.VoucherId).ThenBy(t => t.Sequence).Select(t => (SealedKey.Of(t), Canonical.Of(t))))
            .ToList();

    /// <summary>Appends a link per record after <paramref name="head"/> (null: the chain is empty).</summary>
    internal void Seal(IEnumerable<(SealedKey Key, byte[] Canonical)> records, ChainLink? head)
    {
        foreach (var (key, canonical) in records)
        {
            head = ChainLink.Append(head, key, Canonical.Hash(canonical));
            ChainLinks.Add(head);
        }
    }

    private void Enforce()
    {
        ChangeTracker.DetectChanges();
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is LedgerTransfer or BudgetAllocation or VoucherTransition or AuditEntry or ChainLink or ChainCheckpoint or ProviderPriceList &&
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
