using Microsoft.Extensions.DependencyInjection;

namespace Vouchers.Api.Tests;

public class IdempotencyClaimTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly Scenario _s = new(factory);

    private async Task Claim(string key, TimeSpan leaseLeft, string hash = "held-by-another-request")
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Vouchers.Infrastructure.Persistence.VouchersDbContext>();
        var now = factory.Clock.GetUtcNow();
        db.IdempotencyRecords.Add(new Vouchers.Infrastructure.Idempotency.IdempotencyRecord
        {
            Scope = $"finance:{TestUser.Finance.Subject}", Key = key, RequestHash = hash, Status = Vouchers.Infrastructure.Idempotency.IdempotencyStatus.InFlight,
            CreatedAt = now, LockedUntil = now + leaseLeft,
        });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task AKeyStillInFlight_IsAConflict_AndNothingMoves()
    {
        var id = await _s.Apply(2_000_000);
        await _s.Recommend(id);
        var key = TestHttp.Key();
        await Claim(key, TimeSpan.FromSeconds(30));
        var p = await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, key).Problem(409);
        Assert.Equal("idempotency.in-flight", p["code"]!.GetValue<string>());
        var v = await _s.Finance.GetAsync($"/api/finance/vouchers/{id}").Ok();
        Assert.Equal("Recommended", v["voucher"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task AKeyWhoseHolderDiedBeforeCommitting_IsTakenOverByTheSameRequest_AndAppliedOnce()
    {
        var id = await _s.Apply(2_000_000);
        await _s.Recommend(id);
        var key = TestHttp.Key();
        var json = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var hash = Vouchers.Api.Http.IdempotencyFilter.Fingerprint("POST", $"/api/finance/vouchers/{id}/approve",
            [Guid.Parse(id), new Vouchers.Api.Endpoints.ApprovalBody(null)], json);
        await Claim(key, TimeSpan.FromSeconds(-1), hash); // claimed by a process that died; its lease ran out

        var issued = await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, key).Ok();
        Assert.Equal("Issued", issued["status"]!.GetValue<string>());
        var replay = await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, key);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        var transfers = await _s.Auditor.GetAsync($"/api/auditor/ledger/transfers?voucherId={id}").Ok();
        Assert.Equal(1, transfers["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnExpiredClaim_CannotBeTakenOverByADifferentRequest()
    {
        var id = await _s.Apply(2_000_000);
        await _s.Recommend(id);
        var key = TestHttp.Key();
        await Claim(key, TimeSpan.FromSeconds(-1));
        var p = await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, key).Problem(422);
        Assert.Equal("idempotency.key-reused", p["code"]!.GetValue<string>());
    }
}
