using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Vouchers.Domain.Sealing;

namespace Vouchers.Infrastructure.Persistence;

/// <summary>
/// Versioned schema migrations as plain SQL, one folder per provider (Migrations/Sqlite, Migrations/PostgreSql),
/// embedded in this assembly and applied in order at start-up. Each applied script is recorded with its SHA-256;
/// a script that changed after it was applied stops the service. See docs/decisions/0003.
/// (EF Core's own migrations need the Design package, which this registry does not have.)
/// </summary>
public sealed class SchemaMigrator(VouchersDbContext db, ILogger<SchemaMigrator> log)
{
    public const string HistoryTable = "__SchemaVersions";

    public sealed record Script(int Version, string Name, string Sql, string Sha256);

    public static IReadOnlyList<Script> ScriptsFor(DatabaseProvider provider)
    {
        var folder = provider == DatabaseProvider.PostgreSql ? "PostgreSql" : "Sqlite";
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
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (provider == DatabaseProvider.PostgreSql)
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(724411)", ct); // one migrator at a time across instances
        await db.Database.ExecuteSqlRawAsync(
            $"CREATE TABLE IF NOT EXISTS \"{HistoryTable}\" (\"Version\" INTEGER PRIMARY KEY, \"Name\" VARCHAR(200) NOT NULL, \"Sha256\" VARCHAR(64) NOT NULL, \"AppliedAt\" VARCHAR(40) NOT NULL)", ct);
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
            await db.Database.ExecuteSqlRawAsync(script.Sql, ct);
            if (script.Version == SealChainVersion) await SealExistingRecordsAsync(ct);
            await db.Database.ExecuteSqlRawAsync(
                $"INSERT INTO \"{HistoryTable}\" (\"Version\", \"Name\", \"Sha256\", \"AppliedAt\") VALUES ({{0}}, {{1}}, {{2}}, {{3}})",
                [script.Version, script.Name, script.Sha256, DateTimeOffset.UtcNow.ToString("O")], ct);
            applied.Add(script.Name);
        }
        await tx.CommitAsync(ct);
        return applied;
    }

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

public enum DatabaseProvider { Sqlite, PostgreSql }
