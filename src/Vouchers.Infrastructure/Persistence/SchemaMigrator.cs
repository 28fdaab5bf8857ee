using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Vouchers.Domain.Sealing;

namespace Vouchers.Infrastructure.Persistence;

/// <summary>
/// Versioned schema migrations as plain SQL, one folder per provider (Migrations/Sqlite, Migrations/PostgreSql,
/// Migrations/SqlServer), embedded in this assembly and applied in order at start-up. Each applied script is recorded
/// with its SHA-256; a script that changed after it was applied stops the service. See docs/decisions/0003.
/// SQL Server starts at a baseline (V0007_baseline: the whole schema of version 7), so a version number names the same
/// schema on every provider.
/// </summary>
public sealed class SchemaMigrator(VouchersDbContext db, ILogger<SchemaMigrator> log)
{
    public const string HistoryTable = "__SchemaVersions";

    public sealed record Script(int Version, string Name, string Sql, string Sha256)
    {
        /// <summary>
        /// The script's batches, in order, split at lines that read <c>-- batch</c>: T-SQL wants CREATE TRIGGER first
        /// in its batch. All of them run in the migration's one transaction; the checksum covers the whole file.
        /// </summary>
        public IReadOnlyList<string> Batches => Sql.Split('\n').Aggregate(new List<List<string>> { new() }, (batches, line) =>
        {
            if (line.Trim() == BatchMarker) batches.Add([]);
            else batches[^1].Add(line);
            return batches;
        }).Select(lines => string.Join('\n', lines)).Where(b => b.Split('\n').Any(l => l.Trim() is { Length: > 0 } t && !t.StartsWith("--", StringComparison.Ordinal))).ToArray();
    }

    public const string BatchMarker = "-- batch";

    public static string FolderOf(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.PostgreSql => "PostgreSql",
        DatabaseProvider.SqlServer => "SqlServer",
        _ => "Sqlite",
    };

    /// <summary>The history table, created if missing (T-SQL has no CREATE TABLE IF NOT EXISTS).</summary>
    public static string HistoryTableDdl(DatabaseProvider provider)
    {
        const string columns = "(\"Version\" INTEGER PRIMARY KEY, \"Name\" VARCHAR(200) NOT NULL, \"Sha256\" VARCHAR(64) NOT NULL, \"AppliedAt\" VARCHAR(40) NOT NULL)";
        return provider == DatabaseProvider.SqlServer
            ? $"IF OBJECT_ID(N'{HistoryTable}', N'U') IS NULL CREATE TABLE \"{HistoryTable}\" {columns}"
            : $"CREATE TABLE IF NOT EXISTS \"{HistoryTable}\" {columns}";
    }

    /// <summary>The application lock the SQL Server migrator holds (PostgreSQL: advisory lock 724411).</summary>
    public const string SqlServerMigratorResource = "vouchers:migrator";

    public static IReadOnlyList<Script> ScriptsFor(DatabaseProvider provider)
    {
        var folder = FolderOf(provider);
        var asm = typeof(SchemaMigrator).Assembly;
        var prefix = $"Vouchers.Infrastructure.Persistence.Migrations.{folder}.";
        return asm.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..^4];
                using var reader = new StreamReader(asm.GetManifestResourceStream(n)!, Encoding.UTF8);
                var sql = reader.ReadToEnd().Replace("\r\n", "\n");
                return new Script(int.Parse(name[1..name.IndexOf('_')]), name, sql, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql))));
            })
            .OrderBy(s => s.Version)
            .ToArray();
    }

    public async Task<IReadOnlyList<string>> MigrateAsync(DatabaseProvider provider, CancellationToken ct = default)
    {
        var applied = new List<string>();
        if (provider == DatabaseProvider.SqlServer) await AllowSnapshotIsolationAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // one migrator at a time across instances
        if (provider == DatabaseProvider.PostgreSql)
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(724411)", ct);
        else if (provider == DatabaseProvider.SqlServer)
            await db.Database.ExecuteSqlRawAsync(VouchersDbContext.AppLockSql, [SqlServerMigratorResource], ct);
        await db.Database.ExecuteSqlRawAsync(HistoryTableDdl(provider), ct);
        var done = await db.Database.SqlQueryRaw<AppliedRow>($"SELECT \"Version\", \"Sha256\" FROM \"{HistoryTable}\"").ToListAsync(ct);
        foreach (var script in ScriptsFor(provider))
        {
            var row = done.FirstOrDefault(d => d.Version == script.Version);
            if (row is not null)
            {
                if (row.Sha256 != script.Sha256)
                    throw new InvalidOperationException($"Migration {script.Name} was changed after it was applied (checksum differs). Add a new migration instead.");
                continue;
            }
            log.LogInformation("Applying schema migration {Migration}", script.Name);
            foreach (var batch in script.Batches) await db.Database.ExecuteSqlRawAsync(batch, ct);
            if (script.Version == SealChainVersion) await SealExistingRecordsAsync(ct);
            await db.Database.ExecuteSqlRawAsync(
                $"INSERT INTO \"{HistoryTable}\" (\"Version\", \"Name\", \"Sha256\", \"AppliedAt\") VALUES ({{0}}, {{1}}, {{2}}, {{3}})",
                [script.Version, script.Name, script.Sha256, DateTimeOffset.UtcNow.ToString("O")], ct);
            applied.Add(script.Name);
        }
        await tx.CommitAsync(ct);
        return applied;
    }

    /// <summary>
    /// SQL Server: snapshot reads (<see cref="VouchersDbContext.ReadSnapshotAsync"/>) need ALLOW_SNAPSHOT_ISOLATION ON.
    /// ALTER DATABASE cannot run inside the migration's transaction, so it runs before it, only when the option is off;
    /// a login without ALTER on the database fails here until a DBA has switched it on once (docs/operations.md).
    /// </summary>
    private Task AllowSnapshotIsolationAsync(CancellationToken ct) => db.Database.ExecuteSqlRawAsync(
        "IF EXISTS (SELECT 1 FROM sys.databases WHERE database_id = DB_ID() AND snapshot_isolation_state = 0) " +
        "ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON", ct);

    /// <summary>The migration that creates the seal chain; in the same transaction, the records written before it are sealed.</summary>
    public const int SealChainVersion = 5;

    /// <summary>
    /// Seals the records that existed before the chain did, once, in the migration's transaction and in seal order
    /// (<see cref="VouchersDbContext.InSealOrder"/>), as if they had been written in one save. It reads the records
    /// through the current model: a later migration that adds a column to these tables must keep this readable on a
    /// database that has not had it yet (run before it, or read the V0005 columns by projection).
    /// </summary>
    private async Task SealExistingRecordsAsync(CancellationToken ct)
    {
        var transfers = await db.LedgerTransfers.AsNoTracking().ToListAsync(ct);
        var decisions = await db.BudgetAllocations.AsNoTracking().ToListAsync(ct);
        var transitions = await db.Vouchers.AsNoTracking().SelectMany(v => v.History).ToListAsync(ct);
        var records = VouchersDbContext.InSealOrder(transfers, decisions, transitions);
        db.Seal(records, null);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        if (records.Count > 0) log.LogInformation("Sealed {Count} records written before the seal chain existed", records.Count);
    }

    private sealed record AppliedRow(int Version, string Sha256);
}

public enum DatabaseProvider { Sqlite, PostgreSql, SqlServer }
