using BenchmarkDotNet.Running;
using Vouchers.Benchmarks;

// `-- ledger-verify [records]`: the whole-ledger verification run (LedgerVerifyBenchmark), timed end to end.
if (args.Length > 0 && args[0] == LedgerVerifyBenchmark.Name)
    return await LedgerVerifyBenchmark.RunAsync(args[1..]);

// Every benchmark class of this assembly; pick with --filter, e.g. --filter '*Token*'.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

public partial class Program;
