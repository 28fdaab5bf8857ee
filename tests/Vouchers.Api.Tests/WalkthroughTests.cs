using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Vouchers.Api.Tests;

/// <summary>
/// docs/walkthrough.md is run, not just read: its <c>bash</c> blocks, in order, in one <c>bash -e -o pipefail</c>
/// (curl and jq, as a reader would), against the real service in Development, the last steps including the command
/// line's <c>dotnet run --project src/Vouchers.Api -- ledger verify</c> from the repository root on the same database.
/// </summary>
[SqliteOnly("runs the service in Development on SQLite, as the walkthrough does")]
public sealed partial class WalkthroughTests : IDisposable
{
    private readonly DevelopmentServer _service = new();

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task TheWalkthrough_RunAgainstTheService_TakesAVoucherToPaid_AndTheLedgerAndTheExportVerify()
    {
        var root = RepositoryRoot();
        var blocks = BashBlock().Matches(await File.ReadAllTextAsync(Path.Combine(root, "docs", "walkthrough.md"))).Select(m => m.Groups[1].Value).ToList();
        Assert.True(blocks.Count >= 10, $"expected the walkthrough's bash blocks, found {blocks.Count}");
        var script = Path.Combine(_service.DataFolder, "walkthrough.sh");
        await File.WriteAllTextAsync(script, string.Join("\n", blocks));

        var (exit, output, errors) = await Bash(script, root);

        var transcript = $"exit {exit}\n--- stdout\n{output}\n--- stderr\n{errors}";
        Assert.True(exit == 0, transcript);
        Assert.Contains("\"user\":\"finance.hanh\"", output, StringComparison.Ordinal);                 // 0: the third finance officer
        Assert.Contains("same body", output, StringComparison.Ordinal);                                 // 5: the idempotent replay
        Assert.Contains("\"code\": \"sod.approver-cannot-authorise-payment\"", output, StringComparison.Ordinal); // 9: the approver may not settle
        Assert.Contains("\"status\": \"Paid\"", output, StringComparison.Ordinal);                       // 9: disbursed
        Assert.Contains("\"balanced\": true", output, StringComparison.Ordinal);                         // 10, 11
        Assert.Contains("OK: no record was edited, deleted, inserted or reordered.", output, StringComparison.Ordinal); // 11: the command line
        Assert.Contains("journal.csv: OK", output, StringComparison.Ordinal);                            // 12: the manifest's hash
        Assert.Contains("\"province\":\"dong-nai\"", output, StringComparison.Ordinal);                   // 0: officers per province
        Assert.Matches(@"(?m)^404$", output);                                                             // 11: Đồng Nai's auditor, Đồng Tháp's voucher
    }

    private async Task<(int Exit, string Output, string Errors)> Bash(string script, string root)
    {
        var start = new ProcessStartInfo("bash", ["-e", "-o", "pipefail", script])
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["BASE"] = _service.Base;
        foreach (var (key, value) in _service.Environment) start.Environment[key] = value;
        using var bash = Process.Start(start)!;
        var output = bash.StandardOutput.ReadToEndAsync();
        var errors = bash.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5)); // dotnet run builds (or finds built) the service
        try { await bash.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { bash.Kill(entireProcessTree: true); throw; }
        return (bash.ExitCode, await output, await errors);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Vouchers.sln"))) return dir.FullName;
        throw new InvalidOperationException("Vouchers.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^```bash\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex BashBlock();
}
