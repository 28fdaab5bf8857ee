using System.Net;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Vouchers.Api.Tests.PostgreSql;

/// <summary>
/// Every money-moving command (every operation of the OpenAPI document that takes an Idempotency-Key), sent with one
/// key several times at once to both processes and then retried on each: one effect on the money, and every answer
/// the same bytes as the one that applied it.
/// </summary>
public sealed class TwoInstanceIdempotencyTests(TwoInstances f, ITestOutputHelper output) : IClassFixture<TwoInstances>
{
    private readonly Scenario _s = new(f.Balancer);

    /// <summary>One prepared request: where it goes, who sends it, and a measure of its effect that must move by <c>Delta</c> exactly once.</summary>
    private sealed record Prepared(string Url, object? Body, TestUser Caller, Func<Task<long>> Measure, long Delta);

    private async Task<JsonNode> Position() => await _s.Position();
    private async Task<long> PositionOf(string field) => (await Position())[field]!.GetValue<long>();

    /// <summary>The position of the fund the program draws on, in the program's year.</summary>
    private async Task<JsonNode> PositionOfProgram(string programId)
    {
        var program = await _s.Public.GetAsync($"/api/public/programs/{programId}").Ok();
        return await _s.Finance.GetAsync($"/api/finance/funds/{program["fundId"]}/positions/{program["fiscalYear"]}").Ok();
    }

    private async Task<long> SucceededLines(string action) =>
        (await _s.NationalAuditor.GetAsync($"/api/auditor/audit-trail?action={action}&outcome=Succeeded&pageSize=1").Ok())["total"]!.GetValue<long>();

    private async Task<long> TransfersOf(string voucherId, string kind) =>
        (await _s.Auditor.GetAsync($"/api/auditor/ledger/transfers?voucherId={voucherId}&pageSize=100").Ok())["items"]!.AsArray()
        .Count(t => t!["kind"]!.GetValue<string>() == kind);

    private async Task<long> TransitionsInto(string voucherId, string status) =>
        (await _s.Auditor.GetAsync($"/api/auditor/vouchers/{voucherId}").Ok())["history"]!.AsArray().Count(h => h!["to"]!.GetValue<string>() == status);

    private async Task<TestUser> ProviderOf(string voucherId) =>
        TestUser.Provider(Guid.Parse((await _s.Auditor.GetAsync($"/api/auditor/vouchers/{voucherId}").Ok())["voucher"]!["providerId"]!.GetValue<string>()));

    private async Task<Prepared> Prepare(string operation)
    {
        var program = await _s.Program();
        var (fundId, year) = (program["fundId"]!.GetValue<string>(), program["fiscalYear"]!.GetValue<int>());
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
        switch (operation)
        {
            case "AllocateBudget":
                return new($"/api/finance/funds/{fundId}/allocations",
                    new { fiscalYear = year, amount = 3_000_000, decisionNumber = $"QĐ-IDEM-{Guid.NewGuid():N}"[..24], decisionDate = today },
                    TestUser.Finance, () => PositionOf("allocated"), 3_000_000);
            case "ApproveProgramEnvelope":
            {
                var programId = await _s.NewConsultingProgram(4_000_000, today, approveEnvelope: false);
                return new($"/api/finance/programs/{programId}/approve-envelope", new { decisionNumber = $"QĐ-E-{Guid.NewGuid():N}"[..20], decisionDate = today },
                    TestUser.Finance, async () => (await PositionOfProgram(programId))["programs"]!.AsArray().Where(p => p!["programId"]!.GetValue<string>() == programId)
                        .Sum(p => p!["envelope"]!.GetValue<long>()), 4_000_000);
            }
            case "ApproveVoucher":
            {
                var id = await _s.Apply(2_000_000);
                await _s.Recommend(id);
                return new($"/api/finance/vouchers/{id}/approve", new { }, TestUser.Finance, () => PositionOf("committed"), 2_000_000);
            }
            case "CancelVoucher":
            {
                var id = await _s.Issued(2_000_000);
                return new($"/api/finance/vouchers/{id}/cancel", new { reason = "Hủy do sai đối tượng" }, TestUser.Finance, () => PositionOf("committed"), -2_000_000);
            }
            case "WithdrawVoucher":
            {
                var id = await _s.Issued(2_000_000);
                var sme = (await _s.SmeOf(id).GetAsync("/api/sme/enterprise").Ok())["taxCode"]!.GetValue<string>();
                return new($"/api/sme/vouchers/{id}/withdraw", new { reason = "Không còn nhu cầu" }, TestUser.Sme(sme), () => PositionOf("committed"), -2_000_000);
            }
            case "RedeemVoucher":
            {
                var id = await _s.Issued(2_000_000);
                var provider = Guid.Parse(await _s.ProviderId(Vouchers.Infrastructure.Demo.DemoData.ConsultantTaxCode));
                return new("/api/provider/vouchers/redeem", new { token = await _s.Token(id), contractValue = 5_000_000, contractNumber = "HĐ-IDEM-1" },
                    TestUser.Provider(provider), () => TransitionsInto(id, "Redeemed"), 1);
            }
            case "ClaimPayment":
            {
                var id = await _s.Issued(2_000_000);
                await _s.Redeem(id, 5_000_000);
                await _s.Accepted(id);
                return new($"/api/provider/vouchers/{id}/claim-payment", new { eInvoiceNumber = $"C26-{Guid.NewGuid():N}"[..16] },
                    await ProviderOf(id), () => TransitionsInto(id, "PaymentClaimed"), 1);
            }
            case "SettleVoucher":
            {
                var id = await _s.Issued(2_000_000);
                await _s.Redeem(id, 5_000_000);
                await _s.Accepted(id);
                await _s.ProviderOf(id).Post($"/api/provider/vouchers/{id}/claim-payment", new { eInvoiceNumber = $"C26-{Guid.NewGuid():N}"[..16] }, TestHttp.Key()).Ok();
                return new($"/api/finance/vouchers/{id}/settle", null, TestUser.Finance2, () => PositionOf("payable"), 2_000_000);
            }
            case "DisburseVoucher":
            {
                var id = await _s.Issued(2_000_000);
                await _s.Redeem(id, 5_000_000);
                await _s.Accepted(id);
                await _s.Settled(id);
                return new($"/api/finance/vouchers/{id}/disburse", new { paymentReference = "UNC-IDEM-1" }, TestUser.Finance3, () => PositionOf("disbursed"), 2_000_000);
            }
            case "ClawBackVoucher":
            {
                var id = await _s.Issued(2_000_000);
                await _s.Redeem(id, 5_000_000);
                await _s.Accepted(id);
                await _s.PaidOut(id, "UNC-IDEM-2");
                return new($"/api/finance/vouchers/{id}/claw-back", new { amount = 500_000, reason = "Thu hồi một phần" }, TestUser.Finance2,
                    () => TransfersOf(id, "Clawback"), 1);
            }
            case "AmendProgramSchedule":
            {
                // the role matrix's example dates its window by the test clock; these processes run on the wall clock, so the
                // new window keeps the program's first day and closes at the end of this (Vietnamese) year
                var (scheduleUrl, _) = await Vouchers.Api.Tests.RoleMatrixTests.Examples[operation](_s);
                var current = await _s.Public.GetAsync($"/api/public/programs/{scheduleUrl.Split('/')[4]}").Ok();
                var schedule = new
                {
                    applicationOpens = current["applicationOpens"]!.GetValue<string>(), applicationCloses = $"{today.Year}-12-31", voucherValidityDays = 60,
                    decisionNumber = $"QĐ-TG-{Guid.NewGuid():N}"[..20], decisionDate = today.ToString("yyyy-MM-dd"),
                };
                return new(scheduleUrl, schedule, TestUser.Finance, () => SucceededLines(operation), 1);
            }
            default:
                if (Vouchers.Api.Tests.RoleMatrixTests.Examples.TryGetValue(operation, out var example)
                    && await example(_s) is var (url, body)
                    && Vouchers.Api.Tests.RoleMatrixTests.ExpectedRole(url) is Vouchers.Application.Abstractions.RoleNames.Admin or Vouchers.Application.Abstractions.RoleNames.Finance)
                {
                    // a decision on reference data or a program (issue 16): the role matrix's example request, by Đồng Tháp's
                    // officer of its role; its one effect is one succeeded audit line (a replay writes "Replayed")
                    var caller = Vouchers.Api.Tests.RoleMatrixTests.ExpectedRole(url) == Vouchers.Application.Abstractions.RoleNames.Admin ? TestUser.Admin : TestUser.Finance;
                    return new(url, body, caller, () => SucceededLines(operation), 1);
                }
                throw new InvalidOperationException($"{operation} takes an Idempotency-Key but this test does not know how to prepare it: add it here.");
        }
    }

    /// <summary>
    /// Operations these two processes cannot be brought to apply: they run on the wall clock, which no test can move. Each
    /// says where its one-key-one-effect replay is proved instead.
    /// </summary>
    private static readonly Dictionary<string, string> NotOnTheWallClock = new()
    {
        ["DecideYearEnd"] = "it needs a commitment of a fiscal year that has ended, and on the wall clock no voucher of an ended year can be " +
            "issued (the program approves nothing after its year). YearEndApiTests replays a decision under one key, on PostgreSQL too.",
    };

    /// <summary>The operations of the service's own OpenAPI document that require an Idempotency-Key.</summary>
    private async Task<List<string>> MoneyMovingOperations()
    {
        var document = JsonNode.Parse(await _s.Public.GetStringAsync("/openapi/v1.json"))!;
        return document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject())
            .Where(op => op.Value!["parameters"] is JsonArray ps && ps.Any(x => x!["name"]!.GetValue<string>() == "Idempotency-Key" && x["required"]?.GetValue<bool>() == true))
            .Select(op => op.Value!["operationId"]!.GetValue<string>()).Order().ToList();
    }

    [Fact]
    public async Task EveryMoneyMovingCommand_SentAndRetriedWithOneKeyOnBothProcesses_HasOneEffect_AndOneAnswer()
    {
        var operations = await MoneyMovingOperations();
        Assert.True(operations.Count >= 10, string.Join(", ", operations)); // the document was really read
        foreach (var operation in operations)
        {
            if (NotOnTheWallClock.TryGetValue(operation, out var why))
            {
                output.WriteLine($"{operation}: not sent here: {why}");
                continue;
            }
            var p = await Prepare(operation);
            var before = await p.Measure();
            var key = TestHttp.Key();
            using var onA = f.A.As(p.Caller);
            using var onB = f.B.As(p.Caller);
            HttpClient On(int i) => i % 2 == 0 ? onA : onB;
            string NameOf(int i) => i % 2 == 0 ? f.A.Name : f.B.Name;

            // three at once (A, B, A), as a client that timed out and a balancer that retried might send them
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var first = Enumerable.Range(0, 3).Select(async i => { await gate.Task; return await Outcome.Of(On(i).Post(p.Url, p.Body, key), NameOf(i)); }).ToArray();
            gate.SetResult();
            var outcomes = (await Task.WhenAll(first)).ToList();
            // the ones told "still in progress" retry until they get the answer; then one more retry on each process
            for (var i = 0; i < outcomes.Count; i++)
                for (var attempt = 0; outcomes[i].Code == "idempotency.in-flight" && attempt < 50; attempt++)
                {
                    await Task.Delay(100);
                    outcomes[i] = await Outcome.Of(On(i + attempt + 1).Post(p.Url, p.Body, key), NameOf(i + attempt + 1));
                }
            outcomes.Add(await Outcome.Of(onA.Post(p.Url, p.Body, key), f.A.Name));
            outcomes.Add(await Outcome.Of(onB.Post(p.Url, p.Body, key), f.B.Name));

            var detail = $"{operation}:\n{string.Join("\n", outcomes)}";
            Assert.True(outcomes.All(o => o.Status == HttpStatusCode.OK), detail);
            Assert.Single(outcomes.Select(o => o.Body).Distinct());
            Assert.True(outcomes.Count(o => !o.Replayed) == 1, detail); // applied once; every other answer is the stored one
            Assert.True(await p.Measure() - before == p.Delta, $"{operation}: the effect moved by {await p.Measure() - before}, not {p.Delta}");
            output.WriteLine($"{operation}: {outcomes.Count} sends, 1 applied, {outcomes.Count(o => o.Replayed)} replayed, effect {p.Delta:+#;-#}");
        }
        await TwoInstances.AssertEverythingHolds(_s, (await _s.Program())["fiscalYear"]!.GetValue<int>());
    }
}
