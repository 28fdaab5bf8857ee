using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Vouchers.Infrastructure.Persistence;

namespace Vouchers.Infrastructure.Tests.Persistence;

/// <summary>
/// SQL Server without a server: the versioned scripts (Migrations/SqlServer) must define exactly the schema EF Core
/// generates for the model on SQL Server, and must be T-SQL the migrator can run. Nothing here opens a connection.
/// </summary>
public class SqlServerSchemaTests
{
    private static VouchersDbContext ModelOnSqlServer() => new(new DbContextOptionsBuilder<VouchersDbContext>()
        .UseSqlServer("Server=sqlserver.invalid;Database=Vouchers;Encrypt=False").Options);

    private static IReadOnlyList<SchemaMigrator.Script> Scripts => SchemaMigrator.ScriptsFor(DatabaseProvider.SqlServer);

    /// <summary>The scripts in order, batch by batch, as the migrator runs them.</summary>
    private static SqlServerDdl Migrated()
    {
        var ddl = new SqlServerDdl();
        foreach (var script in Scripts)
        foreach (var batch in script.Batches)
            ddl.Apply(batch);
        return ddl;
    }

    private static SqlServerDdl Modelled()
    {
        using var db = ModelOnSqlServer();
        var ddl = new SqlServerDdl();
        foreach (var batch in Regex.Split(db.Database.GenerateCreateScript(), @"^\s*GO\s*$", RegexOptions.Multiline))
            ddl.Apply(batch);
        return ddl;
    }

    /// <summary>Tables the scripts add beside the model's (named <c>__…</c>, as the migrator's own history table).</summary>
    private static bool OfTheModel(string table) => !table.StartsWith("__", StringComparison.Ordinal);

    [Fact]
    public void TheSqlServerScripts_DefineExactlyTheSchemaOfTheModel()
    {
        var expected = Modelled().Lines(OfTheModel);
        var actual = Migrated().Lines(OfTheModel);
        Assert.True(expected.Count > 200, $"{expected.Count} schema lines"); // the model's tables were really read
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            "The SQL Server scripts and the model differ.\n" +
            $"In the model, not in the scripts ({missing.Count}):\n  " + string.Join("\n  ", missing) + "\n" +
            $"In the scripts, not in the model ({extra.Count}):\n  " + string.Join("\n  ", extra));
    }

    [Fact]
    public void EveryTextColumn_IsNvarchar_WithTheOrdinalCollation()
    {
        var lines = Modelled().Lines(OfTheModel).Where(l => l.StartsWith("column ", StringComparison.Ordinal)).ToList();
        var text = lines.Where(l => Regex.IsMatch(l, @" n?(var)?char\(")).ToList();
        Assert.True(text.Count > 60, $"{text.Count} text columns");
        Assert.All(text, l => Assert.Matches($@" nvarchar\((\d+|max)\) COLLATE {VouchersDbContext.SqlServerTextCollation} ", l));
        Assert.All(lines.Where(l => l.Contains(" datetime", StringComparison.Ordinal)), l => Assert.Contains(" datetime2 ", l)); // to the tick, UTC
    }

    [Fact]
    public void TheSqlServerScripts_AreTSqlTheMigratorCanRun()
    {
        Assert.NotEmpty(Scripts);
        foreach (var script in Scripts)
        {
            var code = SqlServerDdl.StripComments(script.Sql);
            foreach (var (pattern, why) in new[]
                     {
                         (@"\b(CREATE\s+(UNIQUE\s+)?(TABLE|INDEX)|ADD(\s+COLUMN)?)\s+IF\s+NOT\s+EXISTS\b", "T-SQL has no CREATE TABLE/INDEX … IF NOT EXISTS (use IF OBJECT_ID(…) IS NULL)"),
                         (@"^\s*GO\s*$", "GO is a client command, not T-SQL: split batches with a '-- batch' line"),
                         (@"\bADD\s+COLUMN\b", "T-SQL adds a column with ADD, not ADD COLUMN"),
                         (@"\b(uuid|bytea|timestamptz|boolean|AUTOINCREMENT)\b|character\s+varying|with\s+time\s+zone|\$\$", "a PostgreSQL or SQLite type or syntax"),
                     })
                Assert.False(Regex.IsMatch(code, pattern, RegexOptions.IgnoreCase | RegexOptions.Multiline), $"{script.Name}: {why}");
            foreach (var batch in script.Batches)
            {
                var sql = SqlServerDdl.StripComments(batch);
                SqlServerDdl.Split(sql, ';'); // balanced parentheses, brackets and quotes, or it throws
                var modules = Regex.Matches(sql, @"\bCREATE\s+(TRIGGER|PROCEDURE|FUNCTION|VIEW)\b", RegexOptions.IgnoreCase).Count;
                Assert.True(modules == 0 || (modules == 1 && Regex.IsMatch(sql, @"^\s*CREATE\s+(TRIGGER|PROCEDURE|FUNCTION|VIEW)\b", RegexOptions.IgnoreCase)),
                    $"{script.Name}: a CREATE TRIGGER/PROCEDURE/FUNCTION/VIEW must be alone and first in its batch ('-- batch' before it)");
                Assert.Equal(Regex.Matches(sql, @"\bBEGIN\b", RegexOptions.IgnoreCase).Count, Regex.Matches(sql, @"\bEND\b", RegexOptions.IgnoreCase).Count);
            }
        }
        Assert.DoesNotMatch(@"CREATE\s+TABLE\s+IF\s+NOT\s+EXISTS", SchemaMigrator.HistoryTableDdl(DatabaseProvider.SqlServer));
    }

    [Fact]
    public void TheAuditTrail_IsAppendOnlyOnSqlServerToo()
    {
        var migrated = Migrated();
        Assert.Contains($"AuditEntries {VouchersDbContext.AuditTrailTrigger} INSTEAD OF UPDATE, DELETE", migrated.Triggers);
        using (var db = ModelOnSqlServer()) // EF then writes no OUTPUT clause there, which SQL Server refuses on a table with triggers
            Assert.Contains(db.Model.FindEntityType(typeof(Vouchers.Application.Audit.AuditEntry))!.GetDeclaredTriggers(), t => t.ModelName == VouchersDbContext.AuditTrailTrigger);
        // no trigger fires on TRUNCATE; a foreign key to the table refuses it
        Assert.Contains("__AuditEntriesTruncateGuard", migrated.Tables);
        Assert.Contains(migrated.Lines(t => t == "__AuditEntriesTruncateGuard"), l => l.Contains("FOREIGN KEY ([AuditEntryId]) REFERENCES [AuditEntries] ([Id])", StringComparison.Ordinal));
    }

    [Fact]
    public void SqlServer_StartsAtABaseline_AndHasTheOtherProvidersVersionsFromThere()
    {
        var sqlServer = Scripts.Select(s => s.Version).ToList();
        var others = SchemaMigrator.ScriptsFor(DatabaseProvider.Sqlite).Select(s => s.Version).ToList();
        Assert.EndsWith("_baseline", Scripts[0].Name, StringComparison.Ordinal);
        Assert.Equal(others.Where(v => v >= sqlServer[0]), sqlServer);
        Assert.Equal(others, SchemaMigrator.ScriptsFor(DatabaseProvider.PostgreSql).Select(s => s.Version));
        // the baseline includes the seal chain: there are no records from before it to seal (SchemaMigrator.SealChainVersion)
        Assert.True(sqlServer[0] >= SchemaMigrator.SealChainVersion);
    }

    [Theory]
    [InlineData("SqlServer")]
    [InlineData("sqlserver")]
    [InlineData("MSSQL")]
    [InlineData(" mssql ")]
    public void TheProviderSetting_NamesSqlServer(string value) =>
        Assert.Equal(DatabaseProvider.SqlServer, DependencyInjection.ParseProvider(value));

    [Fact]
    public void TheLocks_AreTransactionScopedApplicationLocks_ThatFailLoudly()
    {
        Assert.Contains("@LockOwner = 'Transaction'", VouchersDbContext.AppLockSql, StringComparison.Ordinal);
        Assert.Contains("@LockMode = 'Exclusive'", VouchersDbContext.AppLockSql, StringComparison.Ordinal);
        Assert.Contains($"THROW {VouchersDbContext.AppLockFailed},", VouchersDbContext.AppLockSql, StringComparison.Ordinal);
        Assert.Equal(3, new[] { VouchersDbContext.ChainHeadResource, SchemaMigrator.SqlServerMigratorResource, VouchersDbContext.EnterpriseResourcePrefix + "0101234567" }.Distinct().Count());
    }
}
