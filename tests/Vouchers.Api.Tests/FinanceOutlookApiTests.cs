namespace Vouchers.Api.Tests;

/// <summary>
/// <c>GET /api/finance/vouchers/{id}/outlook</c>: before the click, what the asking finance officer would meet — four
/// eyes (a second officer needed) and which step segregation of duties forbids them — as the commands then decide it.
/// </summary>
public class FinanceOutlookApiTests(FourEyesFactory factory) : IClassFixture<FourEyesFactory>
{
    private readonly Scenario _s = new(factory);

    private async Task<System.Text.Json.Nodes.JsonNode> Outlook(HttpClient officer, string id) =>
        await officer.GetAsync($"/api/finance/vouchers/{id}/outlook").Ok();

    [Fact]
    public async Task FourEyes_IsAnnouncedBeforeTheFirstApproval_AndTheFirstApproverIsToldTheSecondIsNotTheirs()
    {
        var id = await _s.Apply(15_000_000);
        await _s.Recommend(id);

        var before = await Outlook(_s.Finance, id);
        Assert.True(before["needsSecondApproval"]!.GetValue<bool>());
        Assert.Equal(10_000_000, before["secondApprovalFrom"]!.GetValue<long>());
        Assert.Equal(15_000_000, before["approvalAmount"]!.GetValue<long>());
        Assert.Null(before["approveForbidden"]);
        Assert.Equal("AwaitingSecondApproval", (await _s.Approve(id))["status"]!.GetValue<string>()); // as announced

        var first = await Outlook(_s.Finance, id);
        Assert.Equal("sod.four-eyes-same-officer", first["approveForbidden"]!.GetValue<string>());
        Assert.Equal(TestUser.Finance.Subject, first["firstApprover"]!.GetValue<string>());
        var refused = await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, TestHttp.Key()).Problem(403);
        Assert.Equal("sod.four-eyes-same-officer", refused["code"]!.GetValue<string>()); // what the outlook said

        var second = await Outlook(_s.Finance2, id);
        Assert.Null(second["approveForbidden"]);
        Assert.True(second["needsSecondApproval"]!.GetValue<bool>());
        Assert.Equal("Issued", (await _s.Finance2.Post($"/api/finance/vouchers/{id}/approve", new { }, TestHttp.Key()).Ok())["status"]!.GetValue<string>());

        // both approvers are kept from authorising and recording the payment
        Assert.Equal("sod.approver-cannot-authorise-payment", (await Outlook(_s.Finance2, id))["settleForbidden"]!.GetValue<string>());
        Assert.Equal("sod.approver-cannot-record-payment", (await Outlook(_s.Finance, id))["disburseForbidden"]!.GetValue<string>());
        Assert.Null((await Outlook(_s.Finance3, id))["settleForbidden"]);
    }

    [Fact]
    public async Task BelowTheThreshold_OneApprovalIsAnnounced()
    {
        var id = await _s.Apply(9_000_000);
        await _s.Recommend(id);
        var outlook = await Outlook(_s.Finance, id);
        Assert.False(outlook["needsSecondApproval"]!.GetValue<bool>());
        Assert.Equal("Issued", (await _s.Approve(id))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task AVoucherOfAnotherProvince_IsNotFound()
    {
        var id = await _s.Apply(9_000_000);
        var other = _s.As(TestUser.Finance.In("thanh-hoa"));
        await other.GetAsync($"/api/finance/vouchers/{id}/outlook").Problem(404);
    }
}
