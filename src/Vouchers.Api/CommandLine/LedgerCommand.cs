using System.Text.Json;
using MediatR;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Integrity;
using Vouchers.Infrastructure.Sealing;

namespace Vouchers.Api.CommandLine;

/// <summary>
/// <c>dotnet run --project src/Vouchers.Api -- ledger verify [--checkpoints FILE] [--keys FILE] [--json]</c> and
/// <c>ledger checkpoint</c>: the ledger's integrity from the command line, reading the configured database directly
/// (<c>Database:Provider</c>, <c>ConnectionStrings:Vouchers</c>) — no HTTP, no token, no migration, no demo data.
/// <list type="bullet">
/// <item><c>verify</c>: recomputes the seal chain and the balances (<see cref="LedgerVerifier"/>) and names the first
/// problem. <c>--checkpoints</c>: checkpoints kept from publication (the JSON of <c>GET /api/public/ledger/checkpoints</c>,
/// or an array of its items) to hold the chain to. <c>--keys</c>: the checkpoint keys' JWK set as fetched earlier
/// (<c>GET /api/public/ledger/checkpoint-keys</c>), so that the signatures are checked with keys the auditor kept,
/// not the server's key file. <c>--json</c>: the full verdict as JSON. Exit code 0 intact, 1 problems found, 2 usage,
/// 3 could not verify (no database or no seal chain there, no checkpoint key, interrupted). It never makes a key.</item>
/// <item><c>checkpoint</c>: signs the chain's head as the next checkpoint (what the hourly job does).</item>
/// </list>
/// </summary>
public static class LedgerCommand
{
    public const string Name = "ledger";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        using var interrupted = new CancellationTokenSource();
        ConsoleCancelEventHandler stop = (_, e) => { e.Cancel = true; interrupted.Cancel(); };
        Console.CancelKeyPress += stop;
        var ct = interrupted.Token;
        try
        {
            switch (args.Count > 0 ? args[0] : null)
            {
                case "verify":
                    var options = Options(args.Skip(1).ToList());
                    if (options is null) break;
                    var published = options.TryGetValue("--checkpoints", out var file) ? ReadCheckpoints(await File.ReadAllTextAsync(file!)) : [];
                    var keys = options.TryGetValue("--keys", out var jwks)
                        ? CheckpointKeys.FromJwks(await File.ReadAllTextAsync(jwks!)) : sp.GetRequiredService<ICheckpointKeys>();
                    var verifier = new LedgerVerifier(sp.GetRequiredService<IVouchersDb>(), keys);
                    var started = System.Diagnostics.Stopwatch.StartNew();
                    var verdict = await verifier.VerifyAsync(published.Select(c => c.ToCheckpoint()).ToList(), file ?? "published", ct);
                    if (options.ContainsKey("--json")) output.WriteLine(JsonSerializer.Serialize(verdict, Json));
                    else Describe(verdict, started.Elapsed, output);
                    return verdict.Ok ? 0 : 1;
                case "checkpoint" when args.Count == 1:
                    var made = await sp.GetRequiredService<IMediator>().Send(new MakeCheckpoint(), ct);
                    output.WriteLine(made.Checkpoint is null ? "The chain is empty: nothing to sign."
                        : $"{(made.Created ? "Signed" : "No new records since")} checkpoint {made.Checkpoint.Number}: height {made.Checkpoint.Height}, " +
                          $"hash {made.Checkpoint.Hash}, key {made.Checkpoint.Kid}, {made.Checkpoint.At:O}");
                    return 0;
            }
        }
        catch (Exception e) when (e is IOException or FormatException or JsonException or UnauthorizedAccessException)
        {
            error.WriteLine(e.Message);
            return 2;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or OperationCanceledException
                                      or Vouchers.Domain.Common.DomainException)
        {
            error.WriteLine("Could not verify: " + e.Message);
            return 3;
        }
        finally
        {
            Console.CancelKeyPress -= stop;
        }
        error.WriteLine($"usage: {Name} verify [--checkpoints FILE] [--keys FILE] [--json] | {Name} checkpoint");
        return 2;
    }

    private static Dictionary<string, string?>? Options(List<string> args)
    {
        var options = new Dictionary<string, string?>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--json": options["--json"] = null; break;
                case "--checkpoints" or "--keys" when i + 1 < args.Count: options[args[i]] = args[++i]; break;
                default: return null;
            }
        }
        return options;
    }

    /// <summary>A page as the public endpoint answers it (<c>{"items":[…]}</c>) or a bare array of checkpoints.</summary>
    public static IReadOnlyList<CheckpointView> ReadCheckpoints(string json)
    {
        using var document = JsonDocument.Parse(json);
        var items = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("items", out var list) ? list : document.RootElement;
        return items.Deserialize<List<CheckpointView>>(Json) ?? throw new FormatException("No checkpoints in the file.");
    }

    private static void Describe(LedgerVerification v, TimeSpan elapsed, TextWriter output)
    {
        output.WriteLine($"Seal chain: {v.Links} links, head {(v.HeadHeight is null ? "-" : $"{v.HeadHeight} {v.HeadHash}")}");
        output.WriteLine($"Checkpoints checked: {v.CheckpointsChecked}; last agreeing height {v.LastCheckpointHeight?.ToString() ?? "-"}; " +
            $"{v.LinksAfterLastCheckpoint} links after it not yet covered by a checkpoint");
        output.WriteLine($"Balances: {v.Accounts} accounts, {v.TransfersReplayed} transfers replayed, balanced {v.Balanced}, " +
            $"{v.AccountsDisagreeingWithReplay.Count} accounts disagreeing with the replay");
        output.WriteLine($"Verified in {elapsed.TotalSeconds:0.00} s ({(elapsed.TotalSeconds > 0 ? v.Links / elapsed.TotalSeconds : 0):0} links/s)");
        if (v.Ok)
        {
            output.WriteLine("OK: no record was edited, deleted, inserted or reordered.");
            return;
        }
        output.WriteLine($"TAMPERED: {v.Problems.Count}{(v.ProblemsTruncated ? "+" : "")} problems. First: [{v.FirstProblem!.Kind}] {v.FirstProblem.Message}");
        foreach (var p in v.Problems.Skip(1).Take(20)) output.WriteLine($"  [{p.Kind}] {p.Message}");
    }
}
