using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Vouchers.Testing;

/// <summary>
/// A real PostgreSQL server for the tests: a throwaway cluster (Debian's <c>postgresql</c> package: initdb and pg_ctl) in
/// a temporary folder, listening on a free loopback port, started on first use and stopped when the test process ends.
/// As root (CI, the dev machines) the cluster runs as the <c>postgres</c> user, since PostgreSQL refuses root.
/// <c>VOUCHERS_TEST_POSTGRES</c> (an Npgsql connection string of a role that may create databases) uses a server
/// you run instead. Every test gets a database of its own (<see cref="CreateDatabase"/>), dropped after it.
/// </summary>
public sealed class PostgresServer
{
    public const string EnvironmentVariable = "VOUCHERS_TEST_POSTGRES";
    private static readonly Lazy<PostgresServer> LazyShared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The one server of this test process.</summary>
    public static PostgresServer Shared => LazyShared.Value;

    private readonly string? _dataDirectory;
    private readonly string? _bin;

    /// <summary>A connection string to the server's maintenance database (<c>postgres</c>), as a role that may create databases.</summary>
    public string AdminConnectionString { get; }

    private PostgresServer(string adminConnectionString, string? bin, string? dataDirectory) =>
        (AdminConnectionString, _bin, _dataDirectory) = (adminConnectionString, bin, dataDirectory);

    /// <summary>A connection string to <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ToString();

    /// <summary>Creates an empty database with a fresh name and returns its name.</summary>
    public string CreateDatabase(string? template = null)
    {
        var name = $"vouchers_test_{Guid.NewGuid():N}";
        Admin($"CREATE DATABASE \"{name}\"" + (template is null ? "" : $" TEMPLATE \"{template}\""));
        return name;
    }

    /// <summary>Drops the database, ending whatever sessions are still connected to it.</summary>
    public void DropDatabase(string name)
    {
        NpgsqlConnection.ClearAllPools();
        Admin($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    public void Admin(string sql)
    {
        using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false }.ToString());
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }

    private static PostgresServer Start()
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external)) return new PostgresServer(external, null, null);

        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL's initdb and pg_ctl were not found (looked in /usr/lib/postgresql/*/bin and on PATH). The tests run a real " +
            $"PostgreSQL: install Debian's postgresql (apt-get install -y postgresql), or set {EnvironmentVariable} to a server of your own.");
        RemoveAbandonedClusters(bin);
        var root = Directory.CreateTempSubdirectory("vouchers-pg-").FullName;
        File.WriteAllText(Path.Combine(root, "owner.pid"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var data = Path.Combine(root, "data");
        var asRoot = Environment.IsPrivilegedProcess;
        if (asRoot) Run("chown", ["-R", "postgres:postgres", root], asPostgres: false);

        Run(Path.Combine(bin, "initdb"), ["-D", data, "-U", "vouchers", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], asRoot);
        var port = FreePort();
        // A throwaway cluster: durability settings off (the tests kill API processes, never this server), room for many pools.
        var options = $"-c port={port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={root} -c fsync=off " +
                      "-c synchronous_commit=off -c full_page_writes=off -c max_connections=500 -c shared_buffers=128MB";
        Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o", options, "start"], asRoot);

        var server = new PostgresServer(
            new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "vouchers", Database = "postgres", IncludeErrorDetail = true }.ToString(),
            bin, data);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(root, asRoot);
        return server;
    }

    private void Stop(string root, bool asRoot)
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            Run(Path.Combine(_bin!, "pg_ctl"), ["-D", _dataDirectory!, "-m", "immediate", "-w", "stop"], asRoot);
        }
        catch (InvalidOperationException) { }
        try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Clusters of earlier test processes that are gone: the test host is often killed before its exit hook has stopped
    /// the server, so a new run stops what a dead owner left running and removes its folder. A folder without an owner
    /// file yet is another run's initdb in progress and is left alone.
    /// </summary>
    private static void RemoveAbandonedClusters(string bin)
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "vouchers-pg-*"))
        {
            var ownerFile = Path.Combine(dir, "owner.pid");
            if (!File.Exists(ownerFile) || !int.TryParse(File.ReadAllText(ownerFile).Trim(), out var owner) || Directory.Exists($"/proc/{owner}")) continue;
            var data = Path.Combine(dir, "data");
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
                try { Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], Environment.IsPrivilegedProcess); }
                catch (InvalidOperationException) { continue; }
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static string? FindBinaries()
    {
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        if (debian is not null) return debian;
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .FirstOrDefault(d => d.Length > 0 && File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, string[] args, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres) foreach (var a in new[] { "-u", "postgres", "--", file }) start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            p.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(file)} did not finish in 120 s.");
        }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} exited {p.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
    }
}
