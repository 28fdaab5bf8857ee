using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Vouchers.Infrastructure.Demo;
using Vouchers.Infrastructure.Persistence;

namespace Vouchers.Api.Tests;

/// <summary>The versioned SQL migrations must produce exactly the schema the EF model describes.</summary>
public class SchemaMigrationTests
{
    private static VouchersDbContext Context(string path) =>
        new(new DbContextOptionsBuilder<VouchersDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options);

    private static async Task<List<string>> Schema(string path)
    {
        await using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        await c.OpenAsync();
        var rows = new List<string>();
        var tables = new List<string>();
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '__SchemaVersions' ORDER BY name";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) tables.Add(r.GetString(0));
        }
        foreach (var t in tables)
        {
            foreach (var pragma in new[] { "table_info", "index_list", "foreign_key_list" })
            {
                await using var cmd = c.CreateCommand();
                cmd.CommandText = $"SELECT * FROM pragma_{pragma}('{t}')";
                await using var r = await cmd.ExecuteReaderAsync();
                while (await r.ReadAsync())
                    rows.Add($"{t} {pragma}: " + string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : r.GetValue(i).ToString())));
            }
        }
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL ORDER BY name";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) rows.Add($"index {r.GetString(0)}: {r.GetString(1)}");
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    [Fact]
    public async Task SqliteMigrations_ProduceTheSchemaOfTheModel()
    {
        var dir = Directory.CreateTempSubdirectory("vouchers-schema");
        var migrated = Path.Combine(dir.FullName, "migrated.db");
        var modelled = Path.Combine(dir.FullName, "model.db");
        await using (var db = Context(migrated))
            Assert.NotEmpty(await new SchemaMigrator(db, NullLogger<SchemaMigrator>.Instance).MigrateAsync(DatabaseProvider.Sqlite));
        await using (var db = Context(modelled))
            await db.Database.EnsureCreatedAsync();
        Assert.Equal(await Schema(modelled), await Schema(migrated));
        dir.Delete(recursive: true);
    }

    [Fact]
    public async Task Migrating_Again_AppliesNothing_AndAChangedScriptStopsTheService()
    {
        var dir = Directory.CreateTempSubdirectory("vouchers-schema");
        var path = Path.Combine(dir.FullName, "db.db");
        await using (var db = Context(path))
        {
            var migrator = new SchemaMigrator(db, NullLogger<SchemaMigrator>.Instance);
            await migrator.MigrateAsync(DatabaseProvider.Sqlite);
            Assert.Empty(await migrator.MigrateAsync(DatabaseProvider.Sqlite));
            await db.Database.ExecuteSqlRawAsync("UPDATE \"__SchemaVersions\" SET \"Sha256\" = 'tampered'");
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync(DatabaseProvider.Sqlite));
            Assert.Contains("changed after it was applied", e.Message);
        }
        dir.Delete(recursive: true);
    }

    [Fact]
    public async Task ALedgerWrittenBeforeTheSealChain_IsSealedOnceByV0005_AndVerifies()
    {
        var factory = new ApiFactory { KeepFiles = true };
        using (factory)
        {
            var s = new Scenario(factory);
            var cancelled = await s.Issued(2_000_000);
            await s.Finance.Post($"/api/finance/vouchers/{cancelled}/cancel", new { reason = "Sai đối tượng" }, Http.Key()).Ok();
            await s.Issued(3_000_000);
        }
        SqliteConnection.ClearAllPools();
        var path = factory.DatabasePath;
        // back to a V0004 database that has a ledger
        await using (var db = Context(path))
            await db.Database.ExecuteSqlRawAsync(
                "DROP TABLE \"ChainLinks\"; DROP TABLE \"ChainCheckpoints\"; DELETE FROM \"__SchemaVersions\" WHERE \"Version\" = 5");

        await using (var db = Context(path))
            Assert.Equal(["V0005_seal_chain"], await new SchemaMigrator(db, NullLogger<SchemaMigrator>.Instance).MigrateAsync(DatabaseProvider.Sqlite));

        var keyFile = path + ".backfill-keys.json";
        try
        {
            await using var check = Context(path);
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
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm", keyFile, keyFile + ".lock" })
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

public class PersistenceRoundTripTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ProgramCapsAndProviderPrices_SurviveTheDatabase()
    {
        var s = new Scenario(factory);
        var program = await s.Program();
        Assert.Equal(20_000_000, program["caps"]!.AsArray().Single(c => c!["size"]!.GetValue<string>() == "Micro")!["perVoucher"]!.GetValue<long>());
        var providers = await s.Public.GetAsync("/api/public/providers?pageSize=100").Ok();
        Assert.All(providers["items"]!.AsArray().SelectMany(p => p!["services"]!.AsArray()), svc => Assert.True(svc!["listPrice"]!.GetValue<long>() > 0));
        // the seeded values themselves came back (an empty services column would pass the line above)
        var lab = providers["items"]!.AsArray().Single(p => p!["taxCode"]!.GetValue<string>() == DemoData.LabTaxCode)!;
        var service = Assert.Single(lab["services"]!.AsArray())!;
        Assert.Equal(("LabTesting", 12_000_000L), (service["kind"]!.GetValue<string>(), service["listPrice"]!.GetValue<long>()));
    }
}
