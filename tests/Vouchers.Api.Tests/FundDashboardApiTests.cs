namespace Vouchers.Api.Tests;

/// <summary>
/// <c>GET /api/finance/funds/{fundId}/dashboard/{fiscalYear}</c>: by service kind, its committed, payable and disbursed
/// add up to the fund position's (the same ledger terms); the month's movements and the pipeline count what happened.
/// </summary>
public class FundDashboardApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ByServiceKind_AddsUpToThePosition_AndThePipelineAndMonthsCountTheVouchers()
    {
        var s = new Scenario(factory);
        var issued = await s.Issued(10_000_000);
        var settled = await s.Issued(12_000_000);
        await s.Redeem(settled, contractValue: 20_000_000);
        await s.Accepted(settled);
        await s.Settled(settled);
        var paid = await s.Issued(14_000_000);
        await s.Redeem(paid, contractValue: 20_000_000);
        await s.Accepted(paid);
        await s.PaidOut(paid, "UNC-DASH-1");

        var program = await s.Program();
        var (fundId, year) = (program["fundId"]!.GetValue<string>(), program["fiscalYear"]!.GetValue<int>());
        var position = await s.Position();
        var dashboard = await s.Finance.GetAsync($"/api/finance/funds/{fundId}/dashboard/{year}").Ok();

        var kinds = dashboard["byServiceKind"]!.AsArray();
        foreach (var column in new[] { "committed", "payable", "disbursed" })
            Assert.Equal(position[column]!.GetValue<long>(), kinds.Sum(k => k![column]!.GetValue<long>()));
        Assert.True(position["committed"]!.GetValue<long>() >= 10_000_000);
        Assert.True(position["payable"]!.GetValue<long>() >= 10_000_000); // 50 % of 20.000.000, accepted whole
        Assert.True(position["disbursed"]!.GetValue<long>() >= 10_000_000);

        var pipeline = dashboard["pipeline"]!.AsArray().ToDictionary(p => p!["status"]!.GetValue<string>());
        foreach (var status in new[] { "Issued", "Settled", "Paid" }) Assert.True(pipeline[status]!["vouchers"]!.GetValue<int>() >= 1, status);
        var months = dashboard["byMonth"]!.AsArray();
        Assert.True(months.Sum(m => m!["disbursed"]!.GetValue<long>()) >= 10_000_000);
        Assert.True(months.Sum(m => m!["committed"]!.GetValue<long>()) >= 36_000_000);
        Assert.Equal(position["disbursed"]!.GetValue<long>(), months.Sum(m => m!["disbursed"]!.GetValue<long>()));
        _ = issued;
        Assert.Equal(position["allocated"]!.GetValue<long>(),
            dashboard["allocations"]!.AsArray().Sum(a => a!["amount"]!.GetValue<long>())); // every allocation decision of the year
    }

    [Fact]
    public async Task TheFundsListed_AreTheOfficersProvincesOnly()
    {
        var s = new Scenario(factory);
        var funds = (await s.Finance.GetAsync("/api/finance/funds").Ok()).AsArray();
        Assert.NotEmpty(funds);
        Assert.All(funds, f => Assert.Equal("dong-thap", f!["provinceCode"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AFundOfAnotherProvince_IsNotFound()
    {
        var s = new Scenario(factory);
        var program = await s.Program();
        var other = s.As(TestUser.Finance.In("thanh-hoa"));
        await other.GetAsync($"/api/finance/funds/{program["fundId"]}/dashboard/{program["fiscalYear"]}").Problem(404);
    }
}
