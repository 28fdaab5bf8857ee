using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vouchers.Domain.Ledger;
using Vouchers.Infrastructure.Persistence;

namespace Vouchers.Api.Tests;

/// <summary>
/// A fund position reads the balances the ledger keeps on its accounts (ADR 0016: one row per account, whatever the
/// length of the ledger), and the reconciliation and the ledger check hold those balances to a replay of the transfers:
/// a balance edited behind the ledger's back shows in the position as it is, and both say it disagrees.
/// </summary>
public class FundPositionBalancesTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task APositionReadsTheStoredBalances_AndTheReconciliationHoldsThemToTheReplay()
    {
        var s = new Scenario(factory);
        await s.Issued(10_000_000);
        var program = await s.Program();
        var (fundId, programId) = (program["fundId"]!.GetValue<string>(), Guid.Parse(program["id"]!.GetValue<string>()));
        var before = await s.Position();
        Assert.True(before["balanced"]!.GetValue<bool>());
        var reconciled = await s.Auditor.GetAsync($"/api/auditor/reconciliation/2026?fundId={fundId}").Ok();
        Assert.True(reconciled["ok"]!.GetValue<bool>(), reconciled.ToJsonString());
        Assert.True(reconciled["funds"]![0]!["replayAgrees"]!.GetValue<bool>());

        // a database administrator adds 1.000.000 ₫ to the program's budget, no transfer behind it
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VouchersDbContext>();
            var budget = await db.LedgerAccounts.AsNoTracking().SingleAsync(a => a.ProgramId == programId && a.Code == AccountCode.ProgramBudget);
            Assert.Equal(1, await db.Database.ExecuteSqlRawAsync(
                "UPDATE \"LedgerAccounts\" SET \"CreditsPosted\" = \"CreditsPosted\" + 1000000 WHERE \"Id\" = {0}", budget.Id));
        }

        var after = await s.Position();
        Assert.Equal(before["available"]!.GetValue<long>() + 1_000_000, after["available"]!.GetValue<long>()); // the stored balance, as it is
        Assert.False(after["balanced"]!.GetValue<bool>());
        var report = await s.Auditor.GetAsync($"/api/auditor/reconciliation/2026?fundId={fundId}").Ok();
        Assert.False(report["ok"]!.GetValue<bool>());
        Assert.False(report["funds"]![0]!["replayAgrees"]!.GetValue<bool>());
        var check = await s.Auditor.GetAsync("/api/auditor/ledger/check").Ok();
        Assert.False(check["ok"]!.GetValue<bool>(), check.ToJsonString());
    }
}
