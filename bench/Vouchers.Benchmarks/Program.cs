using BenchmarkDotNet.Running;
using Vouchers.Benchmarks;
using Vouchers.Benchmarks.Harness;

// `-- ledger-verify [records]`: the whole-ledger verification run (LedgerVerifyBenchmark), timed end to end.
if (args.Length > 0 && args[0] == LedgerVerifyBenchmark.Name)
    return await LedgerVerifyBenchmark.RunAsync(args[1..]);

// `-- bulk-issue --vouchers N --provider … --connection … --out …`: the bulk issuance path, then position and reconciliation on it.
if (args.Length > 0 && args[0] == BulkIssueBenchmark.Name)
    return await BulkIssueBenchmark.RunAsync(args[1..]);

// bench/run.sh's steps: `load` (the HTTP load driver), `pages` (the pages' time to first byte), `sqlite-baseline`, `report` (the table), `free-port`, `p256-key`.
if (args.Length > 0 && args[0] == LoadDriver.Name) return await LoadDriver.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == PageDriver.Name) return await PageDriver.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == SqliteBaseline.Name) return await SqliteBaseline.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == Report.Name) return Report.Run(args[1..]);
if (args.Length > 0 && args[0] == "free-port") // `free-port [n]`: n distinct free loopback ports on one line
{
    var listeners = Enumerable.Range(0, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1)
        .Select(_ => new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0)).ToList();
    listeners.ForEach(l => l.Start());
    Console.WriteLine(string.Join(' ', listeners.Select(l => ((System.Net.IPEndPoint)l.LocalEndpoint).Port)));
    listeners.ForEach(l => l.Stop());
    return 0;
}

if (args.Length > 0 && args[0] == "p256-key") // a signing key for the service under load (PKCS#8 PEM), as production gives it one
{
    using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
    Console.WriteLine(key.ExportPkcs8PrivateKeyPem());
    return 0;
}

// Every benchmark class of this assembly; pick with --filter, e.g. --filter '*Token*'.
BenchmarkSwitcher.FromAssembly(typeof(Vouchers.Benchmarks.Harness.LoadDriver).Assembly).Run(args);
return 0;

