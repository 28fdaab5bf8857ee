using System.Data.Common;
using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Vouchers.Api.Tests;

/// <summary>
/// A command's save writes its rows first and seals them last, in a short section at the chain head (ADR 0017; on
/// PostgreSQL inside the COMMIT, ADR 0022). A failure between the two — the work written, the links not yet (before the
/// head's read; on PostgreSQL before the COMMIT) — must leave nothing behind: no transfer, no
/// transition, no balance moved, no link, no stored answer; and the client's retry with the same Idempotency-Key applies
/// the command once, sealed.
/// </summary>
public class SealingFailureTests(ChainHeadGatedFactory factory) : IClassFixture<ChainHeadGatedFactory>
{
    private readonly Scenario _s = new(factory);

    /// <summary>What a dropped connection raises (transient), thrown by the test where the service reads the chain head.</summary>
    private sealed class InjectedConnectionLoss() : DbException("The connection was lost before the seal (injected by the test).")
    {
        public override bool IsTransient => true;
    }

    private async Task<(string Status, int Commitments, int Links, int Transitions)> State(string id)
    {
        var voucher = await _s.Auditor.GetAsync($"/api/auditor/vouchers/{id}").Ok();
        var transfers = await _s.Auditor.GetAsync($"/api/auditor/ledger/transfers?voucherId={id}").Ok();
        await using var db = factory.Database.Open();
        return (voucher["voucher"]!["status"]!.GetValue<string>(),
            transfers["items"]!.AsArray().Count(t => t!["kind"]!.GetValue<string>() == "Commitment"),
            await db.ChainLinks.CountAsync(),
            voucher["history"]!.AsArray().Count);
    }

    [Fact]
    public async Task AFailureAfterTheWork_BeforeTheLinks_LeavesNothing_AndTheRetryAppliesOnce()
    {
        var id = await _s.Apply(8_000_000);
        await _s.Recommend(id);
        var key = TestHttp.Key();
        var before = await _s.Position();
        var (status, commitments, links, transitions) = await State(id);
        Assert.Equal(("Recommended", 0), (status, commitments));

        factory.ChainHead.Arm(ChainHeadInterceptor.BeforeTheSeal, _ => throw new InjectedConnectionLoss());
        var lost = await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, key).Problem(503);
        Assert.False(factory.ChainHead.IsArmed); // the failure happened in this request, at the head
        Assert.Equal("database.unavailable", lost["code"]!.GetValue<string>());

        // the voucher, its history, the ledger and the chain are as they were: the rows written before the head were rolled back with it
        Assert.Equal((status, commitments, links, transitions), await State(id));
        Assert.Equal(before.ToJsonString(), (await _s.Position()).ToJsonString());
        var verified = await _s.Auditor.GetAsync("/api/auditor/ledger/verify").Ok();
        Assert.True(verified["ok"]!.GetValue<bool>(), verified.ToJsonString());
        Assert.Equal(0, verified["unsealedRecords"]!.GetValue<int>());

        // the retry runs the command now (no stored answer, the claim was released) and seals it: one transfer, one transition, two links
        var retry = await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, key);
        var body = await retry.Content.ReadAsStringAsync();
        Assert.True(retry.StatusCode == HttpStatusCode.OK, body);
        Assert.False(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(("Issued", 1, links + 2, transitions + 1), await State(id));
        Assert.Equal(before["committed"]!.GetValue<long>() + 8_000_000, (await _s.Position())["committed"]!.GetValue<long>());
        var again = await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, key);
        Assert.Equal("true", Assert.Single(again.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(("Issued", 1, links + 2, transitions + 1), await State(id)); // a replay is not applied twice
        verified = await _s.Auditor.GetAsync("/api/auditor/ledger/verify").Ok();
        Assert.True(verified["ok"]!.GetValue<bool>(), verified.ToJsonString());
        await _s.AssertLedgerHolds();
    }
}
