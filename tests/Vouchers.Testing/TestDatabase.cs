using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Vouchers.Infrastructure.Persistence;

namespace Vouchers.Testing;

/// <summary>
/// The database one test service runs on, and how a test plays its administrator (SQL around the service, a copy, a
/// context of its own). Which engine is the running test project's choice, made once in its project file (see
/// <see cref="Provider"/>): <c>Vouchers.Api.Tests</c> runs every test service on an SQLite file;
/// <c>Vouchers.Api.Tests.PostgreSql</c> on a fresh database of the test PostgreSQL server (<see cref="PostgresServer"/>);
/// <c>Vouchers.Api.Tests.SqlServer</c> on a fresh database of the SQL Server named by <c>VOUCHERS_TEST_SQLSERVER</c>
/// (<see cref="SqlServerTestServer"/>; without it every test is skipped). The tests themselves are the same classes.
/// </summary>
public abstract class TestDatabase : IDisposable
{
    /// <summary>The runtime option a test project sets to choose its provider (a <see cref="DatabaseProvider"/> name).</summary>
    public const string ProviderOption = "Vouchers.Testing.DatabaseProvider";

    /// <summary>
    /// The provider of this test run: what the running test project declares as
    /// <c>&lt;RuntimeHostConfigurationOption Include="Vouchers.Testing.DatabaseProvider" Value="PostgreSql" /&gt;</c>
    /// (it reaches the test host through the project's runtimeconfig.json, so it is known before any test is discovered),
    /// SQLite where it declares none.
    /// </summary>
    public static DatabaseProvider Provider { get; } =
        AppContext.GetData(ProviderOption) is string name ? Enum.Parse<DatabaseProvider>(name) : DatabaseProvider.Sqlite;

    /// <summary>
    /// Why the tests of this run cannot run at all, or null: SQL Server has no throwaway server to start, so without
    /// <c>VOUCHERS_TEST_SQLSERVER</c> every test of the SQL Server suite is reported skipped with this reason.
    /// </summary>
    public static string? SkipReason =>
        Provider == DatabaseProvider.SqlServer && SqlServerTestServer.AdminConnectionString is null ? SqlServerTestServer.SkipReason : null;

    /// <summary>A new, empty database of this test project's provider.</summary>
    public static TestDatabase Create() => Create(Provider);

    public static TestDatabase Create(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.PostgreSql => new PostgresDatabase(PostgresServer.Shared.CreateDatabase()),
        DatabaseProvider.SqlServer => new SqlServerDatabase(null),
        _ => new SqliteDatabase(Path.Combine(Path.GetTempPath(), "vouchers-tests", $"{Guid.NewGuid():N}.db")),
    };

    /// <summary>The service's <c>Database:Provider</c> setting.</summary>
    public abstract string ProviderSetting { get; }

    /// <summary>The service's <c>ConnectionStrings:Vouchers</c>.</summary>
    public abstract string ConnectionString { get; }

    /// <summary>Runs SQL with <c>@name</c> parameters; returns the number of rows changed.</summary>
    public int Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var c = OpenConnection();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        return cmd.ExecuteNonQuery();
    }

    /// <summary>A Guid as a SQL parameter compares with the stored column (SQLite: upper-case text, as EF Core writes it).</summary>
    public abstract object Id(Guid id);

    /// <summary>The exception type a refused statement raises.</summary>
    public Type StatementError => Provider switch
    {
        DatabaseProvider.PostgreSql => typeof(PostgresException),
        DatabaseProvider.SqlServer => typeof(SqlException),
        _ => typeof(SqliteException),
    };

    /// <summary>A context of the test's own on this database (no pooling: it leaves nothing open behind).</summary>
    public abstract VouchersDbContext Open();

    /// <summary>A consistent copy of the database as it is now (the copy is dropped with it).</summary>
    public abstract TestDatabase Copy();

    /// <summary>Closes the pooled connections the test process holds, before a copy, a drop or a file delete.</summary>
    public abstract void ReleaseConnections();

    public abstract DbConnection OpenConnection();

    public abstract void Dispose();

    private sealed class SqliteDatabase(string path) : TestDatabase
    {
        public override string ProviderSetting => "Sqlite";
        public override string ConnectionString => $"Data Source={path}";
        private string Unpooled => $"Data Source={path};Pooling=False";
        public override object Id(Guid id) => id.ToString().ToUpperInvariant();
        public override VouchersDbContext Open() => new(new DbContextOptionsBuilder<VouchersDbContext>().UseSqlite(Unpooled).Options);

        public override DbConnection OpenConnection()
        {
            var c = new SqliteConnection(Unpooled);
            c.Open();
            return c;
        }

        public override TestDatabase Copy()
        {
            var copy = Path.Combine(Path.GetTempPath(), "vouchers-tests", $"{Guid.NewGuid():N}.copy.db");
            Execute($"VACUUM INTO '{copy}'"); // reads through the WAL: what the service committed
            return new SqliteDatabase(copy);
        }

        public override void ReleaseConnections() => SqliteConnection.ClearAllPools();

        public override void Dispose()
        {
            ReleaseConnections();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                try { File.Delete(path + suffix); } catch (IOException) { }
        }

        public override string ToString() => path;
    }

    private sealed class PostgresDatabase(string name) : TestDatabase
    {
        public override string ProviderSetting => "PostgreSql";
        public override string ConnectionString => PostgresServer.Shared.ConnectionString(name);
        private string Unpooled => new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString();
        public override object Id(Guid id) => id;
        public override VouchersDbContext Open() => new(new DbContextOptionsBuilder<VouchersDbContext>().UseNpgsql(Unpooled).Options);

        public override DbConnection OpenConnection()
        {
            var c = new NpgsqlConnection(Unpooled);
            c.Open();
            return c;
        }

        public override TestDatabase Copy()
        {
            // CREATE DATABASE … TEMPLATE needs the source to have no other session; the service's pool holds idle ones.
            for (var attempt = 1; ; attempt++)
            {
                ReleaseConnections();
                try { return new PostgresDatabase(PostgresServer.Shared.CreateDatabase(template: name)); }
                catch (PostgresException e) when (e.SqlState == "55006" && attempt < 20) { Thread.Sleep(100); } // source in use
            }
        }

        public override void ReleaseConnections() => NpgsqlConnection.ClearAllPools();

        public override void Dispose() => PostgresServer.Shared.DropDatabase(name);

        public override string ToString() => name;
    }

    /// <summary>
    /// A database on <see cref="SqlServerTestServer"/>, created at its first use (so a test service built where no SQL
    /// Server is configured, for a test that is skipped, connects to nothing).
    /// </summary>
    private sealed class SqlServerDatabase(string? name) : TestDatabase
    {
        private string? _name = name;
        private string Name => _name ??= SqlServerTestServer.CreateDatabase();
        public override string ProviderSetting => "SqlServer";
        public override string ConnectionString => SqlServerTestServer.ConnectionString(Name);
        private string Unpooled => new SqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString();
        public override object Id(Guid id) => id;
        public override VouchersDbContext Open() => new(new DbContextOptionsBuilder<VouchersDbContext>().UseSqlServer(Unpooled).Options);

        public override DbConnection OpenConnection()
        {
            var c = new SqlConnection(Unpooled);
            c.Open();
            return c;
        }

        public override TestDatabase Copy()
        {
            ReleaseConnections();
            return new SqlServerDatabase(SqlServerTestServer.CopyDatabase(Name));
        }

        public override void ReleaseConnections() => SqlConnection.ClearAllPools();

        public override void Dispose()
        {
            if (_name is not null) SqlServerTestServer.DropDatabase(_name);
        }

        public override string ToString() => _name ?? "(not created)";
    }
}
