using Microsoft.Data.SqlClient;

namespace Vouchers.Testing;

/// <summary>
/// The SQL Server the SQL Server suite of the API tests runs on: the one named by <c>VOUCHERS_TEST_SQLSERVER</c> (a
/// SqlClient connection string of a login that may create databases). There is no throwaway server as there is for
/// PostgreSQL: without the variable, every test of that suite is skipped (<see cref="TestDatabase.SkipReason"/>).
/// Every test service gets a database of its own (<see cref="CreateDatabase"/>), dropped after it.
/// </summary>
public static class SqlServerTestServer
{
    public const string EnvironmentVariable = "VOUCHERS_TEST_SQLSERVER";
    public const string SkipReason = "no SQL Server: set VOUCHERS_TEST_SQLSERVER to a connection string";

    public static string? AdminConnectionString => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } cs ? cs : null;

    private static string Admin => AdminConnectionString ?? throw new InvalidOperationException(SkipReason);

    public static string ConnectionString(string database) =>
        new SqlConnectionStringBuilder(Admin) { InitialCatalog = database }.ToString();

    /// <summary>Creates an empty database with a fresh name and returns its name.</summary>
    public static string CreateDatabase()
    {
        var name = $"vouchers_test_{Guid.NewGuid():N}";
        Execute($"CREATE DATABASE [{name}]");
        return name;
    }

    /// <summary>
    /// A copy of <paramref name="source"/> as it is now, by a COPY_ONLY backup and a restore under a new name, in the
    /// server's default backup and data folders (SQL Server has no CREATE DATABASE … TEMPLATE).
    /// </summary>
    public static string CopyDatabase(string source)
    {
        var copy = $"vouchers_test_{Guid.NewGuid():N}";
        Execute($"""
            DECLARE @src sysname = N'{source}', @dst sysname = N'{copy}';
            DECLARE @bdir nvarchar(4000) = CAST(SERVERPROPERTY('InstanceDefaultBackupPath') AS nvarchar(4000));
            DECLARE @ddir nvarchar(4000) = CAST(SERVERPROPERTY('InstanceDefaultDataPath') AS nvarchar(4000));
            DECLARE @sep nchar(1) = CASE WHEN CHARINDEX(N'\', @ddir) > 0 THEN N'\' ELSE N'/' END;
            IF RIGHT(@bdir, 1) <> @sep SET @bdir += @sep;
            IF RIGHT(@ddir, 1) <> @sep SET @ddir += @sep;
            DECLARE @file nvarchar(4000) = @bdir + @dst + N'.bak';
            BACKUP DATABASE @src TO DISK = @file WITH COPY_ONLY, INIT;
            DECLARE @move nvarchar(max) = N'';
            SELECT @move += N', MOVE N''' + name + N''' TO N''' + @ddir + @dst + N'_' + CAST(file_id AS nvarchar(10))
                + CASE type WHEN 1 THEN N'.ldf' ELSE N'.mdf' END + N''''
            FROM sys.master_files WHERE database_id = DB_ID(@src);
            DECLARE @restore nvarchar(max) = N'RESTORE DATABASE ' + QUOTENAME(@dst) + N' FROM DISK = @file WITH RECOVERY' + @move;
            EXEC sp_executesql @restore, N'@file nvarchar(4000)', @file = @file;
            """);
        return copy;
    }

    /// <summary>Drops the database, ending whatever sessions are still connected to it.</summary>
    public static void DropDatabase(string name)
    {
        SqlConnection.ClearAllPools();
        Execute($"IF DB_ID(N'{name}') IS NOT NULL BEGIN ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}]; END");
    }

    private static void Execute(string sql)
    {
        using var c = new SqlConnection(new SqlConnectionStringBuilder(Admin) { InitialCatalog = "master", Pooling = false }.ToString());
        c.Open();
        using var cmd = new SqlCommand(sql, c) { CommandTimeout = 300 };
        cmd.ExecuteNonQuery();
    }
}
