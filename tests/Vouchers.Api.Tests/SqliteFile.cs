using Microsoft.Data.Sqlite;

namespace Vouchers.Api.Tests;

/// <summary>SQL straight into a database file, around the service: how the tests play a database administrator.</summary>
public static class SqliteFile
{
    /// <returns>The number of rows the statements changed.</returns>
    public static int Execute(string path, string sql, params (string Name, object Value)[] parameters)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return cmd.ExecuteNonQuery();
    }
}
