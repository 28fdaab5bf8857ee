using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Api.Tests;

public class IdempotencyAndConcurrencyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly Scenario _s = new(factory);

    private async Task<int> TransferCount(string voucherId) =>
        (await _s.Auditor.GetAsync($"/api/auditor/ledger/transfers?voucherId={voucherId}").Ok())["total"]!.GetValue<int>();

    [Fact]
    public async Task SameKeySameRequest_ReplaysTheStoredResponse_AndMovesMoneyOnce()
    {
        var id = await _s.Apply(7_000_000);
        await _s.Recommend(id);
        var key = Http.Key();
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
        var key = Http.Key();
        await _s.Approve(a, key);
        var p = await _s.Finance.Post($"/api/finance/vouchers/{b}/approve", new { }, key).Problem(422);
        Assert.Equal("idempotency.key-reused", p["code"]!.GetValue<string>());
        Assert.Equal(0, await TransferCount(b));
    }

    [Fact]
    public async Task ARefusedCommand_DoesNotBurnItsKey()
    {
        var id = await _s.Apply(3_000_000);
        var key = Http.Key();
        await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, key).Problem(409); // not recommended yet
        await _s.Recommend(id);
        var issued = await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, key).Ok();
        Assert.Equal("Issued", issued["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ParallelApprovals_AgainstASmallEnvelope_CommitAtMostTheEnvelope()
    {
        // a fresh program with a 100M envelope, and 12 recommended applications of 20M each (240M asked)
        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().AddHours(7).DateTime);
        var programId = await _s.NewConsultingProgram(100_000_000, today);
        var fundId = (await _s.Public.GetAsync($"/api/public/programs/{programId}").Ok())["fundId"]!.GetValue<string>();

        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var id = await _s.Apply(20_000_000, programId: programId);
            await _s.Recommend(id);
            ids.Add(id);
        }

        var statuses = new ConcurrentBag<(HttpStatusCode Status, string Body)>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (id, ct) =>
        {
            var r = await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, Http.Key());
            statuses.Add((r.StatusCode, await r.Content.ReadAsStringAsync(ct)));
        });

        Assert.Equal(5, statuses.Count(s => s.Status == HttpStatusCode.OK));
        Assert.All(statuses.Where(s => s.Status != HttpStatusCode.OK), s =>
        {
            Assert.Equal(HttpStatusCode.Conflict, s.Status);
            Assert.Equal("ledger.exceeds-credits", JsonNode.Parse(s.Body)!["code"]!.GetValue<string>());
        });
        var position = await _s.Finance.GetAsync($"/api/finance/funds/{fundId}/positions/{today.Year}").Ok();
        var race = position["programs"]!.AsArray().Single(p => p!["programId"]!.GetValue<string>() == programId)!;
        Assert.Equal(100_000_000, race["committed"]!.GetValue<long>());
        Assert.Equal(0, race["available"]!.GetValue<long>());
        var stillRecommended = 0;
        foreach (var id in ids)
        {
            var v = await _s.Finance.GetAsync($"/api/finance/vouchers/{id}").Ok();
            if (v["voucher"]!["status"]!.GetValue<string>() == "Recommended") stillRecommended++;
        }
        Assert.Equal(7, stillRecommended); // refused approvals left nothing half-done
        await _s.AssertLedgerHolds();
    }

    [Fact]
    public async Task ParallelRedemptions_OfOneVoucher_HaveExactlyOneWinner()
    {
        var id = await _s.Issued(10_000_000);
        var provider = await _s.ProviderId(DemoData.ConsultantTaxCode);
        var token = await _s.Token(id);
        var results = new ConcurrentBag<(HttpStatusCode Status, string Body)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 10), new ParallelOptions { MaxDegreeOfParallelism = 10 }, async (i, ct) =>
        {
            var r = await _s.Provider(provider).Post("/api/provider/vouchers/redeem",
                new { token, contractValue = 20_000_000 + i, contractNumber = $"HĐ-{i}" }, Http.Key());
            results.Add((r.StatusCode, await r.Content.ReadAsStringAsync(ct)));
        });
        Assert.Equal(1, results.Count(s => s.Status == HttpStatusCode.OK));
        Assert.Equal(9, results.Count(s => s.Status == HttpStatusCode.Conflict && s.Body.Contains("voucher.already-redeemed")));
        var history = await _s.Auditor.GetAsync($"/api/auditor/vouchers/{id}").Ok();
        Assert.Single(history["history"]!.AsArray(), h => h!["to"]!.GetValue<string>() == "Redeemed");
    }
}

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
        var key = Http.Key();
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
        var key = Http.Key();
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
        var key = Http.Key();
        await Claim(key, TimeSpan.FromSeconds(-1));
        var p = await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, key).Problem(422);
        Assert.Equal("idempotency.key-reused", p["code"]!.GetValue<string>());
    }
}

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
        var key = Http.Key();
        var body = new { fiscalYear = 2026, amount = 3_000_000_000L, decisionNumber = "45/QĐ-UBND", decisionDate = "2026-02-01" };
        var allocation = await api.Post($"/api/finance/funds/{fundId}/allocations", body, key).Ok();
        Assert.Equal("Ba tỷ đồng", allocation["amountInWords"]!.GetValue<string>());
        var replay = await api.Post($"/api/finance/funds/{fundId}/allocations", body, key).Ok();
        Assert.Equal(allocation.ToJsonString(), replay.ToJsonString());
        var other = await api.Post($"/api/finance/funds/{fundId}/allocations", body with { }, Http.Key()).Problem(422);
        Assert.Equal("budget.decision-already-recorded", other["code"]!.GetValue<string>());
        // the same number typed in decomposed Unicode (NFD) and with spaces is the same decision: refused at once, not retried to a 409
        var accented = body with { fiscalYear = 2027, decisionNumber = "46/QĐ-Sở Tài chính" };
        await api.Post($"/api/finance/funds/{fundId}/allocations", accented, Http.Key()).Ok();
        var decomposed = accented with { decisionNumber = " " + accented.decisionNumber.Normalize(System.Text.NormalizationForm.FormD) + " " };
        Assert.NotEqual(accented.decisionNumber, decomposed.decisionNumber.Trim());
        var nfd = await api.Post($"/api/finance/funds/{fundId}/allocations", decomposed, Http.Key()).Problem(422);
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
