using System.Text.Json.Nodes;
namespace Vouchers.Api.Tests;

public class ReconciliationApiTests
{
    [Fact]
    public async Task AProgramsEnvelopeInTheFundPosition_IsTheLedgers_NotTheFigureStoredOnTheProgram()
    {
        using var factory = new ApiFactory();
        var s = new Scenario(factory);
        await s.Issued(3_000_000);
        var program = await s.Program();
        JsonNode Cds(JsonNode position) => position["programs"]!.AsArray().Single(p => p!["programId"]!.GetValue<string>() == program["id"]!.GetValue<string>())!;
        var before = Cds(await s.Position());
        long Sum(JsonNode p) => p["available"]!.GetValue<long>() + p["committed"]!.GetValue<long>() + p["payable"]!.GetValue<long>() + p["disbursed"]!.GetValue<long>();
        Assert.Equal(Sum(before), before["envelope"]!.GetValue<long>());

        // a database administrator inflates the program's stored envelope: the position, read from the ledger, does not follow
        Assert.Equal(1, factory.Database.Execute("UPDATE \"Programs\" SET \"Envelope\" = \"Envelope\" + 1000000 WHERE \"Id\" = @id",
            ("@id", factory.Database.Id(Guid.Parse(program["id"]!.GetValue<string>())))));
        Assert.Equal(before.ToJsonString(), Cds(await s.Position()).ToJsonString());
    }

    [Fact]
    public async Task EveryFundReconciles_AndAVoucherWhoseStateWasEditedIsNamed()
    {
        using var factory = new ApiFactory();
        var s = new Scenario(factory);
        var paid = await s.Issued(8_000_000);
        await s.Redeem(paid, 20_000_000);
        await s.Accepted(paid, 7_000_000);
        await s.Settled(paid);
        var held = await s.Issued(3_000_000);
        var cancelled = await s.Issued(2_000_000);
        await s.Finance.Post($"/api/finance/vouchers/{cancelled}/cancel", new { reason = "Sai đối tượng" }, TestHttp.Key()).Ok();

        var report = await s.NationalAuditor.GetAsync("/api/auditor/reconciliation/2026").Ok();
        Assert.True(report["ok"]!.GetValue<bool>(), report.ToJsonString());
        Assert.Empty(report["findings"]!.AsArray());
        Assert.True(report["vouchersChecked"]!.GetValue<int>() >= 3);
        var funds = report["funds"]!.AsArray();
        Assert.True(funds.Count >= 9, report.ToJsonString()); // the demo's 9 funds (3 provinces) have accounts in 2026
        var provincial = (await s.Auditor.GetAsync("/api/auditor/reconciliation/2026").Ok())["funds"]!.AsArray(); // Đồng Tháp's auditor: its 3
        Assert.Equal(3, provincial.Count);
        Assert.All(provincial, f => Assert.Equal("dong-thap", f!["provinceCode"]!.GetValue<string>()));
        Assert.All(funds, f => Assert.True(f!["balanced"]!.GetValue<bool>() && f["committedAgrees"]!.GetValue<bool>(), f.ToJsonString()));
        var fundId = (await s.Program())["fundId"]!.GetValue<string>();
        var dongThap = funds.Single(f => f!["fundId"]!.GetValue<string>() == fundId)!;
        var position = await s.Position();
        Assert.Equal(position["committed"]!.GetValue<long>(), dongThap["committed"]!.GetValue<long>());
        Assert.True(dongThap["committedByVouchers"]!.GetValue<long>() >= 3_000_000);

        // a database administrator marks the held voucher cancelled (without releasing it), and trims the settled one's accepted amount
        Assert.Equal(2, factory.Database.Execute(
            "UPDATE \"Vouchers\" SET \"Status\" = 'Cancelled' WHERE \"Id\" = @held; UPDATE \"Vouchers\" SET \"AcceptedAmount\" = 6000000 WHERE \"Id\" = @paid",
            ("@held", factory.Database.Id(Guid.Parse(held))), ("@paid", factory.Database.Id(Guid.Parse(paid)))));
        var after = await s.Auditor.GetAsync($"/api/auditor/reconciliation/2026?fundId={fundId}").Ok();
        Assert.False(after["ok"]!.GetValue<bool>());
        Assert.Single(after["funds"]!.AsArray());
        var findings = after["findings"]!.AsArray().Select(f => (Code: f!["code"]!.GetValue<string>(), Voucher: f["voucherId"]!.GetValue<string>())).ToList();
        Assert.Contains(("voucher-ledger.release-missing", held), findings);
        Assert.Contains(("voucher-ledger.settlement-amount", paid), findings);
        Assert.False(after["funds"]![0]!["committedAgrees"]!.GetValue<bool>()); // the held face value no longer counts as committed

        await s.Auditor.GetAsync("/api/auditor/reconciliation/1999").Ok(400);
        await s.Auditor.GetAsync($"/api/auditor/reconciliation/2026?fundId={Guid.NewGuid()}").Ok(404);
        await s.Finance.GetAsync("/api/auditor/reconciliation/2026").Ok(403);
    }
}
