using System.Text.Json.Nodes;

namespace Vouchers.Api.Tests;

/// <summary>
/// Issue 16: finance amends a program (top-up, reduction, window and validity) and closes it by a decision; the money
/// moves only through the ledger, between the program's budget and its fund's budget, and the fund position, the
/// reconciliation and the traces keep explaining every đồng.
/// </summary>
public class ProgramAmendmentApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly Scenario _s = new(factory);

    private DateOnly Today => DateOnly.FromDateTime(factory.Clock.GetUtcNow().AddHours(7).DateTime);

    private static string Decision() => $"QĐ-{Guid.NewGuid():N}"[..24];

    private async Task<(string ProgramId, string FundId)> NewProgram(long envelope)
    {
        var programId = await _s.NewConsultingProgram(envelope, Today);
        var fundId = (await _s.Public.GetAsync($"/api/public/programs/{programId}").Ok())["fundId"]!.GetValue<string>();
        return (programId, fundId);
    }

    private Task<JsonNode> Position(string fundId) => _s.Finance.GetAsync($"/api/finance/funds/{fundId}/positions/{Today.Year}").Ok();

    private static JsonNode ProgramIn(JsonNode position, string programId) =>
        position["programs"]!.AsArray().Single(p => p!["programId"]!.GetValue<string>() == programId)!;

    private static long L(JsonNode? n) => n!.GetValue<long>();

    private async Task AssertExplained(string fundId)
    {
        Assert.True(L((await Position(fundId))["allocated"]) > 0);
        Assert.True((await Position(fundId))["balanced"]!.GetValue<bool>());
        var reconciliation = await _s.Auditor.GetAsync($"/api/auditor/reconciliation/{Today.Year}?fundId={fundId}").Ok();
        Assert.True(reconciliation["ok"]!.GetValue<bool>(), reconciliation.ToJsonString());
        var trace = await _s.Auditor.GetAsync($"/api/auditor/trace/funds/{fundId}/{Today.Year}").Ok();
        Assert.All(trace["checks"]!.AsObject(), c => Assert.True(c.Value!.GetValue<bool>(), $"{c.Key}: {trace["checks"]!.ToJsonString()}"));
        // every envelope movement belongs to its program: none is left among the fund budget's unexplained transfers
        Assert.DoesNotContain(trace["otherFundBudgetTransfers"]!.AsArray(), t => t!["kind"]!.GetValue<string>().StartsWith("Envelope", StringComparison.Ordinal));
        await _s.AssertLedgerHolds();
    }

    [Fact]
    public async Task ATopUp_MovesMoneyOnceEvenWhenRetried_KeepsTheFundBalanced_AndTheTraceExplainsIt()
    {
        var (programId, fundId) = await NewProgram(50_000_000);
        var before = await Position(fundId);
        var key = TestHttp.Key();
        var body = new { amount = 20_000_000, decisionNumber = Decision(), decisionDate = Today };

        var first = await _s.Finance.Post($"/api/finance/programs/{programId}/top-up", body, key).Ok();
        var retried = await _s.Finance.Post($"/api/finance/programs/{programId}/top-up", body, key).Ok();
        Assert.Equal(first.ToJsonString(), retried.ToJsonString());
        Assert.Equal(70_000_000, L(first["envelope"]));
        Assert.Equal(body.decisionNumber, first["amendmentDecisionNumber"]!.GetValue<string>());

        var after = await Position(fundId);
        Assert.Equal(L(before["unassignedToPrograms"]) - 20_000_000, L(after["unassignedToPrograms"])); // once, not twice
        Assert.Equal(L(before["allocated"]), L(after["allocated"]));
        Assert.Equal(70_000_000, L(ProgramIn(after, programId)["available"]));
        await AssertExplained(fundId);

        var program = (await _s.Auditor.GetAsync($"/api/auditor/trace/programs/{programId}").Ok())["program"]!;
        Assert.Equal(70_000_000, L(program["money"]!["envelope"]));
        Assert.Equal(70_000_000, program["fundedBy"]!.AsArray().Sum(f => L(f!["amount"])));
        var fund = await _s.Auditor.GetAsync($"/api/auditor/trace/funds/{fundId}/{Today.Year}").Ok();
        var topUps = fund["decisions"]!.AsArray().SelectMany(d => d!["drawnBy"]!.AsArray())
            .Where(d => d!["kind"]!.GetValue<string>() == "EnvelopeTopUp" && d["programId"]?.GetValue<string>() == programId).ToList();
        Assert.NotEmpty(topUps); // the budget decisions name the program's top-up among what drew on them
        var topUpId = topUps[0]!["transferId"]!.GetValue<string>();
        var trace = await _s.Auditor.GetAsync($"/api/auditor/trace/transfers/{topUpId}").Ok();
        Assert.Equal("EnvelopeTopUp", trace["path"]![0]!["step"]!.GetValue<string>());
        Assert.Contains(body.decisionNumber, trace["path"]![0]!["description"]!.GetValue<string>());
        Assert.Equal(20_000_000, trace["fundedBy"]!.AsArray().Sum(f => L(f!["amount"])));
    }

    [Fact]
    public async Task ATopUpBeyondTheFundsBudget_IsRefusedByTheLedger_AndWritesNothing()
    {
        var (programId, fundId) = await NewProgram(10_000_000);
        var unassigned = L((await Position(fundId))["unassignedToPrograms"]);
        var problem = await StateFingerprint.AssertUnchangedBy(factory.Services, () =>
            _s.Finance.Post($"/api/finance/programs/{programId}/top-up", new { amount = unassigned + 1, decisionNumber = Decision(), decisionDate = Today },
                TestHttp.Key()).Problem(409));
        Assert.Equal("ledger.exceeds-credits", problem["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task AReductionBelowWhatIsCommitted_IsRefusedAndWritesNothing_WhileOneWithinTheUncommittedPartReturnsToTheFund()
    {
        var (programId, fundId) = await NewProgram(50_000_000);
        await _s.Issued(20_000_000, programId: programId);

        var problem = await StateFingerprint.AssertUnchangedBy(factory.Services, () =>
            _s.Finance.Post($"/api/finance/programs/{programId}/reduce", new { amount = 30_000_001, decisionNumber = Decision(), decisionDate = Today },
                TestHttp.Key()).Problem(422));
        Assert.Equal("program.reduction-exceeds-available", problem["code"]!.GetValue<string>());

        var before = await Position(fundId);
        var reduced = await _s.Finance.Post($"/api/finance/programs/{programId}/reduce",
            new { amount = 10_000_000, decisionNumber = Decision(), decisionDate = Today }, TestHttp.Key()).Ok();
        Assert.Equal(40_000_000, L(reduced["envelope"]));
        var after = await Position(fundId);
        Assert.Equal(L(before["unassignedToPrograms"]) + 10_000_000, L(after["unassignedToPrograms"]));
        Assert.Equal((20_000_000L, 20_000_000L), (L(ProgramIn(after, programId)["available"]), L(ProgramIn(after, programId)["committed"])));
        await AssertExplained(fundId);
    }

    [Fact]
    public async Task Closing_ReturnsTheUnusedEnvelope_RefusesNewApplicationsAndApprovals_WhileAnIssuedVoucherIsStillRedeemedAndSettled()
    {
        var (programId, fundId) = await NewProgram(50_000_000);
        var issued = await _s.Issued(20_000_000, programId: programId);
        var waiting = await _s.Apply(5_000_000, programId: programId);
        await _s.Recommend(waiting);
        var before = await Position(fundId);

        var decision = Decision();
        var closed = await _s.Finance.Post($"/api/finance/programs/{programId}/close", new { decisionNumber = decision, decisionDate = Today }, TestHttp.Key()).Ok();
        Assert.Equal(("Closed", 20_000_000L, decision), (closed["status"]!.GetValue<string>(), L(closed["envelope"]), closed["closureDecisionNumber"]!.GetValue<string>()));
        var after = await Position(fundId);
        Assert.Equal(L(before["unassignedToPrograms"]) + 30_000_000, L(after["unassignedToPrograms"]));
        Assert.Equal((0L, 20_000_000L), (L(ProgramIn(after, programId)["available"]), L(ProgramIn(after, programId)["committed"])));
        await AssertExplained(fundId);

        // no new application, no new approval, no second closing
        var sme = await _s.NewSme();
        var refused = await _s.Sme(sme).Post("/api/sme/applications", new
        {
            programId, serviceKind = "DigitalTransformationConsulting", requestedAmount = 5_000_000, purpose = "Sau khi đóng chương trình",
        }).Problem(422);
        Assert.Equal("program.closed", refused["code"]!.GetValue<string>());
        Assert.Equal("program.closed", (await _s.Finance.Post($"/api/finance/vouchers/{waiting}/approve", new { }, TestHttp.Key()).Problem(422))["code"]!.GetValue<string>());
        Assert.Equal("program.closed", (await _s.Finance.Post($"/api/finance/programs/{programId}/close",
            new { decisionNumber = Decision(), decisionDate = Today }, TestHttp.Key()).Problem(422))["code"]!.GetValue<string>());
        Assert.Equal("program.closed", (await _s.Finance.Post($"/api/finance/programs/{programId}/top-up",
            new { amount = 1_000_000, decisionNumber = Decision(), decisionDate = Today }, TestHttp.Key()).Problem(422))["code"]!.GetValue<string>());

        // the issued voucher runs its course: redeemed, accepted for less, settled; the other 8M of its commitment comes back to the program's budget
        var consultant = Scenario.NewTaxCode();
        await _s.NewConsultant(consultant);
        await _s.Redeem(issued, 30_000_000, consultant);
        await _s.Accepted(issued, 12_000_000);
        var settled = await _s.Settled(issued);
        Assert.Equal("Settled", settled["status"]!.GetValue<string>());
        var released = ProgramIn(await Position(fundId), programId);
        Assert.Equal((8_000_000L, 0L, 12_000_000L), (L(released["available"]), L(released["committed"]), L(released["payable"])));
        // and finance hands what came free back to the fund by a reduction of the closed program
        factory.Clock.Advance(TimeSpan.FromMinutes(1)); // a later instant, so the execution order of the two envelope changes is the order they were made
        var swept = await _s.Finance.Post($"/api/finance/programs/{programId}/reduce",
            new { amount = 8_000_000, decisionNumber = Decision(), decisionDate = Today }, TestHttp.Key()).Ok();
        Assert.Equal(12_000_000, L(swept["envelope"]));
        await AssertExplained(fundId);

        // the trace explains the return: the program's closing handed its unused envelope back to the pool
        var fund = await _s.Auditor.GetAsync($"/api/auditor/trace/funds/{fundId}/{Today.Year}").Ok();
        var program = fund["programs"]!.AsArray().Single(p => p!["id"]!.GetValue<string>() == programId)!;
        Assert.Equal(12_000_000, L(program["money"]!["envelope"]));
        Assert.Equal(["EnvelopeReturn", "EnvelopeReduction"], program["envelopeChanges"]!.AsArray().Select(t => t!["kind"]!.GetValue<string>()));
        var ret = program["envelopeChanges"]![0]!;
        Assert.Equal(decision, ret["reference"]!.GetValue<string>());
        Assert.Equal(30_000_000, L(ret["amount"]));
        var trace = await _s.Auditor.GetAsync($"/api/auditor/trace/transfers/{ret["id"]}").Ok();
        Assert.Equal("EnvelopeReturn", trace["path"]![0]!["step"]!.GetValue<string>());
        Assert.Equal(programId, trace["program"]!["id"]!.GetValue<string>());
        Assert.Equal([("EnvelopeReturn", 30_000_000L)], trace["fundedBy"]!.AsArray().Select(f => (f!["sourceKind"]!.GetValue<string>(), L(f["amount"]))));
    }

    [Fact]
    public async Task TheWindowAndValidity_ChangeGoingForward_AndAnIssuedVoucherKeepsItsValidity()
    {
        var (programId, _) = await NewProgram(50_000_000);
        var early = await _s.Issued(5_000_000, programId: programId);
        var earlyUntil = (await _s.Finance.GetAsync($"/api/finance/vouchers/{early}").Ok())["voucher"]!["validUntil"]!.GetValue<string>();

        var program = await _s.Public.GetAsync($"/api/public/programs/{programId}").Ok();
        var opens = program["applicationOpens"]!.GetValue<string>();
        var amended = await _s.Finance.Post($"/api/finance/programs/{programId}/schedule", new
        {
            applicationOpens = opens, applicationCloses = Today.AddDays(90), voucherValidityDays = 60, decisionNumber = Decision(), decisionDate = Today,
        }, TestHttp.Key()).Ok();
        Assert.Equal((60, Today.AddDays(90).ToString("yyyy-MM-dd")), (amended["voucherValidityDays"]!.GetValue<int>(), amended["applicationCloses"]!.GetValue<string>()));

        var late = await _s.Issued(5_000_000, programId: programId);
        Assert.Equal(Today.AddDays(60).ToString("yyyy-MM-dd"), (await _s.Finance.GetAsync($"/api/finance/vouchers/{late}").Ok())["voucher"]!["validUntil"]!.GetValue<string>());
        Assert.Equal(earlyUntil, (await _s.Finance.GetAsync($"/api/finance/vouchers/{early}").Ok())["voucher"]!["validUntil"]!.GetValue<string>());

        // the past cannot change: an opened window keeps its first day, and a window cannot end before today
        foreach (var (o, c) in new[] { (Today.AddDays(-10), Today.AddDays(30)), (DateOnly.Parse(opens), Today.AddDays(-1)) })
        {
            var problem = await StateFingerprint.AssertUnchangedBy(factory.Services, () => _s.Finance.Post($"/api/finance/programs/{programId}/schedule", new
            {
                applicationOpens = o, applicationCloses = c, voucherValidityDays = 30, decisionNumber = Decision(), decisionDate = Today,
            }, TestHttp.Key()).Problem(422));
            Assert.Equal("program.amendment-not-forward", problem["code"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData("approve-envelope")]
    [InlineData("top-up")]
    [InlineData("reduce")]
    [InlineData("schedule")]
    [InlineData("close")]
    public async Task EveryProgramDecision_NeedsADecisionNumberAndASupportedDate(string action)
    {
        var (programId, _) = await NewProgram(10_000_000);
        object Body(string number, DateOnly date) => action switch
        {
            "top-up" or "reduce" => new { amount = 1_000_000, decisionNumber = number, decisionDate = date },
            "schedule" => new
            {
                applicationOpens = Today, applicationCloses = Today.AddDays(30), voucherValidityDays = 30, decisionNumber = number, decisionDate = date,
            },
            _ => new { decisionNumber = number, decisionDate = date },
        };
        var problem = await StateFingerprint.AssertUnchangedBy(factory.Services, () =>
            _s.Finance.Post($"/api/finance/programs/{programId}/{action}", Body(" ", new DateOnly(1899, 12, 31)), TestHttp.Key()).Problem(400));
        Assert.Equal(["decisionDate", "decisionNumber"], problem["errors"]!.AsObject().Select(e => e.Key).Order());
        var tooLong = await _s.Finance.Post($"/api/finance/programs/{programId}/{action}", Body(new string('9', 101), Today), TestHttp.Key()).Problem(400);
        Assert.Equal(["decisionNumber"], tooLong["errors"]!.AsObject().Select(e => e.Key));
    }

    [Theory]
    [InlineData(0)] // its fund has a budget for the year
    [InlineData(3)] // its fund has no budget for the year yet: the draft is still what is refused
    public async Task ADraft_IsNeitherAmendedNorClosedByAFinanceDecision(int yearsAhead)
    {
        var fund = (await _s.Admin.GetAsync("/api/admin/funds?province=dong-thap").Ok()).AsArray().Single(f => f!["kind"]!.GetValue<string>() == "ScienceTechnology")!;
        var year = Today.Year + yearsAhead;
        var draft = (await _s.Admin.Post("/api/admin/programs", new
        {
            code = $"D-{Guid.NewGuid():N}"[..20], fundId = fund["id"]!.GetValue<string>(), fiscalYear = year, name = "Chương trình nháp",
            envelope = 10_000_000, eligibleServiceKinds = new[] { "DigitalTransformationConsulting" }, eligibleProviderKinds = new[] { "Consultant" },
            supportRatePercent = 50, caps = new[] { new { size = "Small", perVoucher = 5_000_000, perSmePerYear = 5_000_000 } },
            voucherValidityDays = 30, applicationOpens = new DateOnly(year, 12, 1), applicationCloses = new DateOnly(year, 12, 31),
        }).Ok())["id"]!.GetValue<string>();
        var decisions = new (string Action, object Body)[]
        {
            ("top-up", new { amount = 1_000_000, decisionNumber = Decision(), decisionDate = Today }),
            ("reduce", new { amount = 1_000_000, decisionNumber = Decision(), decisionDate = Today }),
            ("schedule", new
            {
                applicationOpens = new DateOnly(year, 12, 1), applicationCloses = new DateOnly(year, 12, 31), voucherValidityDays = 60,
                decisionNumber = Decision(), decisionDate = Today,
            }),
            ("close", new { decisionNumber = Decision(), decisionDate = Today }),
        };
        foreach (var (action, body) in decisions)
        {
            var problem = await StateFingerprint.AssertUnchangedBy(factory.Services, () =>
                _s.Finance.Post($"/api/finance/programs/{draft}/{action}", body, TestHttp.Key()).Problem(422));
            Assert.Equal("program.envelope-not-approved", problem["code"]!.GetValue<string>());
            Assert.EndsWith("amend the draft instead.", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        if (yearsAhead > 0) // the case is what it says: approving the envelope finds no budget to draw on
            Assert.Equal("fund.no-budget-for-year", (await _s.Finance.Post($"/api/finance/programs/{draft}/approve-envelope",
                new { decisionNumber = Decision(), decisionDate = Today }, TestHttp.Key()).Problem(422))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnotherProvincesOfficer_CannotAmendOrCloseTheProgram()
    {
        var (programId, _) = await NewProgram(10_000_000);
        var other = new Scenario(factory, "dong-nai");
        await StateFingerprint.AssertUnchangedBy(factory.Services, async () =>
        {
            await other.Finance.Post($"/api/finance/programs/{programId}/top-up", new { amount = 1_000_000, decisionNumber = Decision(), decisionDate = Today }, TestHttp.Key()).Problem(404);
            await other.Finance.Post($"/api/finance/programs/{programId}/close", new { decisionNumber = Decision(), decisionDate = Today }, TestHttp.Key()).Problem(404);
            return 0;
        });
    }
}
