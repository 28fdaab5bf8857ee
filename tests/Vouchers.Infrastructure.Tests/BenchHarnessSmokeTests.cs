using System.Diagnostics;
using System.Globalization;

namespace Vouchers.Infrastructure.Tests;

/// <summary>
/// Keeps <c>bench/run.sh</c> from rotting (issue 19): its smoke mode runs every row's code path — a throwaway
/// PostgreSQL with pgbench, the built service on PostgreSQL and on SQLite seeded through its API, approvals, verify +
/// redeem, the fund position and reconciliation, the raw SQLite baseline, the ledger verifier on both engines, the
/// service's peak RSS, each role's busiest page signed in through the pages' own code flow — with tiny sizes, and must exit 0 and print the table with every row. The numbers are never
/// checked: a busy machine makes them anything.
/// <para>It uses the service and the benchmarks as built beside this test (same configuration) when they are there,
/// as <c>dotnet test Vouchers.sln</c> leaves them; otherwise the harness builds them. On a timeout the harness is
/// sent SIGTERM first, so that its trap stops the PostgreSQL cluster and the service it started.</para>
/// </summary>
public sealed class BenchHarnessSmokeTests
{
    /// <summary>
    /// Generous: the smoke run takes about 2 minutes alone, but under <c>dotnet test Vouchers.sln</c> it shares two cores
    /// with the API suites, and once took 2 min 53 s. A timeout fails the test; slow numbers never do.
    /// </summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(420);

    /// <summary>The start of each row's label in the table (issue 19's list).</summary>
    public static readonly string[] Rows =
    [
        "| 1 | (1) redemption on PostgreSQL", "| 2 | (2) redemption on SQLite", "| 3 | (3) approvals against one program envelope",
        "| 4 | (4) bulk issuance of ", "| 5 | (5) ledger verification", "| 6 | (6) fund position and the year's reconciliation",
        "| 7 | (7) peak RSS",
    ];

    [Fact]
    public async Task The_smoke_run_exits_0_and_prints_a_table_with_every_row()
    {
        var root = RepositoryRoot();
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0/
        var built = new[]
        {
            Path.Combine(root, "src", "Vouchers.Api", "bin", configuration, "net10.0", "Vouchers.Api.dll"),
            Path.Combine(root, "bench", "Vouchers.Benchmarks", "bin", configuration, "net10.0", "Vouchers.Benchmarks.dll"),
        }.All(File.Exists);

        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        start.ArgumentList.Add("bench/run.sh");
        start.ArgumentList.Add("--smoke");
        start.Environment["BENCH_CONFIGURATION"] = configuration;
        if (built) start.Environment["BENCH_NO_BUILD"] = "1";

        var watch = Stopwatch.StartNew();
        using var harness = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash bench/run.sh --smoke.");
        harness.StandardInput.Close();
        var stdout = harness.StandardOutput.ReadToEndAsync();
        var stderr = harness.StandardError.ReadToEndAsync();
        using (var limit = new CancellationTokenSource(Limit))
        {
            try { await harness.WaitForExitAsync(limit.Token); }
            catch (OperationCanceledException)
            {
                using (var term = Process.Start("kill", ["-TERM", harness.Id.ToString(CultureInfo.InvariantCulture)]))
                    if (term is not null) await term.WaitForExitAsync();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try { await harness.WaitForExitAsync(grace.Token); }
                catch (OperationCanceledException) { harness.Kill(entireProcessTree: true); }
                Assert.Fail($"bench/run.sh --smoke did not finish in {Limit.TotalSeconds:0} s.\n{await Tail(stderr)}\n{await Tail(stdout)}");
            }
        }
        var table = await stdout;

        Assert.True(harness.ExitCode == 0, $"bench/run.sh --smoke exited {harness.ExitCode} after {watch.Elapsed.TotalSeconds:0} s.\n{table}\n{await Tail(stderr)}");
        Assert.Contains("| # | figure | Vouchers | baseline |", table, StringComparison.Ordinal);
        foreach (var row in Rows)
            Assert.True(table.Split('\n').Any(l => l.StartsWith(row, StringComparison.Ordinal)), $"no row '{row}' in the table:\n{table}");
        // the bulk path ran on both engines and its reconciliation agreed (rows 4 and 6 are made from it)
        var bulkRows = table.Split('\n').Where(l => l.StartsWith("| 4 |", StringComparison.Ordinal) || l.StartsWith("| 6 |", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, bulkRows.Count);
        Assert.All(bulkRows, l => Assert.DoesNotContain("missing", l.Split(" | ")[2], StringComparison.Ordinal));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(bulkRows[1], "ok true").Count);
        // the pages' time to first byte: each role's page answered, signed in by the pages' own code flow
        var pages = table.Split('\n').Single(l => l.StartsWith("| 7 |", StringComparison.Ordinal));
        Assert.DoesNotContain("missing", pages, StringComparison.Ordinal);
        foreach (var path in new[] { "/public/support", "/sme/vouchers", "/provider/vouchers", "/reviewer/applications", "/finance/approvals", "/auditor/trail", "/admin/programs" })
            Assert.Matches($"`{System.Text.RegularExpressions.Regex.Escape(path)}` [0-9.,]+ / [0-9.,]+ ms", pages);
    }

    private static async Task<string> Tail(Task<string> output)
    {
        var text = await Task.WhenAny(output, Task.Delay(TimeSpan.FromSeconds(5))) == output ? await output : "(no output)";
        return text.Length <= 4000 ? text : "…" + text[^4000..];
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vouchers.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Vouchers.sln not found above " + AppContext.BaseDirectory);
    }
}
