using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vouchers.Application.Abstractions;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Api.Tests;

/// <summary>
/// The role × endpoint matrix, generated from the OpenAPI document: every operation it lists is called with no
/// token and with a token of each role. The role that may call it gets a 2xx (with a real example, on real data);
/// every other role gets 403 and no token gets 401 (public operations: 2xx for everyone). A new operation that is
/// not in <see cref="ExpectedRole"/> or has no example fails here, and one without a policy is refused to all
/// (the fallback policy denies), which fails here too.
/// </summary>
public class RoleMatrixTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    /// <summary>Who may call what, by path — written independently of the code's policies.</summary>
    public static string ExpectedRole(string path) => path switch
    {
        _ when path.StartsWith("/api/sme/", StringComparison.Ordinal) => RoleNames.Sme,
        _ when path.StartsWith("/api/reviewer/", StringComparison.Ordinal) => RoleNames.Reviewer,
        _ when path.StartsWith("/api/finance/", StringComparison.Ordinal) => RoleNames.Finance,
        _ when path.StartsWith("/api/provider/", StringComparison.Ordinal) => RoleNames.Provider,
        _ when path.StartsWith("/api/auditor/", StringComparison.Ordinal) => RoleNames.Auditor,
        _ when path.StartsWith("/api/admin/", StringComparison.Ordinal) => RoleNames.Admin,
        _ when path.StartsWith("/api/public/", StringComparison.Ordinal) => "",
        _ => throw new Xunit.Sdk.XunitException($"{path}: no expected role. Every new path must be added to the matrix."),
    };

    public static TheoryData<string, string, string> Operations()
    {
        using var f = new ApiFactory();
        var doc = JsonNode.Parse(f.CreateClient().GetStringAsync("/openapi/v1.json").GetAwaiter().GetResult())!;
        var data = new TheoryData<string, string, string>();
        foreach (var (path, item) in doc["paths"]!.AsObject())
        foreach (var (method, op) in item!.AsObject().Where(kv => kv.Key is "get" or "post" or "put" or "delete" or "patch"))
            data.Add(method.ToUpperInvariant(), path, op!["operationId"]?.GetValue<string>() ?? $"(no operationId: {method} {path})");
        return data;
    }

    [Fact]
    public void TheDocumentListsEveryGroup()
    {
        var ops = Operations().Select(r => (string)r[1]).ToList();
        foreach (var prefix in new[] { "/api/sme/", "/api/reviewer/", "/api/finance/", "/api/provider/", "/api/auditor/", "/api/admin/", "/api/public/" })
            Assert.Contains(ops, p => p.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(ops.Count >= 45, $"only {ops.Count} operations in the document");
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task EachRole_GetsExactlyTheAccessThePathCallsFor(string method, string path, string operationId)
    {
        var expected = ExpectedRole(path);
        var s = new Scenario(factory);

        // the document says the same as the matrix
        var doc = await s.Public.GetAsync("/openapi/v1.json").Ok();
        var declared = doc["paths"]![path]![method.ToLowerInvariant()]!["x-roles"]!.AsArray().Select(r => r!.GetValue<string>()).ToArray();
        Assert.Equal(expected == "" ? [] : new[] { expected }, declared);

        Assert.True(Examples.ContainsKey(operationId), $"{operationId}: add an example request to the role matrix");
        var (url, body) = await Examples[operationId](s);

        var callers = new Dictionary<string, HttpClient>
        {
            [RoleNames.Sme] = s.Sme(),
            [RoleNames.Reviewer] = s.Reviewer,
            [RoleNames.Finance] = s.Finance2,
            [RoleNames.Provider] = s.Provider(await s.ProviderId(DemoData.ConsultantTaxCode)),
            [RoleNames.Auditor] = s.Auditor,
            [RoleNames.Admin] = s.Admin,
        };
        // refusals first (they must change nothing), then the one allowed call
        var anonymous = await Send(s.Public, method, url, body);
        if (expected == "") Assert.True(anonymous.IsSuccessStatusCode, $"{operationId} anonymous: {(int)anonymous.StatusCode}");
        else Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        foreach (var (role, client) in callers.Where(c => c.Key != expected))
        {
            var r = await Send(client, method, url, body);
            if (expected == "") Assert.True(r.IsSuccessStatusCode, $"{operationId} as {role}: {(int)r.StatusCode}");
            else Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{operationId} as {role}: expected 403, got {(int)r.StatusCode}");
        }
        if (expected != "")
        {
            var caller = Allowed.TryGetValue(operationId, out var who) ? await who(s)
                : expected == RoleNames.Sme && VoucherIn(url) is { } voucher ? s.SmeOf(voucher) // the SME that owns the voucher
                : callers[expected];
            // the allowed caller's request taken too loosely, or a token carrying more than the service keeps, is
            // refused before it changes anything (else the allowed call below could not succeed: an approval twice, a
            // second redemption, a taken code); the state fingerprint says so for operations that would write anyway
            var before = StateFingerprint.Read(factory.Services);
            foreach (var (what, expectedStatus, response) in await LooseVariants(caller, method, url, body))
                Assert.True((int)response.StatusCode == expectedStatus,
                    $"{operationId} as {expected}, {what}: expected {expectedStatus}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.True(before.Hash == StateFingerprint.Read(factory.Services).Hash, $"{operationId}: a refused variant wrote");
            var allowed = await Send(caller, method, url, body);
            Assert.True(allowed.IsSuccessStatusCode,
                $"{operationId} as {expected}: expected 2xx, got {(int)allowed.StatusCode} {await allowed.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>
    /// The allowed request, bent: sent with a token whose subject is longer than the service keeps (401) or holds a
    /// control character (401); and, for a body, as text/plain (415), with its first member twice, a member's name in
    /// another case, an amount as a string (400).
    /// </summary>
    private async Task<List<(string What, int Status, HttpResponseMessage Response)>> LooseVariants(HttpClient caller, string method, string url, object? body)
    {
        var results = new List<(string, int, HttpResponseMessage)>();
        var role = ExpectedRole(new Uri(new Uri("http://x"), url).AbsolutePath);
        var bound = TestIdentityProvider.Shared.Token(new string('s', Caller.MaxSubjectLength + 1), [role],
            taxCode: role == RoleNames.Sme ? DemoData.MangoSmeTaxCode : null, providerId: role == RoleNames.Provider ? Guid.NewGuid() : null);
        results.Add(("a subject over the length kept", 401, await Send(factory.WithToken(bound), method, url, body)));
        var control = TestIdentityProvider.Shared.Token("matrix\u0000user", [role],
            taxCode: role == RoleNames.Sme ? DemoData.MangoSmeTaxCode : null, providerId: role == RoleNames.Provider ? Guid.NewGuid() : null);
        results.Add(("a subject with a NUL", 401, await Send(factory.WithToken(control), method, url, body)));
        if (method == "GET" || body is null) return results; // an operation that declares no body reads none, of any type

        var json = JsonSerializer.SerializeToNode(body ?? new { }, TestHttp.Json)!.AsObject();
        results.Add(("the body as text/plain", 415, await SendRaw(caller, method, url, json.ToJsonString(), "text/plain")));
        if (json.Count > 0)
        {
            var (first, value) = (json.First().Key, json.First().Value);
            var text = json.ToJsonString();
            results.Add(($"\"{first}\" twice", 400, await SendRaw(caller, method, url, text[..^1] + $",\"{first}\":{value?.ToJsonString() ?? "null"}}}")));
            var renamed = new JsonObject(json.Select(kv => KeyValuePair.Create(kv.Key == first ? char.ToUpperInvariant(first[0]) + first[1..] : kv.Key, kv.Value?.DeepClone())));
            results.Add(($"\"{first}\" capitalised", 400, await SendRaw(caller, method, url, renamed.ToJsonString())));
        }
        if (json.Where(kv => kv.Value is JsonValue v && v.TryGetValue<long>(out _)).Select(kv => kv.Key).FirstOrDefault() is { } amount)
        {
            var asString = json.DeepClone().AsObject();
            asString[amount] = json[amount]!.ToJsonString();
            results.Add(($"\"{amount}\" as a string", 400, await SendRaw(caller, method, url, asString.ToJsonString())));
        }
        return results;
    }

    private static Task<HttpResponseMessage> SendRaw(HttpClient client, string method, string url, string body, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(body, System.Text.Encoding.UTF8, contentType) };
        request.Headers.Add("Idempotency-Key", TestHttp.Key());
        return client.SendAsync(request);
    }

    private static string? VoucherIn(string url) =>
        System.Text.RegularExpressions.Regex.Match(url, "/vouchers/([0-9a-f-]{36})") is { Success: true } m ? m.Groups[1].Value : null;

    internal static Task<HttpResponseMessage> Send(HttpClient client, string method, string url, object? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method != "GET") request.Content = JsonContent.Create(body ?? new { }, options: TestHttp.Json);
        request.Headers.Add("Idempotency-Key", TestHttp.Key());
        return client.SendAsync(request);
    }

    public delegate Task<(string Url, object? Body)> Example(Scenario s);

    // Who makes the allowed call when it is not the role's default user (the owner of the object).
    private static readonly Dictionary<string, Func<Scenario, Task<HttpClient>>> Allowed = new()
    {
        ["RegisterEnterprise"] = s => Task.FromResult(s.Sme(Scenario.NewTaxCode())),
        ["ApplyForVoucher"] = async s => s.Sme(await s.NewSme()),
        ["DisburseVoucher"] = s => Task.FromResult(s.Finance3), // the second officer authorised the payment: a third records it
        ["CreateFund"] = s => Task.FromResult(s.As(TestUser.Admin.In("hue"))), // Huế's administrator opens Huế's fund (Đồng Tháp has all three)
    };


    // a fresh SME each time: the per-SME yearly cap never interferes
    private static Task<string> Mango(Scenario s) => s.Apply(1_000_000);

    private static async Task<string> Delivered(Scenario s)
    {
        var id = await s.Apply(2_000_000);
        await s.Recommend(id);
        await s.Approve(id);
        await s.Redeem(id, 4_000_000);
        await s.ProviderOf(id).Post($"/api/provider/vouchers/{id}/deliver", new { note = "Đã bàn giao" }).Ok();
        return id;
    }

    private static async Task<string> Confirmed(Scenario s)
    {
        var id = await Delivered(s);
        await s.SmeOf(id).Post($"/api/sme/vouchers/{id}/confirm-delivery", new { }).Ok();
        return id;
    }

    private static async Task<string> Accepted(Scenario s)
    {
        var id = await Confirmed(s);
        await s.Reviewer.Post($"/api/reviewer/vouchers/{id}/accept", new { decisionNumber = "BB-MX" }).Ok();
        return id;
    }

    private static async Task<string> Claimed(Scenario s)
    {
        var id = await Accepted(s);
        await s.ProviderOf(id).Post($"/api/provider/vouchers/{id}/claim-payment", new { eInvoiceNumber = $"C26-{Guid.NewGuid():N}"[..20] }, TestHttp.Key()).Ok();
        return id;
    }

    private static async Task<string> Settled(Scenario s)
    {
        var id = await Claimed(s);
        await s.Finance2.Post($"/api/finance/vouchers/{id}/settle", null, TestHttp.Key()).Ok();
        return id;
    }

    private static async Task<string> Paid(Scenario s)
    {
        var id = await Settled(s);
        await s.Finance3.Post($"/api/finance/vouchers/{id}/disburse", new { paymentReference = "UNC-MX" }, TestHttp.Key()).Ok();
        return id;
    }

    private static async Task<JsonNode> DongThapFund(Scenario s) =>
        (await s.Admin.GetAsync("/api/admin/funds?province=dong-thap").Ok()).AsArray().First(f => f!["kind"]!.GetValue<string>() == "SmeDevelopment")!;

    /// <summary>A Đồng Tháp program drafted by its administrator and its envelope approved by the scenario's first finance officer.</summary>
    /// <summary>
    /// A voucher issued in November 2025 out of a 2025 program of Đồng Tháp's science fund, still holding its commitment:
    /// what a year-end decision decides (issue 16). Made with the service's clock moved back to 03/11/2025 for the while,
    /// then forward again to where it was. Returns the program and the voucher.
    /// </summary>
    public static async Task<(string ProgramId, string VoucherId)> CommitmentOf2025(Scenario s)
    {
        if (s.Service is not ApiFactory service) throw new InvalidOperationException("A commitment of 2025 needs a service whose clock a test can move.");
        var back = service.Clock.GetUtcNow() - new DateTimeOffset(2025, 11, 3, 9, 0, 0, TimeSpan.FromHours(7));
        service.Clock.Advance(-back);
        try
        {
            var today = new DateOnly(2025, 11, 3);
            var fund = (await s.Admin.GetAsync("/api/admin/funds?province=dong-thap").Ok()).AsArray().Single(f => f!["kind"]!.GetValue<string>() == "ScienceTechnology")!;
            await s.Finance.Post($"/api/finance/funds/{fund["id"]}/allocations",
                new { fiscalYear = 2025, amount = 50_000_000, decisionNumber = $"QĐ-2025-{Guid.NewGuid():N}"[..24], decisionDate = "2025-10-01" }, TestHttp.Key()).Ok();
            var programId = await s.NewConsultingProgram(20_000_000, today);
            var sme = Scenario.NewTaxCode();
            await s.Sme(sme).PutAsJsonAsync("/api/sme/enterprise", Scenario.Profile(sme, fiscalYear: 2025), TestHttp.Json).Ok();
            var voucher = await s.Issued(10_000_000, sme, programId);
            return (programId, voucher);
        }
        finally
        {
            service.Clock.Advance(back);
        }
    }

    private static async Task<string> OpenDongThapProgram(Scenario s)
    {
        var program = await s.Admin.Post("/api/admin/programs", ProgramBody((await DongThapFund(s))["id"]!.GetValue<string>(), 2026)).Ok();
        var id = program["id"]!.GetValue<string>();
        await s.Finance.Post($"/api/finance/programs/{id}/approve-envelope", new { decisionNumber = $"QĐ-{Guid.NewGuid():N}"[..20], decisionDate = "2026-03-01" },
            TestHttp.Key()).Ok();
        return id;
    }

    private static object ProgramBody(string fundId, int year) => new
    {
        code = $"MX-{Guid.NewGuid():N}"[..20], fundId, fiscalYear = year, name = "Chương trình ma trận quyền",
        envelope = 10_000_000, eligibleServiceKinds = new[] { "LabTesting" }, eligibleProviderKinds = new[] { "TestingLab" },
        supportRatePercent = 50, caps = new[] { new { size = "Small", perVoucher = 5_000_000, perSmePerYear = 5_000_000 } },
        voucherValidityDays = 30, applicationOpens = $"{year}-01-01", applicationCloses = $"{year}-12-31",
    };

    public static readonly Dictionary<string, Example> Examples = new()
    {
        // SME (the demo mango grower's user; its own vouchers)
        ["RegisterEnterprise"] = _ => Task.FromResult<(string, object?)>(("/api/sme/enterprise", new
        {
            name = "Công ty TNHH Ma Trận", provinceCode = "dong-thap", communeWard = "Phường Cao Lãnh", sectorGroup = "TradeServices",
            sector = "Trade", averageInsuredEmployees = 5, annualRevenue = 1_000_000_000, totalCapital = 500_000_000,
        })),
        ["GetEnterprise"] = _ => Task.FromResult<(string, object?)>(("/api/sme/enterprise", null)),
        ["ApplyForVoucher"] = async s => ("/api/sme/applications", new
        {
            programId = (await s.Program())["id"]!.GetValue<string>(), serviceKind = "DigitalTransformationConsulting", requestedAmount = 1_000_000, purpose = "Ma trận quyền",
        }),
        ["ListOwnVouchers"] = _ => Task.FromResult<(string, object?)>(("/api/sme/vouchers", null)),
        ["ListProgramsForSme"] = _ => Task.FromResult<(string, object?)>(("/api/sme/programs", null)),
        ["GetApplicationAllowance"] = async s => ($"/api/sme/programs/{(await s.Program())["id"]!.GetValue<string>()}/allowance", null),
        ["GetOwnVoucher"] = async s => ($"/api/sme/vouchers/{await Mango(s)}", null),
        ["ResubmitApplication"] = async s =>
        {
            var id = await Mango(s);
            await s.Reviewer.Post($"/api/reviewer/vouchers/{id}/return", new { reason = "Bổ sung" }).Ok();
            return ($"/api/sme/vouchers/{id}/resubmit", new { requestedAmount = 1_000_000, purpose = "Đã bổ sung" });
        },
        ["WithdrawVoucher"] = async s => ($"/api/sme/vouchers/{await Mango(s)}/withdraw", new { reason = "Không còn nhu cầu" }),
        ["ConfirmDelivery"] = async s => ($"/api/sme/vouchers/{await Delivered(s)}/confirm-delivery", new { }),
        ["DisputeDeliveryAsSme"] = async s => ($"/api/sme/vouchers/{await Delivered(s)}/dispute", new { reason = "Chưa đạt" }),
        // reviewer
        ["ListVouchersForReview"] = _ => Task.FromResult<(string, object?)>(("/api/reviewer/vouchers", null)),
        ["GetVoucherForReview"] = async s => ($"/api/reviewer/vouchers/{await Mango(s)}", null),
        ["ListReviewQueue"] = _ => Task.FromResult<(string, object?)>(("/api/reviewer/queue?desk=Acceptance&sizeClass=Micro&serviceKind=LabTesting", null)),
        ["GetApplicationReview"] = async s => ($"/api/reviewer/vouchers/{await Mango(s)}/review", null),
        ["RecommendApplication"] = async s => ($"/api/reviewer/vouchers/{await Mango(s)}/recommend", new { note = "Đủ điều kiện" }),
        ["ReturnApplication"] = async s => ($"/api/reviewer/vouchers/{await Mango(s)}/return", new { reason = "Bổ sung" }),
        ["RejectApplication"] = async s => ($"/api/reviewer/vouchers/{await Mango(s)}/reject", new { reason = "Không đủ điều kiện" }),
        ["AcceptDelivery"] = async s => ($"/api/reviewer/vouchers/{await Confirmed(s)}/accept", new { decisionNumber = "BB-MX-1" }),
        ["RequestRework"] = async s => ($"/api/reviewer/vouchers/{await Confirmed(s)}/request-rework", new { reason = "Làm lại" }),
        ["DisputeDeliveryAsReviewer"] = async s => ($"/api/reviewer/vouchers/{await Delivered(s)}/dispute", new { reason = "Tranh chấp" }),
        ["ListEnterpriseProfileChanges"] = _ => Task.FromResult<(string, object?)>(("/api/reviewer/enterprise-changes", null)),
        ["ApproveEnterpriseProfileChange"] = async s => ($"/api/reviewer/enterprise-changes/{await s.PendingProfileChange()}/approve", new { note = "Đã đối chiếu BHXH" }),
        ["RejectEnterpriseProfileChange"] = async s => ($"/api/reviewer/enterprise-changes/{await s.PendingProfileChange()}/reject", new { reason = "Không khớp số liệu BHXH" }),
        // finance (a second officer: the scenario's approvals are the first officer's)
        ["AllocateBudget"] = async s => ($"/api/finance/funds/{(await DongThapFund(s))["id"]}/allocations",
            new { fiscalYear = 2026, amount = 1_000_000, decisionNumber = $"QĐ-MX-{Guid.NewGuid():N}"[..30], decisionDate = "2026-03-01" }),
        ["GetFundPositionForFinance"] = async s => ($"/api/finance/funds/{(await DongThapFund(s))["id"]}/positions/2026", null),
        ["ListFundsForFinance"] = _ => Task.FromResult<(string, object?)>(("/api/finance/funds", null)),
        ["GetFundDashboard"] = async s => ($"/api/finance/funds/{(await DongThapFund(s))["id"]}/dashboard/2026", null),
        ["ApproveProgramEnvelope"] = async s =>
        {
            var program = await s.Admin.Post("/api/admin/programs", ProgramBody((await DongThapFund(s))["id"]!.GetValue<string>(), 2026)).Ok();
            return ($"/api/finance/programs/{program["id"]}/approve-envelope", new { decisionNumber = $"QĐ-{Guid.NewGuid():N}"[..20], decisionDate = "2026-03-01" });
        },
        // programs' life (issue 16): a fresh Đồng Tháp program with an approved envelope, amended or closed by a decision
        ["TopUpProgramEnvelope"] = async s => ($"/api/finance/programs/{await OpenDongThapProgram(s)}/top-up",
            new { amount = 1_000_000, decisionNumber = $"QĐ-BS-{Guid.NewGuid():N}"[..20], decisionDate = "2026-03-16" }),
        ["ReduceProgramEnvelope"] = async s => ($"/api/finance/programs/{await OpenDongThapProgram(s)}/reduce",
            new { amount = 1_000_000, decisionNumber = $"QĐ-DC-{Guid.NewGuid():N}"[..20], decisionDate = "2026-03-16" }),
        ["AmendProgramSchedule"] = async s => ($"/api/finance/programs/{await OpenDongThapProgram(s)}/schedule", new
        {
            applicationOpens = "2026-01-01", applicationCloses = "2026-11-30", voucherValidityDays = 60,
            decisionNumber = $"QĐ-TG-{Guid.NewGuid():N}"[..20], decisionDate = "2026-03-16",
        }),
        ["CloseProgram"] = async s => ($"/api/finance/programs/{await OpenDongThapProgram(s)}/close",
            new { decisionNumber = $"QĐ-DONG-{Guid.NewGuid():N}"[..20], decisionDate = "2026-03-16" }),
        // the fiscal year end (issue 16): the commitments 2025 left open, one of them carried over by a decision
        ["ListYearEndCommitments"] = async s => ($"/api/finance/programs/{await OpenDongThapProgram(s)}/year-end/2025", null),
        ["DecideYearEnd"] = async s =>
        {
            var (programId, voucher) = await CommitmentOf2025(s);
            return ($"/api/finance/programs/{programId}/year-end/2025", new
            {
                decisionNumber = $"QĐ-CN-{Guid.NewGuid():N}"[..20], decisionDate = "2026-03-16", carryOver = new[] { voucher }, release = Array.Empty<string>(),
            });
        },
        ["ListVouchersForFinance"] = _ => Task.FromResult<(string, object?)>(("/api/finance/vouchers", null)),
        ["GetVoucherForFinance"] = async s => ($"/api/finance/vouchers/{await Mango(s)}", null),
        ["GetFinanceOutlook"] = async s => ($"/api/finance/vouchers/{await Mango(s)}/outlook", null),
        ["ApproveVoucher"] = async s =>
        {
            var id = await Mango(s);
            await s.Recommend(id);
            return ($"/api/finance/vouchers/{id}/approve", new { });
        },
        ["RejectApplicationAsFinance"] = async s =>
        {
            var id = await Mango(s);
            await s.Recommend(id);
            return ($"/api/finance/vouchers/{id}/reject", new { reason = "Không phê duyệt" });
        },
        ["CancelVoucher"] = async s =>
        {
            var id = await Mango(s);
            await s.Recommend(id);
            await s.Approve(id);
            return ($"/api/finance/vouchers/{id}/cancel", new { reason = "Hủy" });
        },
        ["SettleVoucher"] = async s => ($"/api/finance/vouchers/{await Claimed(s)}/settle", null),
        ["DisburseVoucher"] = async s => ($"/api/finance/vouchers/{await Settled(s)}/disburse", new { paymentReference = "UNC-MX-2" }),
        ["ClawBackVoucher"] = async s => ($"/api/finance/vouchers/{await Paid(s)}/claw-back", new { reason = "Thu hồi", amount = 1_000 }),
        // vouchers' validity and yearly size (issue 16)
        ["ExtendVoucher"] = async s =>
        {
            var id = await s.Issued(1_000_000); // a Đồng Tháp voucher, issued by Đồng Tháp's finance
            var until = DateOnly.Parse((await s.Finance.GetAsync($"/api/finance/vouchers/{id}").Ok())["voucher"]!["validUntil"]!.GetValue<string>(),
                System.Globalization.CultureInfo.InvariantCulture);
            return ($"/api/finance/vouchers/{id}/extend", new { validUntil = until.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), reason = "Gia hạn" });
        },
        // provider (the demo consultant's user)
        ["ListRedeemedVouchers"] = _ => Task.FromResult<(string, object?)>(("/api/provider/vouchers", null)),
        ["GetRedeemedVoucher"] = async s => ($"/api/provider/vouchers/{await Delivered(s)}", null),
        ["RedeemVoucher"] = async s =>
        {
            var id = await Mango(s);
            await s.Recommend(id);
            await s.Approve(id);
            return ("/api/provider/vouchers/redeem", new { token = await s.Token(id), contractValue = 2_000_000, contractNumber = "HĐ-MX" });
        },
        ["VerifyVoucherToken"] = async s => ("/api/provider/vouchers/verify", new { token = await s.Token(await s.Issued(1_000_000)) }),
        ["VerifyVoucherCode"] = async s =>
        {
            var voucher = (await s.Finance.GetAsync($"/api/finance/vouchers/{await s.Issued(1_000_000)}").Ok())["voucher"]!;
            return ("/api/provider/vouchers/verify-code", new { code = voucher["code"]!.GetValue<string>(), taxCode = voucher["enterpriseTaxCode"]!.GetValue<string>() });
        },
        ["QuoteRedemption"] = async s => ("/api/provider/vouchers/redeem/quote", new { token = await s.Token(await s.Issued(1_000_000)), contractValue = 2_000_000 }),
        ["GetVoucherQr"] = async s => ($"/api/sme/vouchers/{await s.Issued(1_000_000)}/qr", null),
        ["GetVoucherQrPng"] = async s => ($"/api/sme/vouchers/{await s.Issued(1_000_000)}/qr.png?scale=4", null),
        ["GetVoucherQrSvg"] = async s => ($"/api/sme/vouchers/{await s.Issued(1_000_000)}/qr.svg", null),
        ["GetVoucherCard"] = async s => ($"/api/sme/vouchers/{await s.Issued(1_000_000)}/card", null),
        ["ReissueVoucherQr"] = async s => ($"/api/sme/vouchers/{await s.Issued(1_000_000)}/qr/reissue", null),
        ["ReportDelivery"] = async s =>
        {
            var id = await Mango(s);
            await s.Recommend(id);
            await s.Approve(id);
            await s.Redeem(id, 2_000_000);
            return ($"/api/provider/vouchers/{id}/deliver", new { note = "Đã bàn giao" });
        },
        ["ClaimPayment"] = async s => ($"/api/provider/vouchers/{await Accepted(s)}/claim-payment", new { eInvoiceNumber = $"C26-{Guid.NewGuid():N}"[..20] }),
        // auditor
        ["ListTransfers"] = _ => Task.FromResult<(string, object?)>(("/api/auditor/ledger/transfers", null)),
        ["CheckLedger"] = _ => Task.FromResult<(string, object?)>(("/api/auditor/ledger/check", null)),
        ["Reconcile"] = _ => Task.FromResult<(string, object?)>(("/api/auditor/reconciliation/2026", null)),
        ["VerifyLedger"] = _ => Task.FromResult<(string, object?)>(("/api/auditor/ledger/verify", null)),
        ["VerifyLedgerAgainstPublished"] = _ => Task.FromResult<(string, object?)>(("/api/auditor/ledger/verify", new { publishedCheckpoints = Array.Empty<object>() })),
        ["GetFundPositionForAuditor"] = async s => ($"/api/auditor/funds/{(await DongThapFund(s))["id"]}/positions/2026", null),
        ["ListVouchersForAuditor"] = _ => Task.FromResult<(string, object?)>(("/api/auditor/vouchers", null)),
        ["GetVoucherForAuditor"] = async s => ($"/api/auditor/vouchers/{await Mango(s)}", null),
        ["ListAuditTrail"] = _ => Task.FromResult<(string, object?)>(("/api/auditor/audit-trail", null)),
        ["TraceFund"] = async s => ($"/api/auditor/trace/funds/{(await DongThapFund(s))["id"]}/2026", null),
        ["TraceProgram"] = async s => ($"/api/auditor/trace/programs/{(await s.Program())["id"]}?pageSize=5", null),
        ["TraceTransfer"] = async s => ($"/api/auditor/trace/transfers/{(await s.Auditor.GetAsync("/api/auditor/ledger/transfers?pageSize=1").Ok())["items"]![0]!["id"]}", null),
        ["TraceVoucher"] = async s => ($"/api/auditor/trace/vouchers/{await s.Issued(1_000_000)}", null),
        ["GetVoucherHistory"] = async s => ($"/api/auditor/vouchers/{await s.Issued(1_000_000)}/history", null),
        ["ExportAuditFiles"] = _ => Task.FromResult<(string, object?)>(("/api/auditor/exports?from=2026-03-01&to=2026-03-31", null)),
        // administrator
        ["CreateFund"] = _ => Task.FromResult<(string, object?)>(("/api/admin/funds", new { provinceCode = "hue", kind = "ArtificialIntelligence" })),
        ["ListFunds"] = _ => Task.FromResult<(string, object?)>(("/api/admin/funds", null)),
        ["CreateProgram"] = async s => ("/api/admin/programs", ProgramBody((await DongThapFund(s))["id"]!.GetValue<string>(), 2026)),
        ["RegisterProvider"] = _ => Task.FromResult<(string, object?)>(("/api/admin/providers", new
        {
            taxCode = Scenario.NewTaxCode(), name = "Phòng thử nghiệm Ma Trận", kind = "TestingLab", provinceCode = "dong-thap", accreditationNumber = "VILAS-MX",
            accreditedFrom = "2025-01-01", accreditedUntil = "2028-01-01", services = new[] { new { kind = "LabTesting", name = "Kiểm nghiệm", listPrice = 1_000_000 } },
        })),
        ["MakeCheckpoint"] = _ => Task.FromResult<(string, object?)>(("/api/admin/ledger/checkpoints", null)),
        // providers' life (issue 16): a consultant of Đồng Tháp's own (registered by its administrator), or one of Thanh Hóa accredited in Đồng Tháp
        ["AccreditProvider"] = async s =>
        {
            var thanhHoa = await s.As(TestUser.Admin.In("thanh-hoa")).Post("/api/admin/providers", new
            {
                taxCode = Scenario.NewTaxCode(), name = "Tư vấn Ma Trận Thanh Hóa", kind = "Consultant", provinceCode = "thanh-hoa", accreditationNumber = "TV-TH-MX",
                accreditedFrom = "2025-01-01", accreditedUntil = "2028-01-01",
                services = new[] { new { kind = "DigitalTransformationConsulting", name = "Tư vấn", listPrice = 1_000_000 } },
            }).Ok();
            return ($"/api/admin/providers/{thanhHoa["id"]}/accreditations", new
            {
                provinceCode = "dong-thap", accreditationNumber = "TV-DT-MX", accreditedFrom = "2026-01-01", accreditedUntil = "2028-01-01",
                decisionNumber = "QĐ-MX-16", decisionDate = "2025-12-20",
            });
        },
        ["RenewAccreditation"] = async s => ($"/api/admin/providers/{await s.NewConsultant()}/accreditations/dong-thap/renew", new
        {
            accreditationNumber = "TV-MX-2031", accreditedFrom = "2026-01-01", accreditedUntil = "2031-12-31", decisionNumber = "QĐ-MX-GH", decisionDate = "2025-12-30",
        }),
        ["SuspendAccreditation"] = async s => ($"/api/admin/providers/{await s.NewConsultant()}/accreditations/dong-thap/suspend",
            new { reason = "Vi phạm", decisionNumber = "QĐ-MX-TĐC", decisionDate = "2026-03-01" }),
        ["ReinstateAccreditation"] = async s =>
        {
            var consultant = await s.NewConsultant();
            await s.Admin.Post($"/api/admin/providers/{consultant}/accreditations/dong-thap/suspend",
                new { reason = "Vi phạm", decisionNumber = "QĐ-MX-TĐC", decisionDate = "2026-03-01" }, TestHttp.Key()).Ok();
            return ($"/api/admin/providers/{consultant}/accreditations/dong-thap/reinstate",
                new { reason = "Đã khắc phục", decisionNumber = "QĐ-MX-KP", decisionDate = "2026-03-10" });
        },
        ["GetProvider"] = async s => ($"/api/admin/providers/{await s.NewConsultant()}", null),
        ["UpdateProviderServices"] = async s => ($"/api/admin/providers/{await s.NewConsultant()}/price-lists",
            new { services = new[] { new { kind = "DigitalTransformationConsulting", name = "Tư vấn lộ trình", listPrice = 25_000_000 } } }),
        // public
        ["ListProvinces"] = _ => Task.FromResult<(string, object?)>(("/api/public/provinces", null)),
        ["ListPublicPrograms"] = _ => Task.FromResult<(string, object?)>(("/api/public/programs", null)),
        ["GetPublicProgram"] = async s => ($"/api/public/programs/{(await s.Program())["id"]}", null),
        ["ListPublicProviders"] = _ => Task.FromResult<(string, object?)>(("/api/public/providers", null)),
        ["ListPublicSupport"] = _ => Task.FromResult<(string, object?)>(("/api/public/support", null)),
        ["GetLifecycleDiagram"] = _ => Task.FromResult<(string, object?)>(("/api/public/lifecycle", null)),
        ["GetQrKeys"] = _ => Task.FromResult<(string, object?)>(("/api/public/qr-keys", null)),
        ["ListCheckpoints"] = _ => Task.FromResult<(string, object?)>(("/api/public/ledger/checkpoints", null)),
        ["GetCheckpointKeys"] = _ => Task.FromResult<(string, object?)>(("/api/public/ledger/checkpoint-keys", null)),
    };
}
