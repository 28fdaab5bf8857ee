using Vouchers.Application.Abstractions;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Api.Tests;

/// <summary>Segregation of duties over HTTP: each rule refused (403 sod.*), nothing changed, the refusal in the audit trail.</summary>
public class SegregationOfDutiesApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly Scenario _s = new(factory);

    private async Task<string> Status(string id) =>
        (await _s.Auditor.GetAsync($"/api/auditor/vouchers/{id}").Ok())["voucher"]!["status"]!.GetValue<string>();

    private async Task AssertRefusalAudited(string id, string subject, string code)
    {
        var lines = (await _s.Auditor.GetAsync($"/api/auditor/audit-trail?objectId={id}&outcome=Refused").Ok())["items"]!.AsArray();
        Assert.Contains(lines, l => l!["subject"]!.GetValue<string>() == subject && l["reasonCode"]!.GetValue<string>() == code
                                    && l["statusCode"]!.GetValue<int>() == 403);
    }

    [Fact]
    public async Task WhoRecommends_CannotApprove()
    {
        var both = new TestUser("officer-both-hats", [Role.Reviewer, Role.Finance]);
        var client = factory.As(both);
        var id = await _s.Apply(3_000_000);
        await client.Post($"/api/reviewer/vouchers/{id}/recommend", new { note = "Đạt" }).Ok();
        var p = await client.Post($"/api/finance/vouchers/{id}/approve", new { }, TestHttp.Key()).Problem(403);
        Assert.Equal("sod.recommender-cannot-approve", p["code"]!.GetValue<string>());
        Assert.Equal("Recommended", await Status(id));
        await AssertRefusalAudited(id, both.Subject, "sod.recommender-cannot-approve");
        Assert.Equal("Issued", (await _s.Approve(id))["status"]!.GetValue<string>()); // another officer may
    }

    [Fact]
    public async Task WhoApproves_CannotAuthoriseThePayment()
    {
        var id = await _s.Issued(4_000_000); // approved by TestUser.Finance
        await _s.Redeem(id, 8_000_000);
        await _s.Accepted(id);
        await _s.ProviderOf(id).Post($"/api/provider/vouchers/{id}/claim-payment", new { eInvoiceNumber = "C26-SOD-1" }, TestHttp.Key()).Ok();
        var before = await _s.Position();
        var p = await _s.Finance.Post($"/api/finance/vouchers/{id}/settle", null, TestHttp.Key()).Problem(403);
        Assert.Equal("sod.approver-cannot-authorise-payment", p["code"]!.GetValue<string>());
        Assert.Equal("PaymentClaimed", await Status(id));
        Assert.Equal(before.ToJsonString(), (await _s.Position()).ToJsonString());
        await AssertRefusalAudited(id, TestUser.Finance.Subject, "sod.approver-cannot-authorise-payment");
        Assert.Equal("Settled", (await _s.Finance2.Post($"/api/finance/vouchers/{id}/settle", null, TestHttp.Key()).Ok())["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task AProvider_CannotAcceptItsOwnDelivery_NeitherTheDelivererNorAColleague()
    {
        var providerId = Guid.Parse(await _s.ProviderId(DemoData.ConsultantTaxCode));
        var deliverer = new TestUser("consultant-who-also-reviews", [Role.Provider, Role.Reviewer], ProviderId: providerId);
        var colleague = new TestUser("consultant-colleague-reviewer", [Role.Reviewer], ProviderId: providerId);
        var id = await _s.Issued(4_000_000);
        var asDeliverer = factory.As(deliverer);
        await asDeliverer.Post("/api/provider/vouchers/redeem", new { token = await _s.Token(id), contractValue = 8_000_000, contractNumber = "HĐ-SOD" }, TestHttp.Key()).Ok();
        await asDeliverer.Post($"/api/provider/vouchers/{id}/deliver", new { note = "Đã bàn giao" }).Ok();
        await _s.SmeOf(id).Post($"/api/sme/vouchers/{id}/confirm-delivery", new { }).Ok();

        var own = await asDeliverer.Post($"/api/reviewer/vouchers/{id}/accept", new { decisionNumber = "BB-SOD-1" }).Problem(403);
        Assert.Equal("sod.provider-cannot-accept-own-delivery", own["code"]!.GetValue<string>());
        var mate = await factory.As(colleague).Post($"/api/reviewer/vouchers/{id}/accept", new { decisionNumber = "BB-SOD-2" }).Problem(403);
        Assert.Equal("sod.provider-cannot-accept-own-delivery", mate["code"]!.GetValue<string>());
        Assert.Equal("DeliveryConfirmed", await Status(id));
        await AssertRefusalAudited(id, deliverer.Subject, "sod.provider-cannot-accept-own-delivery");
        await AssertRefusalAudited(id, colleague.Subject, "sod.provider-cannot-accept-own-delivery");
        Assert.Equal("Accepted", (await _s.Reviewer.Post($"/api/reviewer/vouchers/{id}/accept", new { decisionNumber = "BB-SOD-3" }).Ok())["status"]!.GetValue<string>());
    }
}
