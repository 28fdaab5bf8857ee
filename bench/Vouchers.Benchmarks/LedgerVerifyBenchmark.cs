using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Vouchers.Application.Integrity;
using Vouchers.Domain.Common;
using Vouchers.Domain.Funds;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Sealing;
using Vouchers.Infrastructure.Persistence;
using Vouchers.Infrastructure.Sealing;
using Vouchers.Infrastructure.Signing;

namespace Vouchers.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Vouchers.Benchmarks -- ledger-verify [records]</c>: how fast the ledger
/// verifier (the one behind <c>GET /api/auditor/ledger/verify</c> and <c>ledger verify</c>) checks a SQLite database
/// of <c>records</c> ledger transfers (default 1,000,000), each sealed in the chain and covered by a signed checkpoint.
/// The database is built once by the real code paths — the domain ledger executes every batch, the DbContext seals
/// every saved transfer — and kept in the temp folder; then it is verified three times, each run timed and reported
/// in records per second with the process's peak working set. This is a whole run from the database file, not a
/// micro-benchmark, so it is timed with a stopwatch rather than BenchmarkDotNet.
/// <para><c>ledger-verify --records N --provider sqlite|postgresql --connection CS [--runs R] --out FILE</c> (what
/// <c>bench/run.sh</c> uses): the same build and verification on the database the connection string names (an empty
/// one: it is migrated here; SQLite's file is made), R runs, and the figures as JSON.</para>
/// </summary>
public static class LedgerVerifyBenchmark
{
    public const string Name = "ledger-verify";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args.Count > 0 && args[0].StartsWith("--", StringComparison.Ordinal)) return await RunForHarnessAsync(new Harness.Options(args));
        var count = args.Count > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
        var path = Path.Combine(Path.GetTempPath(), $"vouchers-bench-ledger-{count}.db");
        var keyFile = path + ".checkpoint-keys.json";
        var ring = SigningKeyRing.Load(new SigningKeyOptions { KeyFile = keyFile, GenerateIfMissing = true }, Path.GetTempPath(), TimeProvider.System);
        var keys = new CheckpointKeys(ring);
        if (!File.Exists(path))
        {
            var build = Stopwatch.StartNew();
            await BuildAsync(path, count, keys);
            Console.WriteLine($"Built {path}: {count:N0} transfers sealed in {build.Elapsed.TotalSeconds:0.0} s ({new FileInfo(path).Length / 1048576.0:0} MiB)");
        }

        for (var run = 1; run <= 3; run++)
        {
            GC.Collect();
            await using var db = Open(path);
            var watch = Stopwatch.StartNew();
            var verdict = await new LedgerVerifier(db, keys).VerifyAsync([], "published", CancellationToken.None);
            watch.Stop();
            Console.WriteLine($"run {run}: {verdict.Links:N0} links ({verdict.TransfersReplayed:N0} transfers replayed, {verdict.Accounts} accounts, " +
                $"{verdict.CheckpointsChecked} checkpoint) verified in {watch.Elapsed.TotalSeconds:0.00} s = " +
                $"{verdict.Links / watch.Elapsed.TotalSeconds:N0} records/s; ok {verdict.Ok}; peak working set " +
                $"{Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB");
            if (!verdict.Ok) Console.WriteLine("  first problem: " + verdict.FirstProblem!.Message);
        }

        // the domain's share: recomputing the content and link hashes alone, in memory
        await using (var db = Open(path))
        {
            var transfers = await db.LedgerTransfers.AsNoTracking().Take(200_000).ToListAsync();
            var watch = Stopwatch.StartNew();
            ChainLink? head = null;
            foreach (var t in transfers) head = ChainLink.Append(head, SealedKey.Of(t), Canonical.Hash(Canonical.Of(t)));
            watch.Stop();
            Console.WriteLine($"hashing only (canonical form + SHA-256 + link), in memory: {transfers.Count / watch.Elapsed.TotalSeconds:N0} records/s");
        }
        return 0;
    }

    private static VouchersDbContext Open(string path) =>
        new(new DbContextOptionsBuilder<VouchersDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options);

    private static Task BuildAsync(string path, int count, CheckpointKeys keys) => BuildAsync(() => Open(path), DatabaseProvider.Sqlite, count, keys);

    /// <summary>The harness's run: build on the given engine, verify <c>--runs</c> times, write the figures as JSON.</summary>
    private static async Task<int> RunForHarnessAsync(Harness.Options o)
    {
        var count = o.Int("records");
        var provider = o.Text("provider").ToLowerInvariant() is "postgresql" or "postgres" ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;
        var connection = o.Text("connection");
        VouchersDbContext Connect() => new(provider == DatabaseProvider.Sqlite
            ? new DbContextOptionsBuilder<VouchersDbContext>().UseSqlite(connection).Options
            : new DbContextOptionsBuilder<VouchersDbContext>().UseNpgsql(connection).Options);
        var keyFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(o.Text("out")))!, $"ledger-{provider}.checkpoint-keys.json");
        var keys = new CheckpointKeys(SigningKeyRing.Load(new SigningKeyOptions { KeyFile = keyFile, GenerateIfMissing = true }, Path.GetTempPath(), TimeProvider.System));
        var build = Stopwatch.StartNew();
        await BuildAsync(Connect, provider, count, keys);
        build.Stop();
        Console.Error.WriteLine($"ledger on {provider}: {count:N0} transfers built and sealed in {build.Elapsed.TotalSeconds:0.0} s");
        var runs = new List<object>();
        var ok = true;
        for (var run = 1; run <= o.Int("runs", 1); run++)
        {
            GC.Collect();
            await using var db = Connect();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var verdict = await new LedgerVerifier(db, keys).VerifyAsync([], "published", CancellationToken.None);
            watch.Stop();
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds; // this process's, on every core; not the database server's
            ok &= verdict.Ok;
            runs.Add(new
            {
                seconds = Math.Round(watch.Elapsed.TotalSeconds, 3), links = verdict.Links, recordsPerSecond = Math.Round(verdict.Links / watch.Elapsed.TotalSeconds),
                cpuSeconds = Math.Round(cpuSeconds, 3), recordsPerCpuSecond = Math.Round(verdict.Links / Math.Max(cpuSeconds, 1e-6)), verdict.Ok,
            });
            Console.Error.WriteLine($"  run {run}: {verdict.Links:N0} links in {watch.Elapsed.TotalSeconds:0.00} s = {verdict.Links / watch.Elapsed.TotalSeconds:N0} records/s " +
                $"({cpuSeconds:0.00} s of this process's CPU: {verdict.Links / Math.Max(cpuSeconds, 1e-6):N0} records per CPU-second); ok {verdict.Ok}");
        }
        double hashing;
        await using (var db = Connect())
        {
            var transfers = await db.LedgerTransfers.AsNoTracking().Take(200_000).ToListAsync();
            var watch = Stopwatch.StartNew();
            ChainLink? head = null;
            foreach (var t in transfers) head = ChainLink.Append(head, SealedKey.Of(t), Canonical.Hash(Canonical.Of(t)));
            watch.Stop();
            hashing = transfers.Count / watch.Elapsed.TotalSeconds;
        }
        var json = System.Text.Json.JsonSerializer.Serialize(new
        {
            provider = provider.ToString(), records = count, buildSeconds = Math.Round(build.Elapsed.TotalSeconds, 1), runs,
            hashingOnlyPerSecond = Math.Round(hashing), peakWorkingSetMiB = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0),
        }, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { WriteIndented = true });
        await File.WriteAllTextAsync(o.Text("out"), json);
        Console.WriteLine(json);
        return ok ? 0 : 1;
    }

    private static async Task BuildAsync(Func<VouchersDbContext> open, DatabaseProvider engine, int count, CheckpointKeys keys)
    {
        var now = new DateTimeOffset(2026, 1, 5, 1, 0, 0, TimeSpan.Zero);
        var fund = Fund.Create("dong-thap", FundKind.SmeDevelopment, null, now);
        var (source, budget) = fund.OpenFiscalYear(2026, now);
        var programId = Guid.CreateVersion7(now);
        LedgerAccount Program(AccountCode code) =>
            LedgerAccount.Open(Guid.CreateVersion7(now), code, code.DefaultFlags(), fund.Id, 2026, programId, code.ToString(), now);
        var (programBudget, payable, disbursed) = (Program(AccountCode.ProgramBudget), Program(AccountCode.ProgramPayable), Program(AccountCode.ProgramDisbursed));
        var view = new View([source, budget, programBudget, payable, disbursed]);

        var all = new List<LedgerTransfer>(count);
        void Run(DateTimeOffset at, params TransferRequest[] batch)
        {
            foreach (var t in Ledger.Execute(batch, view, Guid.CreateVersion7(at), at))
            {
                view.Add(t);
                all.Add(t);
            }
        }
        Run(now, new TransferRequest(Guid.CreateVersion7(now), source.Id, budget.Id, Money.Vnd(900_000_000_000_000), TransferKind.Allocation, Reference: "01/QĐ-BENCH"),
            new TransferRequest(Guid.CreateVersion7(now), budget.Id, programBudget.Id, Money.Vnd(800_000_000_000_000), TransferKind.EnvelopeApproval, Reference: "02/QĐ-BENCH"));
        var random = new Random(20261122);
        for (var i = 0; all.Count < count; i++)
        {
            var at = now.AddSeconds(i);
            var voucher = Guid.CreateVersion7(at);
            var face = random.Next(1, 50) * 1_000_000L;
            var commitment = new TransferRequest(Guid.CreateVersion7(at), programBudget.Id, payable.Id, Money.Vnd(face), TransferKind.Commitment,
                TransferPhase.Pending, Reference: $"PH-{i:X8}", Reason: "Cam kết kinh phí phiếu hỗ trợ", VoucherId: voucher);
            Run(at, commitment);
            if (all.Count >= count) break;
            var later = at.AddMilliseconds(500);
            if (i % 10 == 9)
            {
                Run(later, new TransferRequest(Guid.CreateVersion7(later), Guid.Empty, Guid.Empty, Money.Zero, TransferKind.Release, TransferPhase.VoidPending,
                    commitment.Id, Reason: "Phiếu hết hạn sử dụng", VoucherId: voucher));
                continue;
            }
            var accepted = Money.Vnd(face - random.Next(0, 3) * 100_000L);
            var provider = Guid.CreateVersion7(later);
            Run(later, new TransferRequest(Guid.CreateVersion7(later), Guid.Empty, Guid.Empty, accepted, TransferKind.Settlement, TransferPhase.PostPending,
                commitment.Id, Reference: $"C26TAA-{i}", Reason: "Duyệt thanh toán", VoucherId: voucher, ProviderId: provider));
            if (all.Count >= count) break;
            Run(later.AddMilliseconds(100), new TransferRequest(Guid.CreateVersion7(later), payable.Id, disbursed.Id, accepted, TransferKind.Disbursement,
                Reference: $"UNC-{i}", Reason: "Chi trả phiếu", VoucherId: voucher, ProviderId: provider));
        }

        var sqlite = engine == DatabaseProvider.Sqlite;
        await using (var db = open())
        {
            if (sqlite) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await new SchemaMigrator(db, NullLogger<SchemaMigrator>.Instance).MigrateAsync(engine);
            db.Funds.Add(fund);
            db.LedgerAccounts.AddRange(source, budget, programBudget, payable, disbursed); // their balances are the final ones already
            await db.SaveChangesAsync();
        }
        for (var from = 0; from < all.Count; from += 20_000)
        {
            await using var db = open();
            if (sqlite) await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=OFF;");
            await using var tx = await db.Database.BeginTransactionAsync();
            db.LedgerTransfers.AddRange(all.Skip(from).Take(20_000)); // the context seals each one, as in the service
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            if (from % 200_000 == 0) Console.Error.WriteLine($"  {Math.Min(from + 20_000, all.Count):N0} / {all.Count:N0} saved and sealed");
        }
        await using (var db = open())
        {
            var head = await db.ChainLinks.OrderByDescending(l => l.Height).FirstAsync();
            db.ChainCheckpoints.Add(ChainCheckpoint.Make(null, head, now.AddDays(1), keys.SigningKeyId, keys.Sign));
            await db.SaveChangesAsync();
        }
    }

    internal sealed class View(IEnumerable<LedgerAccount> accounts) : ILedgerView
    {
        private readonly Dictionary<Guid, LedgerAccount> _accounts = accounts.ToDictionary(a => a.Id);
        private readonly Dictionary<Guid, LedgerTransfer> _transfers = new();
        private readonly Dictionary<Guid, LedgerTransfer> _resolutions = new();

        public void Add(LedgerTransfer t)
        {
            _transfers[t.Id] = t;
            if (t.PendingId is { } pending) _resolutions[pending] = t;
        }

        public LedgerAccount? FindAccount(Guid id) => _accounts.GetValueOrDefault(id);
        public LedgerTransfer? FindTransfer(Guid id) => _transfers.GetValueOrDefault(id);
        public LedgerTransfer? FindResolutionOf(Guid pendingTransferId) => _resolutions.GetValueOrDefault(pendingTransferId);
    }
}
