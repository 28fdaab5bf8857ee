namespace Vouchers.Api.Tests;

/// <summary>A service whose four-eyes threshold is 10M, so tests can approve on both sides of it.</summary>
public sealed class FourEyesFactory : ApiFactory
{
    public FourEyesFactory() => Settings["Approval:SecondApprovalFrom"] = "10000000";
}

public class FourEyesApiTests(FourEyesFactory factory) : IClassFixture<FourEyesFactory>
{
    private readonly Scenario _s = new(factory);

    [Fact]
    public async Task AboveTheThreshold_TheFirstApprovalCommitsNothing_AndOnlyASecondOfficerIssues()
    {
        var id = await _s.Apply(15_000_000);
        await _s.Recommend(id);
        var before = await _s.Position();

        var first = await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, TestHttp.Key()).Ok();
        Assert.Equal("AwaitingSecondApproval", first["status"]!.GetValue<string>());
        Assert.Equal(15_000_000, first["proposedAmount"]!.GetValue<long>());
        Assert.Equal(before.ToJsonString(), (await _s.Position()).ToJsonString()); // no money moved yet

        var same = await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, TestHttp.Key()).Problem(403);
        Assert.Equal("sod.four-eyes-same-officer", same["code"]!.GetValue<string>());

        var second = await _s.Finance2.Post($"/api/finance/vouchers/{id}/approve", new { }, TestHttp.Key()).Ok();
        Assert.Equal("Issued", second["status"]!.GetValue<string>());
        Assert.Equal(15_000_000, second["faceValue"]!.GetValue<long>());
        var after = await _s.Position();
        Assert.Equal(before["committed"]!.GetValue<long>() + 15_000_000, after["committed"]!.GetValue<long>());

        var history = (await _s.Auditor.GetAsync($"/api/auditor/vouchers/{id}").Ok())["history"]!.AsArray();
        Assert.Equal([TestUser.Finance.Subject, TestUser.Finance2.Subject],
            history.Where(h => h!["trigger"]?.GetValue<string>() == "Approve").Select(h => h!["actor"]!.GetValue<string>()));
        await _s.AssertLedgerHolds();
    }

    [Fact]
    public async Task TheSecondOfficer_MayRefuseTheApproval_AndNothingMoves()
    {
        var id = await _s.Apply(12_000_000);
        await _s.Recommend(id);
        var before = await _s.Position();
        Assert.Equal("AwaitingSecondApproval", (await _s.Approve(id))["status"]!.GetValue<string>());
        var rejected = await _s.Finance2.Post($"/api/finance/vouchers/{id}/reject", new { reason = "Không đồng ý mức hỗ trợ" }).Ok();
        Assert.Equal("Rejected", rejected["status"]!.GetValue<string>());
        Assert.Equal(before.ToJsonString(), (await _s.Position()).ToJsonString());
    }

    [Fact]
    public async Task BelowTheThreshold_OneOfficerIssues()
    {
        var id = await _s.Apply(9_999_999);
        await _s.Recommend(id);
        Assert.Equal("Issued", (await _s.Approve(id))["status"]!.GetValue<string>());
    }
}
