using System.Diagnostics;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Funds;
using Vouchers.Application.Integrity;
using Vouchers.Application.Qr;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Funds;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Providers;
using Vouchers.Domain.Vouchers;
using Vouchers.Infrastructure.Persistence;
using Vouchers.Infrastructure.Qr;
using Vouchers.Infrastructure.Signing;

namespace Vouchers.Benchmarks;

/// <summary>
/// <c>bulk-issue --vouchers N --provider sqlite|postgresql --connection CS --out FILE</c> (bench/run.sh, row 4 and 6): the
/// documented bulk path. N enterprises each apply once to one program, and each application is recommended, approved
/// (its face value committed by the domain ledger) and given its signed QR token — every step by the same domain code
/// the commands call (<see cref="Voucher.Apply"/>, <see cref="Voucher.Recommend"/>, <see cref="Voucher.Approve"/>,
/// <see cref="Ledger.Execute"/>, <see cref="VoucherQrIssue.SignNext"/> with the service's token signer), and saved in
/// batches of 2,000 through the service's DbContext, which seals every transfer, decision and transition in the chain as
/// in the service. A batch is saved while the next is issued (a bounded channel of two), so the process holds a few batches
/// of entities whatever N is (the in-memory ledger view it issues against still keeps every transfer: 1.9 GiB at 1,000,000). It skips what a command adds around that code: HTTP, authentication, the audit trail, the idempotency
/// record, and one transaction per voucher. Then, on that database, the fund position and the year's reconciliation
/// are timed through their handlers.
/// </summary>
public static class BulkIssueBenchmark
{
    public const string Name = "bulk-issue";
    private const int Batch = 2_000;
    private const long Face = 10_000_000;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var o = new Harness.Options(args);
        var count = o.Int("vouchers");
        var provider = o.Text("provider").ToLowerInvariant() is "postgresql" or "postgres" ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;
        var connection = o.Text("connection");
        VouchersDbContext Connect() => new(provider == DatabaseProvider.Sqlite
            ? new DbContextOptionsBuilder<VouchersDbContext>().UseSqlite(connection).Options
            : new DbContextOptionsBuilder<VouchersDbContext>().UseNpgsql(connection).Options);
        var keyFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(o.Text("out")))!, $"bulk-{provider}.qr-keys.json");
        var tokens = new VoucherTokenService(SigningKeyRing.Load(new SigningKeyOptions { KeyFile = keyFile, GenerateIfMissing = true }, Path.GetTempPath(),
            TimeProvider.System));

        await using (var db = Connect())
        {
            if (provider == DatabaseProvider.Sqlite) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await new SchemaMigrator(db, NullLogger<SchemaMigrator>.Instance).MigrateAsync(provider);
        }

        var now = new DateTimeOffset(2026, 3, 16, 9, 0, 0, TimeSpan.FromHours(7));
        Actor finance = new("bench-finance-1", "finance"), reviewer = new("bench-reviewer-1", "reviewer");
        var total = Stopwatch.StartNew();

        // the fund, its budget and one program whose envelope covers every voucher, through the domain
        var fund = Fund.Create("dong-thap", FundKind.SmeDevelopment, "Quỹ hỗ trợ DNNVV (bench)", now);
        var (source, budget) = fund.OpenFiscalYear(2026, now);
        var envelope = Money.Vnd(Face * count);
        var (allocation, allocate) = fund.AllocateBudget(2026, envelope, "01/QĐ-BULK", new DateOnly(2026, 1, 10), source, budget, finance, now);
        var program = SupportProgram.Draft("BULK-2026", fund, 2026, new ProgramTerms("Hỗ trợ chuyển đổi số (bench)", envelope,
            [ServiceKind.DigitalTransformationConsulting], [ProviderKind.Consultant], [], SupportRate.FromPercent(50),
            [new ProgramCap(SizeClass.Small, Money.Vnd(50_000_000), Money.Vnd(50_000_000))], 90, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)), now);
        var accounts = program.OpenAccounts(now);
        var view = new LedgerVerifyBenchmark.View([source, budget, .. accounts]);
        var transfers = new List<LedgerTransfer>();
        void Execute(TransferRequest r, DateTimeOffset at)
        {
            foreach (var t in Ledger.Execute([r], view, Guid.CreateVersion7(at), at))
            {
                view.Add(t);
                transfers.Add(t);
            }
        }
        Execute(allocate, now);
        Execute(program.ApproveEnvelope("02/QĐ-BULK", new DateOnly(2026, 2, 1), budget, accounts, finance, now), now);

        // Issued and saved as they go: the domain issues batch after batch (it must run in order: one ledger, one envelope)
        // while the batch before is saved and sealed, so the run takes about the longer of the two instead of their sum,
        // and holds a few batches of entities instead of every voucher it issues.
        await using (var db = Connect())
        {
            db.Funds.Add(fund);
            db.LedgerAccounts.AddRange([source, budget, .. accounts]); // saved first; the last batch brings their final balances
            db.Programs.Add(program);
            db.BudgetAllocations.Add(allocation);
            db.LedgerTransfers.AddRange(transfers);
            await db.SaveChangesAsync();
        }
        transfers.Clear();
        var ledgerAccounts = new[] { source, budget }.Concat(accounts).ToList();
        var storedVersions = ledgerAccounts.ToDictionary(a => a.Id, a => a.Version); // as saved: the last batch's update is made against them
        var batches = System.Threading.Channels.Channel.CreateBounded<(List<Enterprise> Enterprises, List<Voucher> Vouchers, List<LedgerTransfer> Transfers)>(2);
        var issue = new Stopwatch();
        var producer = Task.Run(async () =>
        {
            try
            {
                var taxCodes = TaxCodes().GetEnumerator();
                for (var from = 0; from < count; from += Batch)
                {
                    issue.Start();
                    var enterprises = new List<Enterprise>(Batch);
                    var vouchers = new List<Voucher>(Batch);
                    for (var i = from; i < Math.Min(count, from + Batch); i++)
                    {
                        var at = now.AddMilliseconds(i);
                        taxCodes.MoveNext();
                        var sme = Enterprise.Register(taxCodes.Current, new EnterpriseProfile($"Công ty TNHH Thử nghiệm {i}", "dong-thap", "Phường Cao Lãnh",
                            SectorGroup.TradeServices, Sector.Trade, 30, Money.Vnd(40_000_000_000), Money.Vnd(20_000_000_000)), new Actor($"sme-{i}", "sme"), at);
                        var v = Voucher.Apply(program, sme, ServiceKind.DigitalTransformationConsulting, Money.Vnd(Face), "Lập lộ trình chuyển đổi số", Money.Zero,
                            new Actor($"sme-{i}", "sme"), at);
                        v.Recommend("Đủ điều kiện", reviewer, at);
                        Execute(v.Approve(program, null, Money.Zero, ApprovalPolicy.SingleApproval, finance, at)!, at);
                        VoucherQrIssue.SignNext(v, tokens, at);
                        enterprises.Add(sme);
                        vouchers.Add(v);
                    }
                    var made = transfers.ToList();
                    transfers.Clear();
                    issue.Stop();
                    await batches.Writer.WriteAsync((enterprises, vouchers, made));
                }
                batches.Writer.Complete();
            }
            catch (Exception e)
            {
                batches.Writer.Complete(e);
            }
        });

        var save = new Stopwatch();
        var saved = 0;
        await foreach (var batch in batches.Reader.ReadAllAsync())
        {
            save.Start();
            await using var db = Connect();
            if (provider == DatabaseProvider.Sqlite) await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL;");
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Enterprises.AddRange(batch.Enterprises);
            db.Vouchers.AddRange(batch.Vouchers);
            db.LedgerTransfers.AddRange(batch.Transfers); // the context seals each transfer and transition
            saved += batch.Vouchers.Count;
            if (saved == count)
                foreach (var account in ledgerAccounts) // their final balances, with the last batch (the producer is done with them)
                    db.LedgerAccounts.Update(account).Property(a => a.Version).OriginalValue = storedVersions[account.Id];
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            save.Stop();
            if (saved % 20_000 == 0 || saved == count) Console.Error.WriteLine($"  {saved:N0} / {count:N0} vouchers saved and sealed");
        }
        await producer;
        save.Stop();
        total.Stop();

        // on that database: the fund position (what a dashboard asks) and the year's reconciliation, through their handlers
        // MediatR 5 as the service registers it (by hand), with the two handlers and no pipeline: a read opens no transaction
        var services = new ServiceCollection()
            .AddScoped<ServiceFactory>(sp => sp.GetService!)
            .AddScoped<IMediator, Mediator>()
            .AddScoped<IRequestHandler<GetFundPosition, FundPosition>, GetFundPositionHandler>()
            .AddScoped<IRequestHandler<Reconcile, Reconciliation>, ReconcileHandler>()
            .AddScoped<IVouchersDb>(_ => Connect())
            .BuildServiceProvider();
        var positions = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var watch = Stopwatch.StartNew();
            var position = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetFundPosition(fund.Id, 2026));
            watch.Stop();
            if (i > 0) positions.Add(watch.Elapsed.TotalMilliseconds); // the first one pays EF Core's model and the JIT
            if (!position.Balanced || position.Committed != Face * count) throw new InvalidOperationException($"The position is not what was issued: {position}");
        }
        Reconciliation reconciliation;
        var reconcile = Stopwatch.StartNew();
        await using (var scope = services.CreateAsyncScope())
            reconciliation = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new Reconcile(2026, fund.Id));
        reconcile.Stop();

        positions.Sort();
        var json = System.Text.Json.JsonSerializer.Serialize(new
        {
            provider = provider.ToString(), vouchers = count, totalSeconds = Math.Round(total.Elapsed.TotalSeconds, 1),
            issueSeconds = Math.Round(issue.Elapsed.TotalSeconds, 1), saveSeconds = Math.Round(save.Elapsed.TotalSeconds, 1),
            vouchersPerSecond = Math.Round(count / total.Elapsed.TotalSeconds), positionP50Ms = Math.Round(positions[positions.Count / 2], 1),
            positionMaxMs = Math.Round(positions[^1], 1), reconciliationSeconds = Math.Round(reconcile.Elapsed.TotalSeconds, 2),
            reconciliationOk = reconciliation.Ok, vouchersChecked = reconciliation.VouchersChecked,
            peakWorkingSetMiB = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0),
        }, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { WriteIndented = true });
        await File.WriteAllTextAsync(o.Text("out"), json);
        Console.WriteLine(json);
        return reconciliation.Ok ? 0 : 1;
    }

    /// <summary>Valid 10-digit tax codes, in order (nine digits that have a check digit, and that digit).</summary>
    private static IEnumerable<TaxCode> TaxCodes()
    {
        for (var n = 300_000_000L; ; n++)
            if (TaxCode.ComputeCheckDigit(n.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not null)
                yield return TaxCode.WithCheckDigit(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
