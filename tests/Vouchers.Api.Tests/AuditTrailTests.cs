using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vouchers.Infrastructure.Persistence;

namespace Vouchers.Api.Tests;

/// <summary>Every command, allowed or refused, leaves one append-only line that auditors can query.</summary>
public class AuditTrailTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly Scenario _s = new(factory);

    private async Task<JsonArray> Trail(string query) =>
        (await _s.Auditor.GetAsync($"/api/auditor/audit-trail?pageSize=100&{query}").Ok())["items"]!.AsArray();

    [Fact]
    public async Task AnAllowedMoneyCommand_IsRecordedWithWhoWhatWhenWhereAndItsKey_AndItsReplayToo()
    {
        var id = await _s.Apply(3_000_000);
        await _s.Recommend(id);
        var key = TestHttp.Key();
        await _s.Approve(id, key);
        await _s.Approve(id, key); // replay
        var lines = await Trail($"objectId={id}");
        var approve = Assert.Single(lines, l => l!["action"]!.GetValue<string>() == "ApproveVoucher" && l["outcome"]!.GetValue<string>() == "Succeeded")!;
        Assert.Equal(TestUser.Finance.Subject, approve["subject"]!.GetValue<string>());
        Assert.Equal("finance", approve["actingRole"]!.GetValue<string>());
        Assert.Equal("voucher", approve["objectType"]!.GetValue<string>());
        Assert.Equal(key, approve["idempotencyKey"]!.GetValue<string>());
        Assert.Equal("POST", approve["method"]!.GetValue<string>());
        Assert.Single(lines, l => l!["action"]!.GetValue<string>() == "ApproveVoucher" && l["outcome"]!.GetValue<string>() == "Replayed");
        Assert.Single(lines, l => l!["action"]!.GetValue<string>() == "RecommendApplication" && l["subject"]!.GetValue<string>() == TestUser.Reviewer.Subject);
        var apply = Assert.Single(await Trail("action=ApplyForVoucher"), l => l!["objectId"]?.GetValue<string>() == id);
        Assert.Equal("sme", apply!["actingRole"]!.GetValue<string>());
        Assert.NotNull(apply["taxCode"]?.GetValue<string>());
    }

    [Fact]
    public async Task RefusedAttempts_AreRecorded_WithTheReason()
    {
        var ofB = await _s.Issued(2_000_000);
        var intruder = TestUser.Sme(await _s.NewSme());
        await factory.As(intruder).GetAsync($"/api/sme/vouchers/{ofB}").Problem(404);                       // ownership
        await _s.Reviewer.Post($"/api/finance/vouchers/{ofB}/cancel", new { reason = "x" }, TestHttp.Key()).Problem(403); // wrong role
        await factory.CreateClient().Post($"/api/finance/vouchers/{ofB}/cancel", new { reason = "x" }, TestHttp.Key()).Problem(401); // no token
        await _s.Finance.Post($"/api/finance/vouchers/{ofB}/approve", new { }, TestHttp.Key()).Problem(409);     // illegal transition

        var lines = await Trail($"objectId={ofB}&outcome=Refused");
        var hidden = Assert.Single(lines, l => l!["subject"]!.GetValue<string>() == intruder.Subject)!;
        Assert.Equal("access.not-visible", hidden["reasonCode"]!.GetValue<string>());
        Assert.Equal(404, hidden["statusCode"]!.GetValue<int>());
        Assert.Equal("GetOwnVoucher", hidden["action"]!.GetValue<string>());
        var forbidden = Assert.Single(lines, l => l!["subject"]!.GetValue<string>() == TestUser.Reviewer.Subject)!;
        Assert.Equal(403, forbidden["statusCode"]!.GetValue<int>());
        Assert.Equal("CancelVoucher", forbidden["action"]!.GetValue<string>());
        Assert.Equal("reviewer", forbidden["roles"]!.GetValue<string>());
        var anonymous = Assert.Single(lines, l => l!["subject"]!.GetValue<string>() == "anonymous")!;
        Assert.Equal(401, anonymous["statusCode"]!.GetValue<int>());
        var illegal = Assert.Single(lines, l => l!["action"]!.GetValue<string>() == "ApproveVoucher")!;
        Assert.Equal("voucher.illegal-transition", illegal["reasonCode"]!.GetValue<string>());
        Assert.Contains("Issued", illegal["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task OnlyAuditorsReadTheTrail()
    {
        await _s.Finance.GetAsync("/api/auditor/audit-trail").Problem(403);
        await _s.Admin.GetAsync("/api/auditor/audit-trail").Problem(403);
        await factory.CreateClient().GetAsync("/api/auditor/audit-trail").Problem(401);
    }

    [Fact]
    public async Task TheTrailCannotBeChanged_NotByTheApplication_NorBySqlBehindItsBack()
    {
        await _s.Apply(1_000_000);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VouchersDbContext>();
            var line = await db.AuditTrail.OrderBy(e => e.At).FirstAsync();
            db.AuditTrail.Remove(line);
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }
        foreach (var sql in new[] { "UPDATE \"AuditEntries\" SET \"Subject\" = 'someone-else'", "DELETE FROM \"AuditEntries\"" })
        {
            var e = Assert.Throws(factory.Database.StatementError, () => factory.Database.Execute(sql));
            Assert.Contains("append-only", e.Message);
        }
    }
}
