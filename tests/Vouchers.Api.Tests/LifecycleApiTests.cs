using Vouchers.Infrastructure.Demo;

namespace Vouchers.Api.Tests;

public class LifecycleApiTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _factory;
    private readonly Scenario _s;

    public LifecycleApiTests(ApiFactory factory)
    {
        _factory = factory;
        _s = new Scenario(factory);
    }

    [Fact]
    public async Task Voucher_FromApplicationToPayment_MovesEveryDongThroughTheLedger()
    {
        var before = await _s.Position();
        var id = await _s.Apply(20_000_000);
        var recommended = await _s.Recommend(id);
        Assert.Equal("Recommended", recommended["status"]!.GetValue<string>());

        var issued = await _s.Approve(id);
        Assert.Equal("Issued", issued["status"]!.GetValue<string>());
        Assert.Equal(20_000_000, issued["faceValue"]!.GetValue<long>());
        Assert.Equal("Hai mươi triệu đồng", issued["faceValueInWords"]!.GetValue<string>());
        var committed = await _s.Position();
        Assert.Equal(before["committed"]!.GetValue<long>() + 20_000_000, committed["committed"]!.GetValue<long>());

        var redeemed = await _s.Redeem(id, contractValue: 30_000_000);
        Assert.Equal(15_000_000, redeemed["supportAmount"]!.GetValue<long>());
        Assert.Equal(15_000_000, redeemed["coPayment"]!.GetValue<long>());
        var provider = _s.ProviderOf(id);

        await provider.Post($"/api/provider/vouchers/{id}/deliver", new { note = "Đã bàn giao báo cáo lộ trình" }).Ok();
        await _s.SmeOf(id).Post($"/api/sme/vouchers/{id}/confirm-delivery", new { note = "Đã nhận" }).Ok();
        var accepted = await _s.Reviewer.Post($"/api/reviewer/vouchers/{id}/accept", new { decisionNumber = "BB-NT-01/2026" }).Ok();
        Assert.Equal(15_000_000, accepted["acceptedAmount"]!.GetValue<long>());
        await provider.Post($"/api/provider/vouchers/{id}/claim-payment", new { eInvoiceNumber = "C26TSH-00000123" }, TestHttp.Key()).Ok();
        // who approved the commitment may not authorise its payment: a second finance officer settles
        var settled = await _s.Finance2.Post($"/api/finance/vouchers/{id}/settle", null, TestHttp.Key()).Ok();
        Assert.Equal("Settled", settled["status"]!.GetValue<string>());
        var paid = await _s.Finance3.Post($"/api/finance/vouchers/{id}/disburse", new { paymentReference = "UNC-KBNN-2026-0001" }, TestHttp.Key()).Ok();
        Assert.Equal("Paid", paid["status"]!.GetValue<string>());
        Assert.Equal(["ClawBack"], paid["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>()));

        var after = await _s.Position();
        Assert.Equal(before["committed"]!.GetValue<long>(), after["committed"]!.GetValue<long>());
        Assert.Equal(before["disbursed"]!.GetValue<long>() + 15_000_000, after["disbursed"]!.GetValue<long>());
        Assert.Equal(before["available"]!.GetValue<long>() - 15_000_000, after["available"]!.GetValue<long>());
        Assert.True(after["balanced"]!.GetValue<bool>());
        Assert.Equal(after["allocated"]!.GetValue<long>(),
            after["available"]!.GetValue<long>() + after["committed"]!.GetValue<long>() + after["payable"]!.GetValue<long>() + after["disbursed"]!.GetValue<long>());

        var details = await _s.Auditor.GetAsync($"/api/auditor/vouchers/{id}").Ok();
        Assert.Equal(["Submitted", "Recommended", "Issued", "Redeemed", "Delivered", "DeliveryConfirmed", "Accepted", "PaymentClaimed", "Settled", "Paid"],
            details["history"]!.AsArray().Select(h => h!["to"]!.GetValue<string>()));
        var transfers = await _s.Auditor.GetAsync($"/api/auditor/ledger/transfers?voucherId={id}").Ok();
        Assert.Equal(["Commitment", "Settlement", "Disbursement"], transfers["items"]!.AsArray().Select(t => t!["kind"]!.GetValue<string>()));

        var support = await _s.Public.GetAsync("/api/public/support?pageSize=100").Ok();
        Assert.Contains(support["items"]!.AsArray(), r => r!["voucherCode"]!.GetValue<string>() == paid["code"]!.GetValue<string>()
            && r["supportAmount"]!.GetValue<long>() == 15_000_000 && r["enterpriseTaxCode"]!.GetValue<string>() == paid["enterpriseTaxCode"]!.GetValue<string>());
        await _s.AssertLedgerHolds();
    }

    [Fact]
    public async Task ReturnedApplication_ResubmittedAndRejected_NeverTouchesTheBudget()
    {
        var before = await _s.Position();
        var id = await _s.Apply(10_000_000);
        var returned = await _s.Reviewer.Post($"/api/reviewer/vouchers/{id}/return", new { reason = "Bổ sung báo giá" }).Ok();
        // the reviewer's answer offers the reviewer's own next step; resubmitting and withdrawing are the SME's
        Assert.Equal(["Reject"], returned["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>()));
        var asSme = await _s.SmeOf(id).GetAsync($"/api/sme/vouchers/{id}").Ok();
        Assert.Equal(["Resubmit", "Withdraw"], asSme["voucher"]!["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>()));
        var resubmitted = await _s.SmeOf(id).Post($"/api/sme/vouchers/{id}/resubmit", new { requestedAmount = 12_000_000, purpose = "Có báo giá" }).Ok();
        Assert.Equal(12_000_000, resubmitted["requestedAmount"]!.GetValue<long>());
        await _s.Reviewer.Post($"/api/reviewer/vouchers/{id}/reject", new { reason = "Không đúng đối tượng hỗ trợ" }).Ok();
        var after = await _s.Position();
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    [Fact]
    public async Task IssuedVoucher_PastItsDate_ExpiresOnAccess_AndReleasesItsCommitment()
    {
        var baseline = await _s.Position();
        var id = await _s.Issued(10_000_000);
        var issued = await _s.SmeOf(id).GetAsync($"/api/sme/vouchers/{id}").Ok();
        var validUntil = DateOnly.Parse(issued["voucher"]!["validUntil"]!.GetValue<string>());
        var token = await _s.Token(id); // the SME's card, printed while it was valid
        var days = validUntil.DayNumber - DateOnly.FromDateTime(_factory.Clock.GetUtcNow().AddHours(7).DateTime).DayNumber + 1;
        _factory.Clock.Advance(TimeSpan.FromDays(days));
        try
        {
            var expired = await _s.SmeOf(id).GetAsync($"/api/sme/vouchers/{id}").Ok();
            Assert.Equal("Expired", expired["voucher"]!["status"]!.GetValue<string>());
            var redeem = await _s.Provider(await _s.ProviderId(DemoData.ConsultantTaxCode)).Post("/api/provider/vouchers/redeem",
                new { token, contractValue = 1_000_000, contractNumber = "HĐ-late" }, TestHttp.Key()).Problem(422);
            Assert.Equal("qr.expired", redeem["code"]!.GetValue<string>()); // the token itself says so, before the database is asked
            var after = await _s.Position();
            Assert.Equal(baseline["committed"]!.GetValue<long>(), after["committed"]!.GetValue<long>());
        }
        finally
        {
            _factory.Clock.Advance(TimeSpan.FromDays(-days));
        }
        await _s.AssertLedgerHolds();
    }

    [Fact]
    public async Task Cancellation_AndWithdrawal_ReleaseTheirCommitments()
    {
        var before = await _s.Position();
        var a = await _s.Issued(5_000_000);
        var b = await _s.Issued(6_000_000);
        await _s.Finance.Post($"/api/finance/vouchers/{a}/cancel", new { reason = "Hồ sơ giả mạo" }, TestHttp.Key()).Ok();
        await _s.SmeOf(b).Post($"/api/sme/vouchers/{b}/withdraw", new { reason = "Không còn nhu cầu" }, TestHttp.Key()).Ok();
        var after = await _s.Position();
        Assert.Equal(before["committed"]!.GetValue<long>(), after["committed"]!.GetValue<long>());
        Assert.Equal(before["available"]!.GetValue<long>(), after["available"]!.GetValue<long>());
    }

    [Fact]
    public async Task ClawBack_AfterPayment_IsANewReversingTransfer()
    {
        var id = await _s.Issued(8_000_000);
        await _s.Redeem(id, 16_000_000);
        await _s.Accepted(id);
        await _s.ProviderOf(id).Post($"/api/provider/vouchers/{id}/claim-payment", new { eInvoiceNumber = "C26TSH-777" }, TestHttp.Key()).Ok();
        await _s.Finance2.Post($"/api/finance/vouchers/{id}/settle", null, TestHttp.Key()).Ok();
        await _s.Finance3.Post($"/api/finance/vouchers/{id}/disburse", new { paymentReference = "UNC-2" }, TestHttp.Key()).Ok();
        var before = await _s.Position();
        var clawed = await _s.Finance.Post($"/api/finance/vouchers/{id}/claw-back", new { reason = "Hóa đơn khống", amount = 3_000_000 }, TestHttp.Key()).Ok();
        Assert.Equal("ClawedBack", clawed["status"]!.GetValue<string>());
        var after = await _s.Position();
        Assert.Equal(before["disbursed"]!.GetValue<long>() - 3_000_000, after["disbursed"]!.GetValue<long>());
        Assert.Equal(before["available"]!.GetValue<long>() + 3_000_000, after["available"]!.GetValue<long>());
        await _s.AssertLedgerHolds();
    }

    [Fact]
    public async Task Health_AndOpenApi_AreServed()
    {
        (await _s.Public.GetAsync("/health/live")).EnsureSuccessStatusCode();
        (await _s.Public.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        var doc = await _s.Public.GetAsync("/openapi/v1.json").Ok();
        Assert.NotNull(doc["paths"]!["/api/finance/vouchers/{id}/approve"]);
    }
}
