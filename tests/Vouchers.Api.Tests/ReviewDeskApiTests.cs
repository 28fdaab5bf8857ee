using System.Text.Json.Nodes;
using Vouchers.Application.Abstractions;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Api.Tests;

/// <summary>
/// The reviewer's desk (<c>GET /api/reviewer/queue</c>, <c>GET /api/reviewer/vouchers/{id}/review</c>): the queue by
/// desk, filters and waiting order within the caller's province; an application's eligibility checks with their
/// outcome, its caps and what the enterprise holds; and the steps segregation of duties forbids the caller, from the
/// domain's own rule (the reviewer's pages show the same).
/// </summary>
public class ReviewDeskApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly Scenario _s = new(factory);

    private async Task<JsonArray> Queue(string query) =>
        (await _s.Reviewer.GetAsync("/api/reviewer/queue?pageSize=100&newestFirst=true&" + query).Ok())["items"]!.AsArray();

    private static bool Lists(JsonArray items, string id) => items.Any(i => i!["id"]!.GetValue<string>() == id);

    [Fact]
    public async Task TheQueue_ListsWhatWaits_ByDeskAndFilter_LongestWaitingFirst()
    {
        var older = await _s.Apply(1_000_000);
        factory.Clock.Advance(TimeSpan.FromMinutes(1)); // the test clock stands still otherwise: two applications a minute apart
        var id = await _s.Apply(1_200_000);

        var submitted = await Queue("");
        var row = submitted.Single(i => i!["id"]!.GetValue<string>() == id)!;
        Assert.Equal(("Submitted", "Small", "DigitalTransformationConsulting", 1_200_000L, 0),
            (row["status"]!.GetValue<string>(), row["sizeClass"]!.GetValue<string>(), row["serviceKind"]!.GetValue<string>(),
             row["requestedAmount"]!.GetValue<long>(), row["waitingDays"]!.GetValue<int>()));
        Assert.False(string.IsNullOrEmpty(row["enterpriseName"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(row["programCode"]!.GetValue<string>()));
        Assert.True(Lists(await Queue("serviceKind=DigitalTransformationConsulting&sizeClass=Small"), id));
        Assert.False(Lists(await Queue("serviceKind=LabTesting"), id));
        Assert.False(Lists(await Queue("sizeClass=Medium"), id));
        Assert.False(Lists(await Queue("desk=Acceptance"), id));

        // longest waiting first by default: the older application comes before the newer one
        var oldestFirst = (await _s.Reviewer.GetAsync("/api/reviewer/queue?pageSize=100&serviceKind=DigitalTransformationConsulting&sizeClass=Small").Ok())["total"]!.GetValue<int>();
        var lastPage = (oldestFirst + 99) / 100;
        var tail = (await _s.Reviewer.GetAsync($"/api/reviewer/queue?pageSize=100&page={lastPage}&serviceKind=DigitalTransformationConsulting&sizeClass=Small").Ok())["items"]!
            .AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.True(tail.IndexOf(older) >= 0 && tail.IndexOf(older) < tail.IndexOf(id), "the older application comes first");

        await _s.Recommend(id);
        Assert.False(Lists(await Queue(""), id));
        Assert.True(Lists(await Queue("status=Recommended"), id));

        // another province's reviewer does not see it, whatever the filter says
        var elsewhere = _s.As(TestUser.Reviewer.In("thanh-hoa"));
        var theirs = (await elsewhere.GetAsync("/api/reviewer/queue?pageSize=100&newestFirst=true&status=Recommended&province=dong-thap").Ok())["items"]!.AsArray();
        Assert.False(Lists(theirs, id));
        await elsewhere.GetAsync($"/api/reviewer/vouchers/{id}/review").Problem(404);
    }

    [Fact]
    public async Task TheReview_ShowsEachCheckWithItsOutcome_TheCaps_AndWhatTheEnterpriseHolds()
    {
        var sme = await _s.NewSme(); // small, trade and services: 50M per voucher, 50M a year in DT-CDS
        await _s.Apply(20_000_000, sme);
        var id = await _s.Apply(5_000_000, sme);

        var review = await _s.Reviewer.GetAsync($"/api/reviewer/vouchers/{id}/review").Ok();
        var checks = review["checks"]!.AsArray().Select(c => (c!["code"]!.GetValue<string>(), c["passed"]!.GetValue<bool>())).ToList();
        Assert.Equal(
        [
            ("program.outside-application-window", true), ("sme.not-an-sme", true), ("program.province-not-eligible", true),
            ("program.sector-not-eligible", true), ("program.service-kind-not-eligible", true), ("enterprise.size-not-declared-for-year", true),
            ("program.size-not-eligible", true), ("program.below-minimum-support", true), ("program.per-voucher-cap-exceeded", true),
            ("program.per-sme-year-cap-exceeded", true),
        ], checks);
        var yearly = review["checks"]!.AsArray().Single(c => c!["code"]!.GetValue<string>() == "program.per-sme-year-cap-exceeded")!;
        Assert.Equal(("25000000", "50000000"), (yearly["actual"]!.GetValue<string>(), yearly["required"]!.GetValue<string>()));
        Assert.Equal(("Small", 50_000_000L, 50_000_000L, 20_000_000L, 5_000_000L, 25_000_000L),
            (review["sizeClass"]!.GetValue<string>(), review["perVoucherCap"]!.GetValue<long>(), review["perSmePerYearCap"]!.GetValue<long>(),
             review["heldElsewhere"]!.GetValue<long>(), review["heldByThis"]!.GetValue<long>(), review["leftThisYear"]!.GetValue<long>()));
        Assert.Empty(review["duties"]!.AsArray());
    }

    [Fact]
    public async Task TheReview_NamesTheStepsSegregationOfDutiesForbidsTheCaller_AsTheDomainRefusesThem()
    {
        // the recommender is told, before finance's step comes, that the same person may not approve it
        var id = await _s.Apply(1_000_000);
        await _s.Recommend(id);
        var duties = (await _s.Reviewer.GetAsync($"/api/reviewer/vouchers/{id}/review").Ok())["duties"]!.AsArray();
        Assert.Contains(duties, d => d!["step"]!.GetValue<string>() == "Approve" && d["rule"]!.GetValue<string>() == "sod.recommender-cannot-approve"
                                     && !d["now"]!.GetValue<bool>());

        // a reviewer bound to the provider that delivered: acceptance is the voucher's next step, and it is not offered
        // to them — the review says why, and the command refuses it with the same rule
        var confirmed = await _s.Issued(1_000_000);
        await _s.Redeem(confirmed, 2_000_000);
        await _s.ProviderOf(confirmed).Post($"/api/provider/vouchers/{confirmed}/deliver", new { note = "Đã bàn giao" }).Ok();
        await _s.SmeOf(confirmed).Post($"/api/sme/vouchers/{confirmed}/confirm-delivery", new { }).Ok();
        var consultant = Guid.Parse(await _s.ProviderId(DemoData.ConsultantTaxCode));
        var bound = _s.As(new TestUser("reviewer-of-the-consultant", [Role.Reviewer], ProviderId: consultant));
        var theirs = await bound.GetAsync($"/api/reviewer/vouchers/{confirmed}/review").Ok();
        var accept = theirs["duties"]!.AsArray().Single(d => d!["step"]!.GetValue<string>() == "Accept")!;
        Assert.Equal(("sod.provider-cannot-accept-own-delivery", true), (accept["rule"]!.GetValue<string>(), accept["now"]!.GetValue<bool>()));
        var voucher = await bound.GetAsync($"/api/reviewer/vouchers/{confirmed}").Ok();
        Assert.DoesNotContain("Accept", voucher["voucher"]!["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>()));
        var refused = await bound.Post($"/api/reviewer/vouchers/{confirmed}/accept", new { decisionNumber = "BB-SOD" }).Problem(403);
        Assert.Equal("sod.provider-cannot-accept-own-delivery", refused["code"]!.GetValue<string>());
        // the province's own reviewer may accept it: nothing forbids them
        Assert.DoesNotContain((await _s.Reviewer.GetAsync($"/api/reviewer/vouchers/{confirmed}/review").Ok())["duties"]!.AsArray(),
            d => d!["now"]!.GetValue<bool>());
    }
}
