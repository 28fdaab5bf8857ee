using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Vouchers.Benchmarks.Harness;

/// <summary>
/// <c>sqlite-baseline --file PATH --clients 1,8,32 --seconds S --out FILE</c>: what SQLite itself does on this machine
/// with the service's settings — the same library (Microsoft.Data.Sqlite over e_sqlite3), WAL journal, the default
/// <c>synchronous</c> (FULL: the service sets none), a pooled connection with the service's 30 s busy timeout, and
/// <c>BeginTransaction()</c>, which is <c>BEGIN IMMEDIATE</c> as in the service — one INSERT and one UPDATE per
/// transaction, from so many threads each with its own connection, for S seconds a level.
/// </summary>
public static class SqliteBaseline
{
    public const string Name = "sqlite-baseline";
    private const int Accounts = 1000;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var o = new Options(args);
        var file = o.Text("file");
        var seconds = TimeSpan.FromSeconds(o.Int("seconds", 10));
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = true, DefaultTimeout = 30 }.ToString();
        using (var setup = new SqliteConnection(connectionString))
        {
            setup.Open();
            Exec(setup, "PRAGMA journal_mode=WAL;");
            Exec(setup, "CREATE TABLE IF NOT EXISTS accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL);" +
                        "CREATE TABLE IF NOT EXISTS history (id INTEGER PRIMARY KEY AUTOINCREMENT, account INTEGER NOT NULL, delta INTEGER NOT NULL, at TEXT NOT NULL);");
            using var tx = setup.BeginTransaction();
            for (var i = 1; i <= Accounts; i++) Exec(setup, $"INSERT OR IGNORE INTO accounts (id, balance) VALUES ({i}, 0);", tx);
            tx.Commit();
        }

        var levels = new List<object>();
        foreach (var clients in o.Ints("clients", "1,8,32"))
        {
            var latencies = new List<double>[clients];
            var errors = 0;
            var watch = Stopwatch.StartNew();
            var threads = Enumerable.Range(0, clients).Select(c => new Thread(() =>
            {
                var mine = latencies[c] = new List<double>(65536);
                var random = new Random(c);
                using var connection = new SqliteConnection(connectionString);
                connection.Open();
                while (watch.Elapsed < seconds)
                {
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        using var tx = connection.BeginTransaction();
                        var account = random.Next(1, Accounts + 1);
                        var delta = random.Next(-5000, 5000);
                        Exec(connection, "INSERT INTO history (account, delta, at) VALUES ($a, $d, $t);", tx, ("$a", account), ("$d", delta), ("$t", DateTimeOffset.UtcNow.ToString("O")));
                        Exec(connection, "UPDATE accounts SET balance = balance + $d WHERE id = $a;", tx, ("$a", account), ("$d", delta));
                        tx.Commit();
                        mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    catch (SqliteException) { Interlocked.Increment(ref errors); }
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            watch.Stop();
            var sorted = latencies.SelectMany(l => l).OrderBy(x => x).ToArray();
            var level = new
            {
                clients, seconds = Math.Round(watch.Elapsed.TotalSeconds, 2), ok = sorted.Length, errors,
                perSecond = Math.Round(sorted.Length / watch.Elapsed.TotalSeconds, 1), meanMs = Math.Round(sorted.Length == 0 ? 0 : sorted.Average(), 3),
                p50Ms = Math.Round(Measurement.Percentile(sorted, 0.5), 3), p99Ms = Math.Round(Measurement.Percentile(sorted, 0.99), 3),
            };
            levels.Add(level);
            Console.Error.WriteLine($"raw SQLite, {clients} clients: {level.perSecond} tps, p99 {level.p99Ms} ms, {errors} errors");
        }
        string synchronous;
        using (var check = new SqliteConnection(connectionString))
        {
            check.Open();
            using var cmd = check.CreateCommand();
            cmd.CommandText = "PRAGMA synchronous;";
            synchronous = Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "?";
        }
        var json = JsonSerializer.Serialize(new { file, journalMode = "wal", synchronous, levels }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
        await File.WriteAllTextAsync(o.Text("out"), json);
        Console.WriteLine(json);
        return 0;
    }

    private static void Exec(SqliteConnection c, string sql, SqliteTransaction? tx = null, params (string Name, object Value)[] parameters)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        cmd.ExecuteNonQuery();
    }
}
