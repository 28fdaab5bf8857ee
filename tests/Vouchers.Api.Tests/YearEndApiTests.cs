using System.Text;
using System.Text.Json.Nodes;

namespace Vouchers.Api.Tests;

/// <summary>
/// Fiscal year end through the real service, the clock moved across 31/12 (issue 16, ADR 0015): vouchers issued in
/// December 2026 are stopped in January until finance decides; one decision carries some over to 2027's budget
/// (chuyển nguồn) and releases another; both years' positions, the reconciliation, the traces and the export stay
/// balanced and explained; a carried voucher is then redeemed, settled and paid out of 2027's accounts.
/// One test: the clock of the class's service only moves forward.
/// </summary>
public class YearEndApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly Scenario _s = new(factory);

    private static readonly DateTimeOffset December = new(2026, 12, 10, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly DateTimeOffset January = new(2027, 1, 6, 9, 0, 0, TimeSpan.FromHours(7));

    private void MoveClockTo(DateTimeOffset at) => factory.Clock.Advance(at - factory.Clock.GetUtcNow());

    private async Task<JsonNode> Position(string fundId, int year) => await _s.Finance.GetAsync($"/api/finance/funds/{fundId}/positions/{year}").Ok();

    private static long L(JsonNode? n) => n!.GetValue<long>();

    [Fact]
    public async Task AcrossTheYearEnd_OpenCommitmentsAreStoppedThenCarriedOverOrReleased_AndEveryFigureStaysExplained()
    {
        MoveClockTo(December);
        var programId = await _s.NewConsultingProgram(500_000_000, DateOnly.FromDateTime(December.Date)); // vouchers valid 30 days: into January
        var program = await _s.Public.GetAsync($"/api/public/programs/{programId}").Ok();
        var fundId = program["fundId"]!.GetValue<string>();
        var consultantTaxCode = Scenario.NewTaxCode();
        var consultant = (await _s.NewConsultant(consultantTaxCode)).ToString();
        async Task<string> Issued(long amount) => await _s.Issued(amount, await _s.NewSme(), programId);

        var carriedIssued = await Issued(20_000_000);
        var released = await Issued(15_000_000);
        var redeemed = await Issued(25_000_000);
        await _s.Redeem(redeemed, 30_000_000, consultantTaxCode);
        var claimed = await Issued(30_000_000);
        await _s.Redeem(claimed, 30_000_000, consultantTaxCode);
        await _s.Accepted(claimed);
        await _s.ProviderOf(claimed).Post($"/api/provider/vouchers/{claimed}/claim-payment", new { eInvoiceNumber = "C26-YE-0001" }, TestHttp.Key()).Ok();
        var lateSme = await _s.NewSme(); // declared for 2026, applied in December; its approval comes too late, below
        var late = await _s.Apply(10_000_000, lateSme, programId);
        await _s.Recommend(late);
        var committed2026 = L((await Position(fundId, 2026))["committed"]);

        object Decision(string[] carry, string[] release) =>
            new { decisionNumber = "01/QĐ-STC", decisionDate = "2027-01-05", carryOver = carry, release };
        var decide = $"/api/finance/programs/{programId}/year-end/2026";

        // 31/12 is still 2026: no decision yet, and nothing changes
        MoveClockTo(new DateTimeOffset(2026, 12, 31, 23, 0, 0, TimeSpan.FromHours(7)));
        var early = await StateFingerprint.AssertUnchangedBy(factory.Services, async () => await _s.Finance.Post(decide,
            new { decisionNumber = "01/QĐ-STC", decisionDate = "2026-12-31", carryOver = new[] { carriedIssued }, release = Array.Empty<string>() }, TestHttp.Key()).Problem(422));
        Assert.Equal("year-end.year-not-ended", early["code"]!.GetValue<string>());

        MoveClockTo(January);
        // until finance decides: neither redeemed nor settled
        var scan = await _s.Provider(consultant).Post("/api/provider/vouchers/verify", new { token = await _s.Token(carriedIssued) }).Ok();
        Assert.False(scan["voucher"]!["mayRedeem"]!.GetValue<bool>(), scan.ToJsonString());
        Assert.Equal("voucher.budget-year-ended", scan["voucher"]!["refusalCode"]!.GetValue<string>());
        var settle = await _s.Finance2.Post($"/api/finance/vouchers/{claimed}/settle", null, TestHttp.Key()).Problem(422);
        Assert.Equal("voucher.budget-year-ended", settle["code"]!.GetValue<string>());
        // and no new commitment against 2026's budget
        var approval = await StateFingerprint.AssertUnchangedBy(factory.Services, async () =>
            await _s.Finance.Post($"/api/finance/vouchers/{late}/approve", new { }, TestHttp.Key()).Problem(422));
        Assert.Equal("program.fiscal-year-ended", approval["code"]!.GetValue<string>());

        // what finance has to decide: four open commitments, the claimed one not releasable
        var open = await _s.Finance.GetAsync($"{decide}?pageSize=100").Ok();
        Assert.True(open["yearEnded"]!.GetValue<bool>());
        Assert.Equal(committed2026, L(open["openAmount"]));
        var rows = open["vouchers"]!["items"]!.AsArray();
        Assert.Equal(4, rows.Count);
        Assert.False(rows.Single(r => r!["voucherId"]!.GetValue<string>() == claimed)!["canRelease"]!.GetValue<bool>());
        Assert.True(rows.Single(r => r!["voucherId"]!.GetValue<string>() == released)!["canRelease"]!.GetValue<bool>());

        // refused decisions change nothing: releasing an accepted, claimed voucher; a decision dated in 2026; naming a voucher twice
        var notReleasable = await StateFingerprint.AssertUnchangedBy(factory.Services, async () =>
            await _s.Finance.Post(decide, Decision([carriedIssued], [claimed]), TestHttp.Key()).Problem(409));
        Assert.Contains("Cancel", notReleasable.ToJsonString(), StringComparison.Ordinal);
        var dated = await _s.Finance.Post(decide, new { decisionNumber = "01/QĐ-STC", decisionDate = "2026-12-30", carryOver = new[] { carriedIssued } }, TestHttp.Key()).Problem(400);
        Assert.Contains("decisionDate", dated["errors"]!.AsObject().Select(e => e.Key));
        var twice = await _s.Finance.Post(decide, Decision([released], [released]), TestHttp.Key()).Problem(400);
        Assert.Contains("release", twice["errors"]!.AsObject().Select(e => e.Key));
        // another province's finance officer does not see the program
        await _s.As(TestUser.Finance.In("dong-nai")).Post(decide, Decision([carriedIssued], []), TestHttp.Key()).Problem(404);

        // the decision: three carried over, one released; idempotent
        var key = TestHttp.Key();
        var decision = await _s.Finance.Post(decide, Decision([carriedIssued, redeemed, claimed], [released]), key).Ok();
        Assert.Equal(decision.ToJsonString(), (await _s.Finance.Post(decide, Decision([carriedIssued, redeemed, claimed], [released]), key).Ok()).ToJsonString());
        Assert.Equal(75_000_000, L(decision["carriedOverAmount"]));
        Assert.Equal(15_000_000, L(decision["releasedAmount"]));
        Assert.All(decision["carriedOver"]!.AsArray(), v => Assert.Equal(2027, v!["budgetYear"]!.GetValue<int>()));

        var y2026 = await Position(fundId, 2026);
        var y2027 = await Position(fundId, 2027);
        Assert.True(y2026["balanced"]!.GetValue<bool>(), y2026.ToJsonString());
        Assert.True(y2027["balanced"]!.GetValue<bool>(), y2027.ToJsonString());
        Assert.Equal(75_000_000, L(y2026["carriedForward"]));
        Assert.Equal(75_000_000, L(y2027["broughtForward"]));
        Assert.Equal(committed2026 - 75_000_000 - 15_000_000, L(y2026["committed"]));
        Assert.Equal(75_000_000, L(y2027["committed"]));
        var inProgram2027 = y2027["programs"]!.AsArray().Single(p => p!["programId"]!.GetValue<string>() == programId)!;
        Assert.Equal(0, L(inProgram2027["envelope"])); // 2027 gave it nothing: it holds what 2026 brought forward
        Assert.Equal(75_000_000, L(inProgram2027["broughtForward"]));

        var view = await _s.Finance.GetAsync($"/api/finance/vouchers/{released}").Ok();
        Assert.Equal("Cancelled", view["voucher"]!["status"]!.GetValue<string>());
        var carriedView = await _s.Finance.GetAsync($"/api/finance/vouchers/{carriedIssued}").Ok();
        var line = carriedView["history"]!.AsArray().Last()!;
        Assert.Equal("CarryOver", line["trigger"]!.GetValue<string>());
        Assert.Contains("01/QĐ-STC", line["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        // a carried voucher lives on in 2027: redeemed, and the claimed one settled and paid out of 2027's accounts
        await _s.Redeem(carriedIssued, 30_000_000, consultantTaxCode);
        await _s.Finance2.Post($"/api/finance/vouchers/{claimed}/settle", null, TestHttp.Key()).Ok();
        await _s.Finance3.Post($"/api/finance/vouchers/{claimed}/disburse", new { paymentReference = "UNC-2027-0001" }, TestHttp.Key()).Ok();
        y2027 = await Position(fundId, 2027);
        Assert.True(y2027["balanced"]!.GetValue<bool>(), y2027.ToJsonString());
        Assert.Equal(15_000_000, L(y2027["disbursed"])); // support: 50% of 30M
        Assert.Equal(0, L((await Position(fundId, 2026))["disbursed"]) - L(y2026["disbursed"]));

        // the year's reconciliation, on both sides of the border: balanced, carry-overs agreeing, every voucher with its entries
        foreach (var year in new[] { 2026, 2027 })
        {
            var reconciliation = await _s.Auditor.GetAsync($"/api/auditor/reconciliation/{year}?fundId={fundId}").Ok();
            Assert.True(reconciliation["ok"]!.GetValue<bool>(), reconciliation.ToJsonString());
            var fund = reconciliation["funds"]!.AsArray().Single()!;
            Assert.True(fund["carryOverAgrees"]!.GetValue<bool>());
            Assert.Equal(year == 2026 ? 75_000_000 : 0, L(fund["carriedForward"]));
            Assert.Equal(year == 2027 ? 75_000_000 : 0, L(fund["broughtForward"]));

            // the forward trace of the fund's year adds up and equals the position
            var trace = await _s.Auditor.GetAsync($"/api/auditor/trace/funds/{fundId}/{year}").Ok();
            Assert.All(trace["checks"]!.AsObject(), c => Assert.True(c.Value!.GetValue<bool>(), $"{year} {c.Key}: {trace["checks"]!.ToJsonString()}"));
        }

        // a carried voucher's backward trace goes through the carry-over to the envelope of 2026 and its budget decisions
        var back = await _s.Auditor.GetAsync($"/api/auditor/trace/vouchers/{claimed}").Ok();
        var steps = back["path"]!.AsArray().Select(s => s!["step"]!.GetValue<string>()).ToList();
        Assert.Equal(["Disbursement", "Settlement", "Commitment", "BringForward", "CarryForward", "CarryOverRelease", "Commitment", "EnvelopeApproval", "Allocation"],
            steps.Take(9));
        var programTrace = await _s.Auditor.GetAsync($"/api/auditor/trace/programs/{programId}?pageSize=100").Ok();
        Assert.True(programTrace["vouchersAddUp"]!.GetValue<bool>(), programTrace.ToJsonString());
        Assert.True(programTrace["program"]!["money"]!["addsUp"]!.GetValue<bool>());

        // the export of the period carries the carry-overs and both years' positions, balanced
        var zip = await _s.Auditor.GetAsync("/api/auditor/exports?from=2026-12-01&to=2027-01-31");
        var files = TestHttp.ZipEntries(await zip.Content.ReadAsByteArrayAsync());
        var journal = Encoding.UTF8.GetString(files["journal.csv"]);
        foreach (var kind in new[] { "CarryOverRelease", "CarryForward", "BringForward" }) Assert.Contains($",{kind},", journal, StringComparison.Ordinal);
        var positions = Encoding.UTF8.GetString(files["fund-positions.csv"]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Where(l => l.Contains(fundId, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, positions.Count);
        Assert.All(positions, l => Assert.Contains(",true,", l, StringComparison.Ordinal));
        Assert.Contains(positions, l => l.StartsWith(fundId, StringComparison.Ordinal) && l.Contains(",2026,", StringComparison.Ordinal) && l.EndsWith(",0,75000000", StringComparison.Ordinal));
        Assert.Contains(positions, l => l.Contains(",2027,", StringComparison.Ordinal) && l.EndsWith(",75000000,0", StringComparison.Ordinal));

        await _s.AssertLedgerHolds();
        var verified = await _s.Auditor.GetAsync("/api/auditor/ledger/verify").Ok();
        Assert.True(verified["ok"]!.GetValue<bool>(), verified.ToJsonString());
    }
}
