using System.Text.Json.Nodes;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Api.Tests;

/// <summary>
/// <c>allowedActions</c> is what the caller may do, in the role its request acts in: for vouchers in each state, each
/// role's view lists exactly the steps written below (independently of <see cref="VoucherActions"/>), and every step
/// listed succeeds when that caller sends it (on a fresh voucher in the same state). The finance officer who approved is
/// told neither to settle nor to record the payment (segregation of duties), the first of two approvers not to approve
/// again (four eyes). Four eyes from 10M (<see cref="FourEyesFactory"/>): the vouchers here are of 5M, one of 15M.
/// </summary>
public class AllowedActionsApiTests(FourEyesFactory factory) : IClassFixture<FourEyesFactory>
{
    private readonly Scenario _s = new(factory);

    /// <summary>
    /// Per state, per caller, the steps offered. <c>finance</c> is the officer who approved the voucher; the other two
    /// officers (<c>finance2</c>, who settles in these tests, and <c>finance3</c>) are offered what it is unless named.
    /// Other callers not named are offered nothing (the auditor always).
    /// </summary>
    public static readonly Dictionary<string, Dictionary<string, string[]>> Expected = new()
    {
        ["Submitted"] = new() { ["sme"] = ["Withdraw"], ["reviewer"] = ["Recommend", "ReturnForInfo", "Reject"], ["finance"] = ["Reject"] },
        ["ReturnedForInfo"] = new() { ["sme"] = ["Resubmit", "Withdraw"], ["reviewer"] = ["Reject"], ["finance"] = ["Reject"] },
        ["Recommended"] = new() { ["sme"] = ["Withdraw"], ["reviewer"] = ["Reject"], ["finance"] = ["Approve", "Reject"] },
        // the first approver may only refuse; another officer approves
        ["AwaitingSecondApproval"] = new() { ["sme"] = ["Withdraw"], ["reviewer"] = ["Reject"], ["finance"] = ["Reject"], ["finance2"] = ["Approve", "Reject"],
            ["finance3"] = ["Approve", "Reject"] },
        // redeeming is the provider's by the scanned token, never an action on a voucher it cannot see yet
        ["Issued"] = new() { ["sme"] = ["Withdraw"], ["finance"] = ["Extend", "Cancel"] },
        ["Redeemed"] = new() { ["finance"] = ["Cancel"], ["provider"] = ["Deliver"] },
        ["Delivered"] = new() { ["sme"] = ["ConfirmDelivery", "Dispute"], ["reviewer"] = ["Dispute"], ["finance"] = ["Cancel"] },
        ["DeliveryConfirmed"] = new() { ["sme"] = ["Dispute"], ["reviewer"] = ["Dispute", "RequestRework", "Accept"] },
        ["Disputed"] = new() { ["reviewer"] = ["RequestRework"], ["finance"] = ["Cancel"] },
        ["InRework"] = new() { ["finance"] = ["Cancel"], ["provider"] = ["Deliver"] },
        ["Accepted"] = new() { ["provider"] = ["ClaimPayment"] },
        // the approver (finance) may not authorise the payment
        ["PaymentClaimed"] = new() { ["finance"] = [], ["finance2"] = ["Settle"], ["finance3"] = ["Settle"] },
        // neither the approver nor the authoriser (finance2) may record the payment
        ["Settled"] = new() { ["finance"] = ["ClawBack"], ["finance2"] = ["ClawBack"], ["finance3"] = ["Disburse", "ClawBack"] },
        ["Paid"] = new() { ["finance"] = ["ClawBack"] },
    };

    private static readonly string[] Callers = ["sme", "reviewer", "finance", "finance2", "finance3", "provider", "auditor"];

    public static TheoryData<string> States() => new(Expected.Keys);

    [Theory]
    [MemberData(nameof(States))]
    public async Task EachCaller_IsOfferedExactlyItsOwnSteps_AndEachOneSucceeds(string state)
    {
        var id = await VoucherIn(state);
        foreach (var caller in Callers)
        {
            if (caller == "provider" && !IsRedeemed(state)) continue; // a provider sees a voucher once it redeemed it
            var expected = Expected[state].GetValueOrDefault(caller)
                ?? (caller is "finance2" or "finance3" ? Expected[state].GetValueOrDefault("finance", []) : []);
            var offered = await Offered(caller, id);
            Assert.True(expected.Order().SequenceEqual(offered.Order()),
                $"{state}, {caller}: expected [{string.Join(", ", expected)}], offered [{string.Join(", ", offered)}]");
        }

        foreach (var (caller, actions) in Expected[state])
        foreach (var action in actions)
        {
            var fresh = await VoucherIn(state);
            var (path, body) = await RequestFor(caller, action, fresh);
            var response = await Client(caller, fresh).Post(path, body, TestHttp.Key());
            Assert.True(response.IsSuccessStatusCode,
                $"{state}: {caller} was offered {action}, which answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task AnOfficerWithBothRoles_WhoRecommended_IsNotOfferedTheApproval_WhichIsRefused()
    {
        var both = _s.As(new TestUser("officer-both", [Role.Reviewer, Role.Finance]));
        var id = await _s.Apply(5_000_000);
        await both.Post($"/api/reviewer/vouchers/{id}/recommend", new { note = "Đủ điều kiện" }).Ok();

        var asFinance = await both.GetAsync($"/api/finance/vouchers/{id}").Ok();
        Assert.Equal(["Reject"], Names(asFinance["voucher"]!["allowedActions"]!));
        Assert.Equal(["Approve", "Reject"], (await Offered("finance", id)).Order());
        var refused = await both.Post($"/api/finance/vouchers/{id}/approve", new { }, TestHttp.Key()).Problem(403);
        Assert.Equal("sod.recommender-cannot-approve", refused["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ACommandsAnswer_OffersTheSendersNextSteps_NotEveryonesOwn()
    {
        var id = await _s.Apply(5_000_000);
        var returned = await _s.Reviewer.Post($"/api/reviewer/vouchers/{id}/return", new { reason = "Bổ sung báo giá" }).Ok();
        Assert.Equal(["Reject"], Names(returned["allowedActions"]!));
        var listed = await _s.SmeOf(id).GetAsync("/api/sme/vouchers?status=ReturnedForInfo").Ok();
        var mine = listed["items"]!.AsArray().Single(v => v!["id"]!.GetValue<string>() == id)!;
        Assert.Equal(["Resubmit", "Withdraw"], Names(mine["allowedActions"]!).Order());
    }

    /// <summary>
    /// The mapping agrees with the endpoints: every (trigger, role) it names that is an action on a voucher has the
    /// role's endpoint <c>POST /api/{role}/vouchers/{id}/{step}</c>, and every such endpoint sends a trigger the mapping
    /// gives that role. Every trigger has a sender.
    /// </summary>
    [Fact]
    public async Task TheMapping_IsTheEndpoints()
    {
        foreach (var trigger in Enum.GetValues<VoucherTrigger>()) Assert.True(VoucherActions.Senders.ContainsKey(trigger), $"{trigger} has no sender");
        var doc = await _s.Public.GetAsync("/openapi/v1.json").Ok();
        var endpoints = doc["paths"]!.AsObject()
            .Where(p => p.Value!["post"] is not null)
            .Select(p => System.Text.RegularExpressions.Regex.Match(p.Key, "^/api/(?<role>[a-z]+)/vouchers/\\{id\\}/(?<step>[a-z-]+)$"))
            .Where(m => m.Success && m.Groups["step"].Value != "qr")
            .Select(m => (Role: m.Groups["role"].Value, Step: m.Groups["step"].Value))
            .ToHashSet();
        var mapped = VoucherActions.Senders
            .Where(kv => !VoucherActions.NotOffered.Contains(kv.Key) && kv.Key != VoucherTrigger.CarryOver) // a carry-over is the year-end decision's
            .SelectMany(kv => kv.Value.Select(role => (Role: role, Step: Segment(kv.Key.ToString()))))
            .ToHashSet();
        Assert.Equal(mapped.OrderBy(x => x.Role).ThenBy(x => x.Step), endpoints.OrderBy(x => x.Role).ThenBy(x => x.Step));
        Assert.Equal([RoleNames.Finance], VoucherActions.Senders[VoucherTrigger.CarryOver]);
        Assert.NotNull(doc["paths"]!["/api/finance/programs/{programId}/year-end/{fiscalYear}"]!["post"]);
        // and the document says where the list comes from
        Assert.Contains("the role the request acts in",
            doc["components"]!["schemas"]!["VoucherView"]!["properties"]!["allowedActions"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static bool IsRedeemed(string state) =>
        state is not ("Submitted" or "ReturnedForInfo" or "Recommended" or "AwaitingSecondApproval" or "Issued");

    private static string[] Names(JsonNode array) => array.AsArray().Select(a => a!.GetValue<string>()).ToArray();

    private async Task<string[]> Offered(string caller, string id)
    {
        var details = await Client(caller, id).GetAsync($"{Prefix(caller)}/vouchers/{id}").Ok();
        return Names(details["voucher"]!["allowedActions"]!);
    }

    private static string Prefix(string caller) => "/api/" + (caller.StartsWith("finance", StringComparison.Ordinal) ? "finance" : caller);

    private HttpClient Client(string caller, string id) => caller switch
    {
        "sme" => _s.SmeOf(id),
        "reviewer" => _s.Reviewer,
        "finance" => _s.Finance,
        "finance2" => _s.Finance2,
        "finance3" => _s.Finance3,
        "provider" => _s.ProviderOf(id),
        "auditor" => _s.Auditor,
        _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, null),
    };

    /// <summary>The endpoint's last segment for a trigger: <c>ConfirmDelivery</c> → <c>confirm-delivery</c>, <c>ReturnForInfo</c> → <c>return</c>.</summary>
    private static string Segment(string action) => action switch
    {
        "ReturnForInfo" => "return",
        "Deliver" => "deliver",
        _ => string.Concat(action.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString())),
    };

    private async Task<(string Path, object? Body)> RequestFor(string caller, string action, string id)
    {
        object? body = action switch
        {
            "Withdraw" => new { reason = "Không còn nhu cầu" },
            "Resubmit" => new { requestedAmount = 5_000_000, purpose = "Đã bổ sung báo giá" },
            "ConfirmDelivery" => new { note = "Đã nhận" },
            "Dispute" => new { reason = "Chưa đủ hạng mục" },
            "Recommend" => new { note = "Đủ điều kiện" },
            "ReturnForInfo" => new { reason = "Bổ sung báo giá" },
            "Reject" => new { reason = "Không đúng đối tượng" },
            "RequestRework" => new { reason = "Làm lại báo cáo" },
            "Accept" => new { decisionNumber = "BB-NT-02/2026" },
            "Approve" => new { },
            "Cancel" => new { reason = "Phát hiện không đủ điều kiện" },
            "Extend" => new
            {
                validUntil = DateOnly.Parse((await Client(caller, id).GetAsync($"/api/finance/vouchers/{id}").Ok())["voucher"]!["validUntil"]!.GetValue<string>(),
                    System.Globalization.CultureInfo.InvariantCulture).AddDays(10),
                reason = "Nhà cung cấp chậm tiến độ",
            },
            "Settle" => null,
            "Disburse" => new { paymentReference = $"UNC-{id[^8..]}" },
            "ClawBack" => new { reason = "Sai đối tượng" },
            "Deliver" => new { note = "Đã bàn giao" },
            "ClaimPayment" => new { eInvoiceNumber = $"C26-{id[^8..]}" },
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "no request for this step"),
        };
        return ($"{Prefix(caller)}/vouchers/{id}/{Segment(action)}", body);
    }

    /// <summary>A fresh voucher (of a fresh SME) brought to <paramref name="state"/> by the people who do each step.</summary>
    private async Task<string> VoucherIn(string state)
    {
        if (state == "AwaitingSecondApproval")
        {
            var big = await _s.Apply(15_000_000);
            await _s.Recommend(big);
            await _s.Approve(big);
            return big;
        }
        var id = await _s.Apply(5_000_000);
        if (state == "Submitted") return id;
        if (state == "ReturnedForInfo")
        {
            await _s.Reviewer.Post($"/api/reviewer/vouchers/{id}/return", new { reason = "Bổ sung báo giá" }).Ok();
            return id;
        }
        await _s.Recommend(id);
        if (state == "Recommended") return id;
        await _s.Approve(id);
        if (state == "Issued") return id;
        await _s.Redeem(id);
        if (state == "Redeemed") return id;
        await _s.ProviderOf(id).Post($"/api/provider/vouchers/{id}/deliver", new { note = "Đã bàn giao" }).Ok();
        if (state == "Delivered") return id;
        if (state is "Disputed" or "InRework")
        {
            await _s.SmeOf(id).Post($"/api/sme/vouchers/{id}/dispute", new { reason = "Chưa đủ hạng mục" }).Ok();
            if (state == "Disputed") return id;
            await _s.Reviewer.Post($"/api/reviewer/vouchers/{id}/request-rework", new { reason = "Làm lại" }).Ok();
            return id;
        }
        await _s.SmeOf(id).Post($"/api/sme/vouchers/{id}/confirm-delivery", new { note = "Đã nhận" }).Ok();
        if (state == "DeliveryConfirmed") return id;
        await _s.Reviewer.Post($"/api/reviewer/vouchers/{id}/accept", new { decisionNumber = "BB-NT-01/2026" }).Ok();
        if (state == "Accepted") return id;
        await _s.ProviderOf(id).Post($"/api/provider/vouchers/{id}/claim-payment", new { eInvoiceNumber = $"C26-{id[^8..]}" }, TestHttp.Key()).Ok();
        if (state == "PaymentClaimed") return id;
        await _s.Finance2.Post($"/api/finance/vouchers/{id}/settle", null, TestHttp.Key()).Ok();
        if (state == "Settled") return id;
        await _s.Finance3.Post($"/api/finance/vouchers/{id}/disburse", new { paymentReference = "UNC-KBNN-2026-0001" }, TestHttp.Key()).Ok();
        if (state == "Paid") return id;
        throw new ArgumentOutOfRangeException(nameof(state), state, "no way to this state here");
    }
}
