using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Vouchers.Infrastructure.Persistence;

namespace Vouchers.Api.Tests;

/// <summary>The versioned SQL migrations must produce exactly the schema the EF model describes, on each provider.</summary>
public class SchemaMigrationTests
{
    private static SchemaMigrator Migrator(VouchersDbContext db) => new(db, NullLogger<SchemaMigrator>.Instance);

    /// <summary>Tables, columns, keys, foreign keys and indexes, one sorted line each, as the database itself reports them.</summary>
    private static List<string> Schema(TestDatabase database)
    {
        var rows = new List<string>();
        using var c = database.OpenConnection();
        List<string> Query(string sql)
        {
            var result = new List<string>();
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            using var r = cmd.ExecuteReader();
            while (r.Read()) result.Add(string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : r.GetValue(i).ToString())));
            return result;
        }
        if (TestDatabase.Provider == DatabaseProvider.Sqlite)
        {
            foreach (var t in Query("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '__SchemaVersions' ORDER BY name"))
            foreach (var (pragma, columns) in new[] { ("table_info", "*"), ("index_list", "name, \"unique\", origin, partial"), ("foreign_key_list", "*") })
                // an index's seq is the order indexes were created in, which a later migration cannot match: not part of the schema
                rows.AddRange(Query($"SELECT {columns} FROM pragma_{pragma}('{t}')").Select(row => $"{t} {pragma}: {row}"));
            rows.AddRange(Query("SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL ORDER BY name").Select(row => $"index {row}"));
        }
        else if (TestDatabase.Provider == DatabaseProvider.SqlServer)
        {
            // the scripts' own tables (__SchemaVersions, __AuditEntriesTruncateGuard) are not the model's
            const string ours = "LEFT(t.name, 2) <> '__'";
            // the column's rank, not its ORDINAL_POSITION: a dropped column (V0009) leaves a gap in the numbering, not in the order
            rows.AddRange(Query("SELECT c.TABLE_NAME, c.COLUMN_NAME, ROW_NUMBER() OVER (PARTITION BY c.TABLE_NAME ORDER BY c.ORDINAL_POSITION), " +
                                "c.DATA_TYPE, c.CHARACTER_MAXIMUM_LENGTH, c.COLLATION_NAME, " +
                                "c.IS_NULLABLE, c.COLUMN_DEFAULT FROM INFORMATION_SCHEMA.COLUMNS c JOIN sys.tables t ON t.name = c.TABLE_NAME " +
                                $"WHERE {ours}").Select(row => $"column {row}"));
            rows.AddRange(Query("SELECT t.name, k.name, k.type FROM sys.key_constraints k JOIN sys.tables t ON t.object_id = k.parent_object_id " +
                                $"WHERE {ours}").Select(row => $"constraint {row}"));
            rows.AddRange(Query("SELECT t.name, fk.name, OBJECT_NAME(fk.referenced_object_id), fk.delete_referential_action_desc FROM sys.foreign_keys fk " +
                                $"JOIN sys.tables t ON t.object_id = fk.parent_object_id WHERE {ours}").Select(row => $"foreign key {row}"));
            rows.AddRange(Query("SELECT t.name, i.name, i.is_unique, i.filter_definition, STRING_AGG(c.name, ',') WITHIN GROUP (ORDER BY ic.key_ordinal) " +
                                "FROM sys.indexes i JOIN sys.tables t ON t.object_id = i.object_id " +
                                "JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id " +
                                "JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id " +
                                $"WHERE i.name IS NOT NULL AND {ours} GROUP BY t.name, i.name, i.is_unique, i.filter_definition").Select(row => $"index {row}"));
        }
        else
        {
            // the scripts' own tables (__SchemaVersions, __ChainPending) are not the model's
            const string ours = "table_schema = 'public' AND left(table_name, 2) <> '__'";
            // the column's rank, not its ordinal_position: a dropped column (V0009) leaves a gap in the numbering, not in the order
            rows.AddRange(Query("SELECT table_name, column_name, row_number() OVER (PARTITION BY table_name ORDER BY ordinal_position), " +
                                "data_type, character_maximum_length, is_nullable, column_default " +
                                $"FROM information_schema.columns WHERE {ours}").Select(row => $"column {row}"));
            rows.AddRange(Query("SELECT rel.relname, con.conname, con.contype, pg_get_constraintdef(con.oid) FROM pg_constraint con " +
                                "JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace n ON n.oid = rel.relnamespace " +
                                "WHERE n.nspname = 'public' AND left(rel.relname, 2) <> '__'").Select(row => $"constraint {row}"));
            rows.AddRange(Query("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND left(tablename, 2) <> '__'")
                .Select(row => $"index {row}"));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    [Fact]
    public async Task TheMigrations_ProduceTheSchemaOfTheModel()
    {
        using var migrated = TestDatabase.Create();
        using var modelled = TestDatabase.Create();
        await using (var db = migrated.Open())
            Assert.NotEmpty(await Migrator(db).MigrateAsync(TestDatabase.Provider));
        await using (var db = modelled.Open())
            await db.Database.EnsureCreatedAsync();
        var expected = Schema(modelled);
        Assert.True(expected.Count > 50, $"{expected.Count} schema lines"); // the model's tables were really read
        Assert.Equal(expected, Schema(migrated));
    }

    [Fact]
    public void EveryEnumStoredByName_FitsItsColumn()
    {
        // PostgreSQL checks a varchar's length where SQLite does not: a name longer than its column was refused there only
        using var database = TestDatabase.Create();
        using var db = database.Open();
        var columns = 0;
        foreach (var entity in db.Model.GetEntityTypes())
        foreach (var property in entity.GetProperties())
        {
            var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
            if (!type.IsEnum || property.GetTypeMapping().Converter?.ProviderClrType != typeof(string)) continue;
            var names = Enum.GetValues(type).Cast<object>().Where(v => Convert.ToInt64(v) != 0).Select(v => v.ToString()!).ToList();
            var longest = type.IsDefined(typeof(FlagsAttribute), inherit: false) ? string.Join(", ", names).Length : names.Max(n => n.Length);
            Assert.True(property.GetMaxLength() >= longest, $"{entity.DisplayName()}.{property.Name} holds up to {longest} characters but its column has {property.GetMaxLength()}");
            columns++;
        }
        Assert.True(columns >= 20, $"{columns} enum columns"); // the model's enums were really found
    }

    [Fact]
    public async Task Migrating_Again_AppliesNothing_AndAChangedScriptStopsTheService()
    {
        using var database = TestDatabase.Create();
        await using var db = database.Open();
        var migrator = Migrator(db);
        await migrator.MigrateAsync(TestDatabase.Provider);
        Assert.Empty(await migrator.MigrateAsync(TestDatabase.Provider));
        await db.Database.ExecuteSqlRawAsync("UPDATE \"__SchemaVersions\" SET \"Sha256\" = 'tampered'");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync(TestDatabase.Provider));
        Assert.Contains("changed after it was applied", e.Message);
    }

    [Fact(SkipOnSqlServer = "SQL Server starts at the V0007 baseline, which includes the seal chain: no SQL Server database predates V0005")]
    public async Task ALedgerWrittenBeforeTheSealChain_IsSealedOnceByV0005_AndVerifies()
    {
        var factory = new ApiFactory { KeepFiles = true };
        using (factory)
        {
            var s = new Scenario(factory);
            var cancelled = await s.Issued(2_000_000);
            await s.Finance.Post($"/api/finance/vouchers/{cancelled}/cancel", new { reason = "Sai đối tượng" }, TestHttp.Key()).Ok();
            await s.Issued(3_000_000);
        }
        var database = factory.Database;
        database.ReleaseConnections();
        // back to a V0004 database that has a ledger
        await using (var db = database.Open())
            await db.Database.ExecuteSqlRawAsync(
                "DROP TABLE \"ChainLinks\"; DROP TABLE \"ChainCheckpoints\"; DELETE FROM \"__SchemaVersions\" WHERE \"Version\" = 5");

        await using (var db = database.Open())
            Assert.Equal(["V0005_seal_chain"], await Migrator(db).MigrateAsync(TestDatabase.Provider));

        var keyFile = Path.Combine(Path.GetTempPath(), "vouchers-tests", $"{Guid.NewGuid():N}.backfill-keys.json");
        try
        {
            await using var check = database.Open();
            var keys = new Vouchers.Infrastructure.Sealing.CheckpointKeys(Vouchers.Infrastructure.Signing.SigningKeyRing.Load(
                new Vouchers.Infrastructure.Signing.SigningKeyOptions { KeyFile = keyFile, GenerateIfMissing = true }, Path.GetTempPath(), TimeProvider.System));
            var verdict = await new Vouchers.Application.Integrity.LedgerVerifier(check, keys).VerifyAsync([], "published", CancellationToken.None);
            Assert.True(verdict.Ok, string.Join("\n", verdict.Problems.Select(p => p.Message)));
            var records = await check.LedgerTransfers.CountAsync() + await check.BudgetAllocations.CountAsync()
                + await check.Vouchers.SelectMany(v => v.History).CountAsync();
            Assert.True(records > 20, $"{records} records"); // the demo's decisions and envelopes, two vouchers' transfers and transitions
            Assert.Equal(records, verdict.Links);
            Assert.Equal(0, verdict.UnsealedRecords);
        }
        finally
        {
            database.Dispose();
            foreach (var file in new[] { keyFile, keyFile + ".lock" })
                try { File.Delete(file); } catch (IOException) { }
        }
    }

    [Fact]
    public void EveryProvider_HasTheSameMigrationVersions()
    {
        var sqlite = SchemaMigrator.ScriptsFor(DatabaseProvider.Sqlite).Select(s => s.Name);
        var postgres = SchemaMigrator.ScriptsFor(DatabaseProvider.PostgreSql).Select(s => s.Name);
        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite, postgres);
    }
}
