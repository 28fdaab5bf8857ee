using Vouchers.Domain.Vouchers;

namespace Vouchers.Domain.Tests;

/// <summary>
/// docs/lifecycle.md is generated from the transition table. This test fails when they differ; run the tests with
/// UPDATE_DOCS=1 to regenerate it.
/// </summary>
public class LifecycleDocTests
{
    public static string Render() =>
        "# Voucher lifecycle\n\n" +
        "Generated from `VoucherLifecycle.Table` (src/Vouchers.Domain/Vouchers/VoucherLifecycle.cs) by `LifecycleDocTests`; " +
        "do not edit by hand — run the tests with `UPDATE_DOCS=1` after changing the table.\n\n" +
        "```mermaid\n" + VoucherLifecycle.Table.ToMermaid(VoucherLifecycle.Initial, s => $"{s} — {VoucherLifecycle.Vi(s)}") + "```\n\n" +
        "| from | trigger | to | guard |\n|---|---|---|---|\n" +
        string.Concat(VoucherLifecycle.Table.Transitions.Select(t => $"| {t.From} | {t.Trigger} | {t.To} | {t.GuardDescription ?? ""} |\n")) +
        "\nTerminal states: " + string.Join(", ", VoucherLifecycle.Table.TerminalStates) + ".\n";

    [Fact]
    public void LifecycleDoc_MatchesTheTransitionTable()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vouchers.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var path = Path.Combine(dir.FullName, "docs", "lifecycle.md");
        var expected = Render();
        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1") File.WriteAllText(path, expected);
        Assert.True(File.Exists(path), "docs/lifecycle.md is missing: run the tests with UPDATE_DOCS=1");
        Assert.Equal(expected, File.ReadAllText(path));
    }
}
