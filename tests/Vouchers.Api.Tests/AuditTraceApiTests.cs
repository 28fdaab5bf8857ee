using System.Text.Json.Nodes;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Api.Tests;

/// <summary>
/// The auditor's traces and history on the <see cref="TraceWorld"/>: forward from the fund's decisions to every voucher,
/// backward from a transfer or a voucher to the decisions that funded it, and each transition with its ledger entries.
/// </summary>
public class AuditTraceApiTests(TraceWorldFactory factory) : IClassFixture<TraceWorldFactory>
{
    private static long L(JsonNode? n) => n!.GetValue<long>();
    private static string S(JsonNode? n) => n!.GetValue<string>();

    [Fact]
    public async Task ForwardTrace_OfAFundYear_AttributesEnvelopesToDecisionsFirstInFirstOut_AndItsTotalsEqualTheFundPosition()
    {
        var w = await factory.World();
        var trace = await w.Auditor.GetAsync($"/api/auditor/trace/funds/{w.FundId}/{TraceWorld.Year}").Ok();
        var position = await w.Auditor.GetAsync($"/api/auditor/funds/{w.FundId}/positions/{TraceWorld.Year}").Ok();

        Assert.Equal(TraceWorld.FundName, S(trace["fund"]!["name"]));
        Assert.Equal("fifo", S(trace["attributionRule"]));
        var decisions = trace["decisions"]!.AsArray();
        Assert.Equal([TraceWorld.DecisionA, TraceWorld.DecisionB], decisions.Select(d => S(d!["decisionNumber"])));
        Assert.Equal([100_000_000L, 200_000_000L], decisions.Select(d => L(d!["amount"])));
        Assert.Equal([("CT-CDS-P1", 60_000_000L), ("CT-CDS-P2", 40_000_000L)],
            decisions[0]!["drawnBy"]!.AsArray().Select(x => (S(x!["programCode"]), L(x["amount"]))));
        Assert.Equal([("CT-CDS-P2", 80_000_000L)], decisions[1]!["drawnBy"]!.AsArray().Select(x => (S(x!["programCode"]), L(x["amount"]))));
        Assert.Equal([0L, 120_000_000L], decisions.Select(d => L(d!["remaining"])));
        Assert.Equal("Allocation", S(decisions[1]!["transfer"]!["kind"]));

        var programs = trace["programs"]!.AsArray().ToDictionary(p => S(p!["code"]), p => p!);
        Assert.Equal(["CT-CDS-P1", "CT-CDS-P2", "CT-CDS-P3"], programs.Keys);
        Assert.Equal([(TraceWorld.DecisionA, 40_000_000L), (TraceWorld.DecisionB, 80_000_000L)],
            programs["CT-CDS-P2"]["fundedBy"]!.AsArray().Select(f => (S(f!["decisionNumber"]), L(f["amount"]))));
        Assert.Equal("CT-CDS-P2/QĐ-STC", S(programs["CT-CDS-P2"]["envelopeDecisionNumber"]));
        Assert.Equal("EnvelopeApproval", S(programs["CT-CDS-P2"]["envelopeApproval"]!["kind"]));
        Assert.Empty(programs["CT-CDS-P3"]["fundedBy"]!.AsArray()); // a draft: no envelope approved, nothing drawn
        Assert.Equal(5, programs["CT-CDS-P2"]["vouchers"]!.GetValue<int>()); // the rejected application moved no money
        var p2 = programs["CT-CDS-P2"]["money"]!;
        Assert.Equal((120_000_000L, 94_000_000L, 7_000_000L, 0L, 19_000_000L),
            (L(p2["envelope"]), L(p2["available"]), L(p2["committed"]), L(p2["payable"]), L(p2["disbursed"])));
        Assert.Equal((48_000_000L, 21_000_000L, 20_000_000L, 21_000_000L, 2_000_000L),
            (L(p2["flows"]!["committed"]), L(p2["flows"]!["settled"]), L(p2["flows"]!["released"]), L(p2["flows"]!["disbursed"]), L(p2["flows"]!["clawedBack"])));

        // every level adds up, and the totals are the fund position's (computed there by replaying balances)
        var t = trace["totals"]!;
        Assert.Equal((300_000_000L, 180_000_000L, 120_000_000L), (L(t["allocated"]), L(t["assignedToPrograms"]), L(t["unassignedToPrograms"])));
        foreach (var field in new[] { "allocated", "available", "unassignedToPrograms", "committed", "payable", "disbursed" })
            Assert.True(L(t[field]) == L(position[field]), $"{field}: trace {t[field]}, position {position[field]}");
        foreach (var pp in position["programs"]!.AsArray())
        {
            var money = programs[S(pp!["code"])]["money"]!;
            foreach (var field in new[] { "available", "committed", "payable", "disbursed" })
                Assert.True(L(money[field]) == L(pp[field]), $"{pp["code"]} {field}: trace {money[field]}, position {pp[field]}");
        }
        Assert.Equal(L(t["allocated"]), decisions.Sum(d => L(d!["amount"])));
        Assert.Equal(L(t["assignedToPrograms"]), programs.Values.Sum(p => L(p["money"]!["envelope"])));
        var checks = trace["checks"]!.AsObject();
        Assert.All(checks, c => Assert.True(c.Value!.GetValue<bool>(), $"check {c.Key} failed: {checks.ToJsonString()}"));
    }

    [Fact]
    public async Task ForwardTrace_OfTheDemoFund_WhoseDecisionAndEnvelopeWereRecordedInTheSameInstant_AttributesTheEnvelope()
    {
        var w = await factory.World();
        var program = await w.S.Program(); // DT-CDS-2026 (Đồng Tháp, so a national auditor reads it): seeded with its fund's decision at the same instant
        var trace = await w.S.NationalAuditor.GetAsync($"/api/auditor/trace/funds/{program["fundId"]}/{program["fiscalYear"]}").Ok();
        var cds = trace["programs"]!.AsArray().Single(p => S(p!["id"]) == S(program["id"]))!;
        Assert.Equal([("DEMO-DONG-THAP-2/QĐ-UBND", 2_000_000_000L)], cds["fundedBy"]!.AsArray().Select(f => (S(f!["decisionNumber"]), L(f["amount"]))));
        Assert.True(trace["checks"]!["envelopesCovered"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ProgramTrace_PagesItsVouchers_AndThePagesAddUpToTheProgram()
    {
        var w = await factory.World();
        var pages = new List<JsonNode>();
        JsonNode first;
        var page = 1;
        do
        {
            first = await w.Auditor.GetAsync($"/api/auditor/trace/programs/{w.P2}?page={page++}&pageSize=2").Ok();
            pages.AddRange(first["vouchers"]!["items"]!.AsArray().Select(v => v!));
        } while (pages.Count < first["vouchers"]!["total"]!.GetValue<int>() && page < 10);
        Assert.Equal(5, first["vouchers"]!["total"]!.GetValue<int>());
        Assert.Equal(5, pages.Count);
        Assert.DoesNotContain(pages, v => S(v["id"]) == w.Rejected);

        var money = first["program"]!["money"]!;
        foreach (var field in new[] { "committed", "settled", "released", "disbursed", "clawedBack" })
            Assert.True(pages.Sum(v => L(v["money"]![field])) == L(money["flows"]![field]), field);
        Assert.Equal(L(money["committed"]), pages.Sum(v => L(v["money"]!["outstandingCommitment"])));
        Assert.Equal(L(money["payable"]), pages.Sum(v => L(v["money"]!["payable"])));
        Assert.Equal(L(money["disbursed"]), pages.Sum(v => L(v["money"]!["disbursedNet"])));
        Assert.True(first["vouchersAddUp"]!.GetValue<bool>());

        var paid = pages.Single(v => S(v["id"]) == w.Paid);
        Assert.Equal((20_000_000L, 30_000_000L, 15_000_000L, 15_000_000L), (L(paid["faceValue"]), L(paid["contractValue"]), L(paid["supportAmount"]), L(paid["acceptedAmount"])));
        Assert.Equal(DemoData.ConsultantName, S(paid["provider"]!["name"]));
        Assert.Equal("HĐ-01/2026/SH", S(paid["contractNumber"]));
        Assert.Equal("BB-NT-01/2026", S(paid["acceptanceDecisionNumber"]));
        Assert.Equal(("Commitment", 20_000_000L), (S(paid["commitment"]!["kind"]), L(paid["commitment"]!["amount"])));
        Assert.Equal((15_000_000L, 5_000_000L), (L(paid["settlement"]!["amount"]), L(paid["settlement"]!["releasedAmount"])));
        Assert.Equal(("UNC-CT-0001", 15_000_000L), (S(paid["paymentReference"]), L(paid["disbursement"]!["amount"])));
        var clawed = pages.Single(v => S(v["id"]) == w.ClawedBack);
        Assert.Equal([2_000_000L], clawed["clawbacks"]!.AsArray().Select(c => L(c!["amount"])));
        Assert.Equal("ProgramDisbursed", S(clawed["clawbacks"]![0]!["debit"]!["code"]));
        Assert.Equal(7_000_000L, L(pages.Single(v => S(v["id"]) == w.Outstanding)["money"]!["outstandingCommitment"]));
        Assert.Equal(5_000_000L, L(pages.Single(v => S(v["id"]) == w.Expired)["release"]!["amount"]));

        var tooMany = await w.Auditor.GetAsync($"/api/auditor/trace/programs/{w.P2}?pageSize=101").Problem(400);
        Assert.NotNull(tooMany["errors"]!["pageSize"]);
    }

    [Fact]
    public async Task BackwardTrace_FromAProvidersDisbursement_ReachesItsVoucherProgramAndTheDecisionsThatFundedIt()
    {
        var w = await factory.World();
        var ledger = await w.Transfers(w.Paid);
        var disbursement = S(ledger["Disbursement"]["id"]);
        var trace = await w.Auditor.GetAsync($"/api/auditor/trace/transfers/{disbursement}").Ok();
        var fund = await w.Auditor.GetAsync($"/api/auditor/trace/funds/{w.FundId}/{TraceWorld.Year}").Ok();
        var envelope = S(fund["programs"]!.AsArray().Single(p => S(p!["code"]) == "CT-CDS-P2")!["envelopeApproval"]!["id"]);
        var allocations = fund["decisions"]!.AsArray().Select(d => S(d!["transfer"]!["id"])).ToArray();

        Assert.Equal(disbursement, S(trace["start"]!["id"]));
        Assert.Equal(w.Paid, S(trace["voucher"]!["id"]));
        Assert.Equal("Paid", S(trace["voucher"]!["status"]));
        Assert.Equal("CT-CDS-P2", S(trace["program"]!["code"]));
        Assert.Equal(w.FundId, S(trace["fund"]!["id"]));
        Assert.Equal([(TraceWorld.DecisionA, 40_000_000L), (TraceWorld.DecisionB, 80_000_000L)],
            trace["fundedBy"]!.AsArray().Select(f => (S(f!["decisionNumber"]), L(f["amount"]))));
        var path = trace["path"]!.AsArray();
        Assert.Equal(["Disbursement", "Settlement", "Commitment", "EnvelopeApproval", "Allocation", "Allocation"], path.Select(p => S(p!["step"])));
        Assert.Equal([disbursement, S(ledger["Settlement"]["id"]), S(ledger["Commitment"]["id"]), envelope, allocations[0], allocations[1]],
            path.Select(p => S(p!["transfer"]!["id"])));
        Assert.Equal([40_000_000L, 80_000_000L], path.Skip(4).Select(p => L(p!["attributed"])));

        // from the clawback: back through the payment it reverses
        var clawback = S((await w.Transfers(w.ClawedBack))["Clawback"]["id"]);
        var fromClawback = await w.Auditor.GetAsync($"/api/auditor/trace/transfers/{clawback}").Ok();
        Assert.Equal(["Clawback", "Disbursement", "Settlement", "Commitment", "EnvelopeApproval", "Allocation", "Allocation"],
            fromClawback["path"]!.AsArray().Select(p => S(p!["step"])));

        // a voucher of the program funded by one decision only
        var fromVoucher = await w.Auditor.GetAsync($"/api/auditor/trace/vouchers/{w.PaidInP1}").Ok();
        Assert.Null(fromVoucher["start"]);
        Assert.Equal("CT-CDS-P1", S(fromVoucher["program"]!["code"]));
        Assert.Equal([(TraceWorld.DecisionA, 60_000_000L)], fromVoucher["fundedBy"]!.AsArray().Select(f => (S(f!["decisionNumber"]), L(f["amount"]))));
        Assert.Equal(["Disbursement", "Settlement", "Commitment", "EnvelopeApproval", "Allocation"], fromVoucher["path"]!.AsArray().Select(p => S(p!["step"])));

        // a decision's own transfer traces to itself
        var fromDecision = await w.Auditor.GetAsync($"/api/auditor/trace/transfers/{allocations[1]}").Ok();
        Assert.Null(fromDecision["program"]);
        Assert.Equal([(TraceWorld.DecisionB, 200_000_000L)], fromDecision["fundedBy"]!.AsArray().Select(f => (S(f!["decisionNumber"]), L(f["amount"]))));

        Assert.Equal("not-found", S((await w.Auditor.GetAsync($"/api/auditor/trace/transfers/{Guid.NewGuid()}").Problem(404))["code"]));
    }

    [Fact]
    public async Task History_ListsEveryTransition_WithWhoWhenAndTheLedgerEntriesItMade()
    {
        var w = await factory.World();
        var history = await w.Auditor.GetAsync($"/api/auditor/vouchers/{w.ClawedBack}/history").Ok();
        Assert.Equal("Asia/Ho_Chi_Minh", S(history["timeZone"]));
        var lines = history["transitions"]!.AsArray().ToDictionary(h => S(h!["to"]), h => h!);
        Assert.Equal(["Submitted", "Recommended", "Issued", "Redeemed", "Delivered", "DeliveryConfirmed", "Accepted", "PaymentClaimed", "Settled", "Paid", "ClawedBack"],
            lines.Keys);

        (string Kind, long Amount, long? Released, string Debit, string Credit) Entry(string to)
        {
            var e = Assert.Single(lines[to]["entries"]!.AsArray())!;
            return (S(e["kind"]), L(e["amount"]), e["releasedAmount"]?.GetValue<long>(), S(e["debit"]!["code"]), S(e["credit"]!["code"]));
        }
        Assert.Equal(("Commitment", 10_000_000L, (long?)null, "ProgramBudget", "ProgramPayable"), Entry("Issued"));
        Assert.Equal(("Settlement", 6_000_000L, (long?)4_000_000L, "ProgramBudget", "ProgramPayable"), Entry("Settled"));
        Assert.Equal(("Disbursement", 6_000_000L, (long?)null, "ProgramPayable", "ProgramDisbursed"), Entry("Paid"));
        Assert.Equal(("Clawback", 2_000_000L, (long?)null, "ProgramDisbursed", "ProgramBudget"), Entry("ClawedBack"));
        Assert.Equal("CT-CDS-P2 — ngân sách", S(lines["Issued"]["entries"]![0]!["debit"]!["name"]));
        foreach (var to in new[] { "Submitted", "Recommended", "Redeemed", "Delivered", "DeliveryConfirmed", "Accepted", "PaymentClaimed" })
            Assert.Empty(lines[to]["entries"]!.AsArray());

        Assert.Equal((TestUser.Finance.In("can-tho").Subject, "finance", "Approve", "Recommended"),
            (S(lines["Issued"]["actorSubject"]), S(lines["Issued"]["actorRole"]), S(lines["Issued"]["trigger"]), S(lines["Issued"]["from"])));
        Assert.Equal((TestUser.Finance2.In("can-tho").Subject, "finance"), (S(lines["Settled"]["actorSubject"]), S(lines["Settled"]["actorRole"])));
        Assert.Equal("Biên bản nghiệm thu BB-NT-01/2026", S(lines["Accepted"]["reason"]));
        var at = DateTimeOffset.Parse(S(lines["Issued"]["at"]), System.Globalization.CultureInfo.InvariantCulture);
        var local = S(lines["Issued"]["atLocal"]);
        Assert.Equal(TimeSpan.Zero, at.Offset);
        Assert.EndsWith("+07:00", local, StringComparison.Ordinal);
        Assert.Equal(at, DateTimeOffset.Parse(local, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(at.UtcDateTime.AddHours(7), DateTimeOffset.Parse(local, System.Globalization.CultureInfo.InvariantCulture).DateTime);

        var expired = await w.Auditor.GetAsync($"/api/auditor/vouchers/{w.Expired}/history").Ok();
        var expiry = expired["transitions"]!.AsArray().Last()!;
        Assert.Equal(("Expire", "system"), (S(expiry["trigger"]), S(expiry["actorSubject"])));
        var release = Assert.Single(expiry["entries"]!.AsArray())!;
        Assert.Equal(("Release", 5_000_000L, 5_000_000L), (S(release["kind"]), L(release["amount"]), L(release["releasedAmount"])));
        Assert.Empty(expired["unlinkedTransfers"]!.AsArray());
    }

    [Fact]
    public async Task TraceHistoryAndExports_AreForAuditorsOnly()
    {
        var w = await factory.World();
        foreach (var url in new[] { $"/api/auditor/trace/funds/{w.FundId}/{TraceWorld.Year}", $"/api/auditor/vouchers/{w.Paid}/history",
                     "/api/auditor/exports?from=2026-03-16&to=2026-03-16" })
        {
            Assert.Equal("auth.forbidden", S((await w.S.Finance.GetAsync(url).Problem(403))["code"]));
            Assert.Equal("auth.forbidden", S((await w.S.Sme(w.NfdSmeTaxCode).GetAsync(url).Problem(403))["code"]));
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await w.S.Public.GetAsync(url)).StatusCode);
        }
    }
}
