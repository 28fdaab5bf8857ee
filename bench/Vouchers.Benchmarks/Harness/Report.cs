using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Vouchers.Benchmarks.Harness;

/// <summary>
/// <c>report --dir RUN</c>: the one markdown table of a <c>bench/run.sh</c> run, from the files its steps left in RUN
/// (each engine's <c>load.json</c> and <c>vmhwm</c>, pgbench's output and per-transaction logs, the raw SQLite baseline,
/// the ledger verifications). A figure that is missing says so, with the reason; no cell is ever made up.
/// </summary>
public static partial class Report
{
    public const string Name = "report";
    private static readonly CultureInfo En = CultureInfo.InvariantCulture;

    public static int Run(IReadOnlyList<string> args)
    {
        var o = new Options(args);
        var dir = o.Text("dir");
        var pg = Load(Path.Combine(dir, "postgresql", "load.json"));
        var lite = Load(Path.Combine(dir, "sqlite", "load.json"));
        var baseline = Load(Path.Combine(dir, "sqlite-baseline.json"));
        var pgbench = o.Ints("levels", "1,8,32").Select(c => PgBench(dir, c)).ToList();
        var scale = o.Text("scale", "10");
        var t = new StringBuilder();
        t.AppendLine("| # | figure | Vouchers | baseline | ratio (Vouchers ÷ baseline, throughput) |");
        t.AppendLine("|---|---|---|---|---|");

        // (1) redemption on PostgreSQL beside pgbench
        var pgLevels = Levels(pg, "redemption");
        t.AppendLine($"| 1 | (1) redemption on PostgreSQL (verify + redeem over HTTP, distinct vouchers), {Clients(pgLevels)} clients | {Describe(pgLevels, "redemptions/s")} " +
            $"| pgbench TPC-B scale {scale}, same cluster, same levels: {(pgbench.All(p => p is null) ? "missing (see pgbench-c*.out)" : string.Join(" / ", pgbench.Select(p => p is null ? "–" : N(p.Tps))) + " tps; mean " + string.Join(" / ", pgbench.Select(p => p is null ? "–" : Ms(p.MeanMs))) + " ms; p50 " + string.Join(" / ", pgbench.Select(p => p?.P50Ms is { } v ? Ms(v) : "–")) + " ms; p99 " + string.Join(" / ", pgbench.Select(p => p?.P99Ms is { } v ? Ms(v) : "–")) + " ms")} " +
            $"| {Ratios(pgLevels, pgbench.Select(p => p?.Tps).ToList())} |");

        // (2) redemption on SQLite beside raw SQLite
        var liteLevels = Levels(lite, "redemption");
        var raw = baseline?["levels"]?.AsArray().Select(l => l!).ToList() ?? [];
        t.AppendLine($"| 2 | (2) redemption on SQLite (same), {Clients(liteLevels)} clients | {Describe(liteLevels, "redemptions/s")} " +
            $"| raw SQLite, one INSERT + one UPDATE per transaction (WAL, synchronous={baseline?["synchronous"]?.ToString() ?? "?"}, BEGIN IMMEDIATE, as the service): " +
            (raw.Count == 0 ? "missing (see sqlite-baseline.log)" : string.Join(" / ", raw.Select(l => N(D(l, "perSecond")))) + " tps; p99 " + string.Join(" / ", raw.Select(l => Ms(D(l, "p99Ms")))) + " ms") +
            $" | {Ratios(liteLevels, raw.Select(l => (double?)D(l, "perSecond")).ToList())} |");

        // (3) approvals against one envelope
        var pgApprovals = Levels(pg, "approvals");
        var liteApprovals = Levels(lite, "approvals");
        t.AppendLine($"| 3 | (3) approvals against one program envelope, {Clients(pgApprovals.Count > 0 ? pgApprovals : liteApprovals)} clients " +
            $"| PostgreSQL: {Describe(pgApprovals, "approvals/s")}; SQLite: {Describe(liteApprovals, "approvals/s")} | — | — |");

        // (4) bulk issuance (BulkIssueBenchmark: the domain's apply, recommend, approve and QR signing, saved and sealed in batches)
        var bulk = new[] { ("SQLite", Load(Path.Combine(dir, "bulk-sqlite.json"))), ("PostgreSQL", Load(Path.Combine(dir, "bulk-postgresql.json"))) };
        t.AppendLine($"| 4 | (4) bulk issuance of {(bulk.FirstOrDefault(b => b.Item2 is not null).Item2 is { } any ? N(D(any, "vouchers")) : "?")} vouchers with QR tokens " +
            "(the bulk path: the commands' domain code, saved and sealed in batches as it goes) | " +
            string.Join("; ", bulk.Select(b => b.Item2 is null ? $"{b.Item1}: missing (see bulk-*.log)" :
                $"{b.Item1}: {D(b.Item2, "totalSeconds").ToString("0.0", En)} s ({N(D(b.Item2, "vouchersPerSecond"))} vouchers/s: " +
                $"{D(b.Item2, "issueSeconds").ToString("0.0", En)} s in the domain and signing and {D(b.Item2, "saveSeconds").ToString("0.0", En)} s saving and sealing, " +
                $"the two overlapped; peak working set {N(D(b.Item2, "peakWorkingSetMiB"))} MiB)")) +
            $" | through the API, one voucher at a time{Seeding(pg, "PostgreSQL")}{Seeding(lite, "SQLite")} | — |");

        // (5) ledger verification
        var lv = new[] { ("SQLite", Load(Path.Combine(dir, "ledger-sqlite.json"))), ("PostgreSQL", Load(Path.Combine(dir, "ledger-postgresql.json"))) };
        t.AppendLine("| 5 | (5) ledger verification (LedgerVerifier over a ledger built by the domain ledger and sealed by the DbContext) | " +
            string.Join("; ", lv.Select(x => x.Item2 is null ? $"{x.Item1}: missing (see ledger-*.log)" :
                $"{x.Item1}: {N(Best(x.Item2))} records/s at {N(D(x.Item2, "records"))} records{PerCpu(x.Item2)}")) +
            " | hashing alone, in memory: " + string.Join("; ", lv.Select(x => x.Item2 is null ? $"{x.Item1}: –" : $"{x.Item1} run {N(D(x.Item2, "hashingOnlyPerSecond"))}/s")) +
            " | " + string.Join(" / ", lv.Select(x => x.Item2 is null ? "–" : (Best(x.Item2) / D(x.Item2, "hashingOnlyPerSecond")).ToString("0.00", En))) +
            $"{VerbCheck(dir)} |");

        // (6) fund position and reconciliation, over what the bulk path issued
        t.AppendLine("| 6 | (6) fund position and the year's reconciliation over the vouchers of row 4 | " +
            string.Join("; ", bulk.Select(b => b.Item2 is null ? $"{b.Item1}: missing" :
                $"{b.Item1}, {N(D(b.Item2, "vouchers"))} vouchers: position p50 {Ms(D(b.Item2, "positionP50Ms"))} ms (max {Ms(D(b.Item2, "positionMaxMs"))} ms, 20 reads); " +
                $"reconciliation {D(b.Item2, "reconciliationSeconds").ToString("0.00", En)} s, {N(D(b.Item2, "vouchersChecked"))} vouchers checked, ok {b.Item2["reconciliationOk"]}")) +
            $" | at the size the load runs left:{Position(pg, "PostgreSQL")}{Position(lite, "SQLite")} | — |");

        // (7) peak RSS
        t.AppendLine($"| 7 | (7) peak RSS (VmHWM) of the service over its run; the web pages' time to first byte, each role's busiest page | PostgreSQL run: {Rss(dir, "postgresql")}; SQLite run: {Rss(dir, "sqlite")}. " +
            $"{Pages(Load(Path.Combine(dir, "pages.json")))} | — | — |");
        Console.Write(t.ToString());
        return 0;
    }

    private static JsonNode? Load(string path) => File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null;
    private static double D(JsonNode n, string name) => n[name]!.GetValue<double>();
    private static List<JsonNode> Levels(JsonNode? run, string phase) => run?[phase]?.AsArray().Select(l => l!).ToList() ?? [];
    private static string Clients(List<JsonNode> levels) => levels.Count == 0 ? "" : string.Join(" / ", levels.Select(l => l["clients"]!.ToString()));
    private static string N(double v) => v >= 100 ? v.ToString("N0", En) : v.ToString("0.#", En);
    private static string Ms(double v) => v >= 100 ? v.ToString("N0", En) : v >= 10 ? v.ToString("0.#", En) : v.ToString("0.##", En);

    private static string Describe(List<JsonNode> levels, string unit) => levels.Count == 0 ? "missing (see the engine's load.log)" :
        $"{string.Join(" / ", levels.Select(l => N(D(l, "perSecond"))))} {unit}; p50 {string.Join(" / ", levels.Select(l => Ms(D(l, "p50Ms"))))} ms; " +
        $"p99 {string.Join(" / ", levels.Select(l => Ms(D(l, "p99Ms"))))} ms; n = {string.Join(" / ", levels.Select(l => l["ok"]!.ToString()))}" +
        (levels.Any(l => D(l, "errors") > 0) ? $"; errors {string.Join(" / ", levels.Select(l => l["errors"]!.ToString()))}" : "") +
        (levels.Any(l => l["ranOutOfWork"]!.GetValue<bool>()) ? $"; s = {string.Join(" / ", levels.Select(l => Ms(D(l, "seconds"))))} (a level that ran out of seeded vouchers ended early)" : "");

    private static string Ratios(List<JsonNode> levels, List<double?> baseline) => levels.Count == 0 || baseline.Count == 0 ? "–" :
        string.Join(" / ", levels.Select((l, i) => i < baseline.Count && baseline[i] is > 0 ? (D(l, "perSecond") / baseline[i]!.Value).ToString("0.000", En) : "–"));

    /// <summary>The best run's records per second of the verifier process's CPU time (all its cores; not the database server's).</summary>
    private static string PerCpu(JsonNode ledger) =>
        ledger["runs"]!.AsArray().MaxBy(r => r!["recordsPerSecond"]!.GetValue<double>())?["recordsPerCpuSecond"] is { } v
            ? $" ({N(v.GetValue<double>())} per second of the verifier's CPU)" : "";

    private static double Best(JsonNode ledger) => ledger["runs"]!.AsArray().Max(r => r!["recordsPerSecond"]!.GetValue<double>());

    private static string Seeding(JsonNode? run, string engine) => run?["seed"] is not { } s ? "" :
        $"; {engine}: {N(D(s, "recommendedPerSecond"))} applications/s (register + apply + recommend, {s["recommended"]} in {Ms(D(s, "seconds"))} s)";

    private static string Position(JsonNode? run, string engine)
    {
        if (run is null) return $" {engine}: missing.";
        var p = run["position"]!;
        var r = run["reconciliation"]!;
        return $" {engine}, {run["vouchersChecked"]?.ToString() ?? "?"} vouchers: position p50 {Ms(D(p, "p50Ms"))} ms, p99 {Ms(D(p, "p99Ms"))} ms (n = {p["ok"]}); " +
               $"reconciliation p50 {Ms(D(r, "p50Ms"))} ms (n = {r["ok"]}).";
    }

    /// <summary>Row 7's pages: p50 / p99 time to first byte of each role's page, signed in as its demo person, on the SQLite load run's database.</summary>
    private static string Pages(JsonNode? pages)
    {
        if (pages?["pages"] is not JsonArray list) return "Pages: missing (see pages/pages.log)";
        return "Pages, time to first byte p50 / p99 (n each), the SQLite run's database, Development environment: " + string.Join("; ", list.Select(p =>
            p!["n"]!.GetValue<int>() == 0 ? $"{p["role"]} `{p["path"]}` missing ({p["firstError"]})"
                : $"{p["role"]} `{p["path"]}` {Ms(D(p, "p50Ms"))} / {Ms(D(p, "p99Ms"))} ms ({p["n"]})" + (p["errors"]!.GetValue<int>() > 0 ? $", {p["errors"]} errors" : "")));
    }

    private static string Rss(string dir, string engine)
    {
        var file = Path.Combine(dir, engine, "vmhwm");
        if (!File.Exists(file)) return "missing";
        var kb = long.Parse(File.ReadAllText(file).Trim(), En);
        return $"{kb / 1024.0:N0} MiB";
    }

    /// <summary>The service's own <c>ledger verify</c> on each engine's database after its load run.</summary>
    private static string VerbCheck(string dir)
    {
        var parts = new List<string>();
        foreach (var engine in new[] { "postgresql", "sqlite" })
        {
            var file = Path.Combine(dir, engine, "ledger-verify.out");
            if (!File.Exists(file)) continue;
            var text = File.ReadAllText(file);
            var m = LinksPerSecond().Match(text);
            parts.Add($"{engine}: {(text.Contains("OK: no record", StringComparison.Ordinal) ? "ok" : "NOT OK")}" + (m.Success ? $", {m.Groups[1].Value} links at {m.Groups[2].Value} links/s" : ""));
        }
        return parts.Count == 0 ? "" : $" (the service's own `ledger verify` on the databases the load runs left: {string.Join("; ", parts)})";
    }

    [GeneratedRegex(@"Seal chain: (\d+) links[\s\S]*Verified in [0-9.]+ s \((\d+) links/s\)")]
    private static partial Regex LinksPerSecond();

    private sealed record PgBenchFigures(double Tps, double MeanMs, double? P50Ms, double? P99Ms);

    /// <summary>pgbench's summary (<c>pgbench-cN.out</c>) and, from its per-transaction logs (<c>pgbench-cN.log.*</c>), p50 and p99.</summary>
    private static PgBenchFigures? PgBench(string dir, int clients)
    {
        var file = Path.Combine(dir, $"pgbench-c{clients}.out");
        if (!File.Exists(file)) return null;
        var text = File.ReadAllText(file);
        var tps = Regex.Match(text, @"tps = ([0-9.]+) \(without initial connection time\)");
        var mean = Regex.Match(text, @"latency average = ([0-9.]+) ms");
        if (!tps.Success || !mean.Success) return null;
        var latencies = new List<double>();
        foreach (var log in Directory.GetFiles(dir, $"pgbench-c{clients}.log*"))
            foreach (var line in File.ReadLines(log))
            {
                var f = line.Split(' ');
                if (f.Length >= 3 && double.TryParse(f[2], NumberStyles.Float, En, out var us)) latencies.Add(us / 1000.0);
            }
        latencies.Sort();
        return new PgBenchFigures(double.Parse(tps.Groups[1].Value, En), double.Parse(mean.Groups[1].Value, En),
            latencies.Count == 0 ? null : Measurement.Percentile(latencies, 0.5), latencies.Count == 0 ? null : Measurement.Percentile(latencies, 0.99));
    }
}
