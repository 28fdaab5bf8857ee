using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Vouchers.Application.Abstractions;

namespace Vouchers.Api.Tests;

/// <summary>
/// The province dimension of the role matrix, generated from the same OpenAPI document and the same example requests
/// (<see cref="RoleMatrixTests.Examples"/>, made on Đồng Tháp's objects): every staff operation called by the officer
/// of that role in another province (Đồng Nai) finds nothing of Đồng Tháp and changes nothing — an id answers 404, a
/// command naming Đồng Tháp 403 <c>province.out-of-scope</c>, a list or report holds none of Đồng Tháp's rows — while
/// a national auditor reads what Đồng Tháp's own auditor reads. The operations about the one chain (verify, check,
/// seal a checkpoint) are the same for every province by design (docs/decisions/0014) and are listed here by name.
/// </summary>
public class ProvinceMatrixTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Home = TestUser.HomeProvince, Other = "dong-nai";

    /// <summary>Whole-chain operations: their answer is about the one ledger, not about a province's rows.</summary>
    private static readonly HashSet<string> WholeChain = ["VerifyLedger", "VerifyLedgerAgainstPublished", "CheckLedger", "MakeCheckpoint"];

    /// <summary>
    /// Reference data of every province: a provider is registered once and accredited by each province that wants it,
    /// and the public list (<c>GET /api/public/providers</c>) shows the same view of every provider, accreditations and
    /// prices included. Another province's administrator reads it (to accredit it in their own province) and changes
    /// nothing; what they may change is the commands' to decide, and those are in the matrix.
    /// </summary>
    private static readonly HashSet<string> PublicReference = ["GetProvider"];

    public static TheoryData<string, string, string> StaffOperations()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var row in RoleMatrixTests.Operations())
        {
            var (method, path, operationId) = ((string)row[0], (string)row[1], (string)row[2]);
            if (ProvinceScope.IsStaff(RoleMatrixTests.ExpectedRole(path)))
                data.Add(method, path, operationId);
        }
        return data;
    }

    private static TestUser OfficerOf(string role) => role switch
    {
        RoleNames.Reviewer => TestUser.Reviewer,
        RoleNames.Finance => TestUser.Finance,
        RoleNames.Auditor => TestUser.Auditor,
        _ => TestUser.Admin,
    };

    [Fact]
    public void EveryStaffGroupIsInTheMatrix()
    {
        var ops = StaffOperations().Select(r => (string)r[1]).ToList();
        foreach (var prefix in new[] { "/api/reviewer/", "/api/finance/", "/api/auditor/", "/api/admin/" })
            Assert.Contains(ops, p => p.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(ops.Count >= 30, $"only {ops.Count} staff operations");
    }

    [Theory]
    [MemberData(nameof(StaffOperations))]
    public async Task AnOfficerOfAnotherProvince_FindsNothingOfThisOne_AndChangesNothing(string method, string path, string operationId)
    {
        var s = new Scenario(factory);
        var (url, body) = await RoleMatrixTests.Examples[operationId](s);
        var role = RoleMatrixTests.ExpectedRole(path);
        var officer = s.As(OfficerOf(role).In(Other));
        if (WholeChain.Contains(operationId) || PublicReference.Contains(operationId))
        {
            var chain = await RoleMatrixTests.Send(officer, method, url, body);
            Assert.True(chain.IsSuccessStatusCode, $"{operationId} by {Other}'s {role}: {(int)chain.StatusCode} {await chain.Content.ReadAsStringAsync()}");
            return;
        }
        var home = await HomeIds(s);

        var before = StateFingerprint.Read(factory.Services);
        var response = await RoleMatrixTests.Send(officer, method, url, body);
        var text = await Text(response);
        Assert.True(before.Hash == StateFingerprint.Read(factory.Services).Hash, $"{operationId} by {Other}'s {role} wrote: {(int)response.StatusCode} {text}");

        if (method == "GET" && !IdRoute.IsMatch(path))
        {
            // a list or report: answered, and none of Đồng Tháp's rows in it
            Assert.True(response.IsSuccessStatusCode, $"{operationId} by {Other}'s {role}: {(int)response.StatusCode} {text}");
            if (operationId == "ListAuditTrail")
                Assert.All(JsonNode.Parse(text)!["items"]!.AsArray(), l => Assert.Equal(Other, l!["provinceCode"]?.GetValue<string>()));
            else
            {
                Assert.DoesNotContain(Home, text, StringComparison.Ordinal);
                Assert.DoesNotContain("Đồng Tháp", text, StringComparison.Ordinal);
                foreach (var id in home) Assert.DoesNotContain(id, text, StringComparison.Ordinal);
            }
        }
        else
        {
            // an object of Đồng Tháp by id: as if it did not exist; a command naming Đồng Tháp: out of scope
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden,
                $"{operationId} by {Other}'s {role}: expected 404 or 403, got {(int)response.StatusCode} {text}");
            var code = JsonNode.Parse(text)!["code"]!.GetValue<string>();
            Assert.True(code is "not-found" or "province.out-of-scope", $"{operationId}: {code}");
        }

        // Đồng Tháp's own officer is answered (the refusal above is the province's, not the example's)
        if (method == "GET")
        {
            var own = await RoleMatrixTests.Send(s.As(OfficerOf(role)), method, url, body);
            Assert.True(own.IsSuccessStatusCode, $"{operationId} by {Home}'s {role}: {(int)own.StatusCode}");
        }
    }

    public static TheoryData<string, string, string> AuditorReads()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var row in StaffOperations())
            if ((string)row[0] == "GET" && RoleMatrixTests.ExpectedRole((string)row[1]) == RoleNames.Auditor)
                data.Add((string)row[0], (string)row[1], (string)row[2]);
        return data;
    }

    [Theory]
    [MemberData(nameof(AuditorReads))]
    public async Task ANationalAuditor_ReadsWhatTheProvincesAuditorReads(string method, string path, string operationId)
    {
        var s = new Scenario(factory);
        var (url, body) = await RoleMatrixTests.Examples[operationId](s);
        var own = await RoleMatrixTests.Send(s.Auditor, method, url, body);
        var national = await RoleMatrixTests.Send(s.NationalAuditor, method, url, body);
        Assert.True(own.IsSuccessStatusCode, $"{operationId} ({path}) by {Home}'s auditor: {(int)own.StatusCode}");
        Assert.True(national.IsSuccessStatusCode, $"{operationId} ({path}) by the national auditor: {(int)national.StatusCode} {await national.Content.ReadAsStringAsync()}");
        // one object (a voucher, a fund's position, a trace): the same answer, word for word; a list may hold more
        if (IdRoute.IsMatch(path) && own.Content.Headers.ContentType?.MediaType == "application/json")
            Assert.Equal(await own.Content.ReadAsStringAsync(), await national.Content.ReadAsStringAsync());
    }

    /// <summary>A path that names one object by id (not a list or a report of a year).</summary>
    private static readonly System.Text.RegularExpressions.Regex IdRoute = new(@"\{(id|\w+Id)\}");

    [Fact]
    public async Task AStaffTokenWithoutAProvince_IsRefusedEverywhere_AndOneNamingAnUnknownProvinceToo()
    {
        var s = new Scenario(factory);
        var voucher = await s.Issued(2_000_000);
        foreach (var province in new string?[] { null, "atlantis" })
        {
            var token = TestIdentityProvider.Shared.Token($"reviewer-{province ?? "none"}", [RoleNames.Reviewer], province: province);
            await factory.WithToken(token).GetAsync($"/api/reviewer/vouchers/{voucher}").Problem(403);
        }
        var national = TestIdentityProvider.Shared.Token("reviewer-ministry", [RoleNames.Reviewer], province: TestUser.National);
        await factory.WithToken(national).GetAsync($"/api/reviewer/vouchers/{voucher}").Ok();
    }

    [Fact]
    public async Task EachProvincesAuditTrail_HoldsItsOwnLines_AndAProbeOfAnotherProvinceJoinsTheProbersTrail()
    {
        var s = new Scenario(factory);
        var voucher = await s.Issued(2_000_000);
        var probe = new TestUser($"finance-probe-{Guid.NewGuid():N}", [Role.Finance], Province: Other);
        await s.As(probe).Post($"/api/finance/vouchers/{voucher}/cancel", new { reason = "Thử" }, TestHttp.Key()).Problem(404);
        var ofOther = (await s.As(TestUser.Auditor.In(Other)).GetAsync($"/api/auditor/audit-trail?subject={Uri.EscapeDataString(probe.Subject)}&pageSize=100").Ok())["items"]!.AsArray();
        var line = Assert.Single(ofOther)!;
        Assert.Equal(("not-found", Other), (line["reasonCode"]!.GetValue<string>(), line["provinceCode"]!.GetValue<string>()));
        Assert.Empty((await s.Auditor.GetAsync($"/api/auditor/audit-trail?subject={Uri.EscapeDataString(probe.Subject)}&pageSize=100").Ok())["items"]!.AsArray());
        Assert.Single((await s.NationalAuditor.GetAsync($"/api/auditor/audit-trail?subject={Uri.EscapeDataString(probe.Subject)}&pageSize=100").Ok())["items"]!.AsArray());
        // the voucher's own lines are Đồng Tháp's
        var lines = (await s.Auditor.GetAsync($"/api/auditor/audit-trail?objectId={voucher}&pageSize=100").Ok())["items"]!.AsArray();
        Assert.Contains(lines, l => l!["action"]!.GetValue<string>() == "ApproveVoucher");
        Assert.All(lines, l => Assert.Equal(Home, l!["provinceCode"]!.GetValue<string>()));
    }

    /// <summary>The ids of Đồng Tháp's funds, programs and vouchers, as the national auditor and the public see them.</summary>
    private async Task<IReadOnlyList<string>> HomeIds(Scenario s)
    {
        var ids = new List<string>();
        foreach (var p in (await s.Public.GetAsync($"/api/public/programs?province={Home}&pageSize=100").Ok())["items"]!.AsArray())
            ids.AddRange([p!["id"]!.GetValue<string>(), p["fundId"]!.GetValue<string>()]);
        for (var page = 1; ; page++)
        {
            var vouchers = await s.NationalAuditor.GetAsync($"/api/auditor/vouchers?province={Home}&page={page}&pageSize=100").Ok();
            var items = vouchers["items"]!.AsArray();
            ids.AddRange(items.Select(v => v!["id"]!.GetValue<string>()));
            if (items.Count < 100) break;
        }
        return ids.Distinct().ToList();
    }

    private static async Task<string> Text(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/zip") return await response.Content.ReadAsStringAsync();
        return string.Concat(TestHttp.ZipEntries(await response.Content.ReadAsByteArrayAsync()).Values.Select(Encoding.UTF8.GetString));
    }
}
