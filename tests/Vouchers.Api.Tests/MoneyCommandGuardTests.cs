using Microsoft.Extensions.DependencyInjection;

namespace Vouchers.Api.Tests;

public class MoneyCommandGuardTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task AMoneyCommandFromAnEndpointWithoutAClaimedKey_IsRefusedBeforeAnythingMoves()
    {
        var s = new Scenario(factory);
        var id = await s.Apply(2_000_000);
        await s.Recommend(id);
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Vouchers.Infrastructure.RequestContext>().IsHttpRequest = true; // as an endpoint would
        var mediator = scope.ServiceProvider.GetRequiredService<MediatR.IMediator>();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => mediator.Send(new Vouchers.Application.Vouchers.ApproveVoucher(Guid.Parse(id), null)));
        Assert.Contains("Idempotency-Key", e.Message);
        var v = await s.Finance.GetAsync($"/api/finance/vouchers/{id}").Ok();
        Assert.Equal("Recommended", v["voucher"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task AdminAndFinanceSetUpAFundOverHttp_AndTheAllocationIsIdempotent()
    {
        var admin = factory.As(TestUser.Admin.In("can-tho")); // Cần Thơ's officers
        var api = factory.As(TestUser.Finance.In("can-tho"));
        var fund = await admin.Post("/api/admin/funds", new { provinceCode = "can-tho", kind = "SmeDevelopment" }).Ok();
        Assert.Equal("Quỹ phát triển doanh nghiệp nhỏ và vừa Thành phố Cần Thơ", fund["name"]!.GetValue<string>());
        var fundId = fund["id"]!.GetValue<string>();
        // one fund of a kind per province: a second is refused (the check reads through the province filter, which the
        // officer's own province passes)
        var again = await admin.Post("/api/admin/funds", new { provinceCode = "can-tho", kind = "SmeDevelopment" }).Problem(422);
        Assert.Equal("fund.already-exists", again["code"]!.GetValue<string>());
        var key = TestHttp.Key();
        var body = new { fiscalYear = 2026, amount = 3_000_000_000L, decisionNumber = "45/QĐ-UBND", decisionDate = "2026-02-01" };
        var allocation = await api.Post($"/api/finance/funds/{fundId}/allocations", body, key).Ok();
        Assert.Equal("Ba tỷ đồng", allocation["amountInWords"]!.GetValue<string>());
        var replay = await api.Post($"/api/finance/funds/{fundId}/allocations", body, key).Ok();
        Assert.Equal(allocation.ToJsonString(), replay.ToJsonString());
        var other = await api.Post($"/api/finance/funds/{fundId}/allocations", body with { }, TestHttp.Key()).Problem(422);
        Assert.Equal("budget.decision-already-recorded", other["code"]!.GetValue<string>());
        // the same number typed in decomposed Unicode (NFD) and with spaces is the same decision: refused at once, not retried to a 409
        var accented = body with { fiscalYear = 2027, decisionNumber = "46/QĐ-Sở Tài chính" };
        await api.Post($"/api/finance/funds/{fundId}/allocations", accented, TestHttp.Key()).Ok();
        var decomposed = accented with { decisionNumber = " " + accented.decisionNumber.Normalize(System.Text.NormalizationForm.FormD) + " " };
        Assert.NotEqual(accented.decisionNumber, decomposed.decisionNumber.Trim());
        var nfd = await api.Post($"/api/finance/funds/{fundId}/allocations", decomposed, TestHttp.Key()).Problem(422);
        Assert.Equal("budget.decision-already-recorded", nfd["code"]!.GetValue<string>());
        var position = await api.GetAsync($"/api/finance/funds/{fundId}/positions/2026").Ok();
        Assert.Equal(3_000_000_000L, position["allocated"]!.GetValue<long>());
        Assert.Equal(3_000_000_000L, position["available"]!.GetValue<long>());

        var taxCode = Vouchers.Domain.Enterprises.TaxCode.WithCheckDigit("180000101").Value;
        var provider = await admin.Post("/api/admin/providers", new
        {
            taxCode, name = "Trung tâm Thử nghiệm Cần Thơ", kind = "TestingLab", provinceCode = "can-tho", accreditationNumber = "VILAS-999",
            accreditedFrom = "2025-01-01", accreditedUntil = "2028-01-01",
            services = new[] { new { kind = "LabTesting", name = "Kiểm nghiệm vi sinh", listPrice = 4_500_000 } },
        }).Ok();
        Assert.Equal(4_500_000, provider["services"]![0]!["listPrice"]!.GetValue<long>());
        Assert.Equal("LabTesting", provider["services"]![0]!["kind"]!.GetValue<string>());
    }
}
