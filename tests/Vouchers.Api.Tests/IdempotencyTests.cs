using System.Net;

namespace Vouchers.Api.Tests;

/// <summary>
/// A command that moves money carries an Idempotency-Key: the same request again replays the stored answer and moves
/// nothing, another request with that key is refused, and a refused command leaves its key unused.
/// </summary>
public class IdempotencyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly Scenario _s = new(factory);

    private async Task<int> TransferCount(string voucherId) =>
        (await _s.Auditor.GetAsync($"/api/auditor/ledger/transfers?voucherId={voucherId}").Ok())["total"]!.GetValue<int>();

    [Fact]
    public async Task SameKeySameRequest_ReplaysTheStoredResponse_AndMovesMoneyOnce()
    {
        var id = await _s.Apply(7_000_000);
        await _s.Recommend(id);
        var key = TestHttp.Key();
        var first = await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, key);
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var again = await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, key);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(firstBody, await again.Content.ReadAsStringAsync());
        Assert.Equal(1, await TransferCount(id));
    }

    [Fact]
    public async Task SameKeyOtherRequest_IsRefusedAs422()
    {
        var a = await _s.Apply(3_000_000);
        var b = await _s.Apply(3_000_000);
        await _s.Recommend(a);
        await _s.Recommend(b);
        var key = TestHttp.Key();
        await _s.Approve(a, key);
        var p = await _s.Finance.Post($"/api/finance/vouchers/{b}/approve", new { }, key).Problem(422);
        Assert.Equal("idempotency.key-reused", p["code"]!.GetValue<string>());
        Assert.Equal(0, await TransferCount(b));
    }

    [Fact]
    public async Task ARefusedCommand_DoesNotBurnItsKey()
    {
        var id = await _s.Apply(3_000_000);
        var key = TestHttp.Key();
        await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, key).Problem(409); // not recommended yet
        await _s.Recommend(id);
        var issued = await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, key).Ok();
        Assert.Equal("Issued", issued["status"]!.GetValue<string>());
    }
}
