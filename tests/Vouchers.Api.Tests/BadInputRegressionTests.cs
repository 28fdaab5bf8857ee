using System.Text;

namespace Vouchers.Api.Tests;

/// <summary>The bugs the fuzz test found, one request each, so each stays fixed whatever the fuzz test's seed.</summary>
public class BadInputRegressionTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory] // VietnamTime.StartOf(0001-01-01) and 9999-12-31 + 1 day threw: 500
    [InlineData("/api/reviewer/vouchers?from=0001-01-01", "submittedFrom")]
    [InlineData("/api/reviewer/vouchers?to=9999-12-31", "submittedTo")]
    [InlineData("/api/auditor/audit-trail?from=0001-01-01", "from")]
    [InlineData("/api/auditor/audit-trail?to=9999-12-31", "to")]
    [InlineData("/api/auditor/exports?from=0001-01-01&to=0001-01-31", "from")] // the exports too: 500 until they had the same bound
    [InlineData("/api/auditor/exports?from=9999-12-01&to=9999-12-31", "to")]
    [InlineData("/api/auditor/exports?from=2199-12-31&to=2200-01-01", "to")]
    public async Task ADateFilterOutOfRange_Is400NamingIt(string url, string field)
    {
        var s = new Scenario(factory);
        var client = url.Contains("/reviewer/", StringComparison.Ordinal) ? s.Reviewer : s.Auditor;
        var problem = await client.GetAsync(url).Problem(400);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Theory] // PostgreSQL cannot hold NUL in text: the filter reached the database and answered 500 there (SQLite took it)
    [InlineData("subject")]
    [InlineData("action")]
    [InlineData("objectId")]
    public async Task AControlCharacterInAnAuditTrailFilter_Is400NamingIt(string field)
    {
        var problem = await new Scenario(factory).Auditor.GetAsync($"/api/auditor/audit-trail?{field}=a%00b").Problem(400);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact] // an endpoint that reads no body answered, then Kestrel could not drain 300 KB and dropped the connection under the next request
    public async Task ABodyOverTheLimit_Is413BeforeAnyEndpoint_AndTheNextRequestOnTheConnectionIsAnswered()
    {
        using var kestrel = new ApiFactory();
        kestrel.UseKestrel(0);
        kestrel.StartServer();
        using var finance = new HttpClient { BaseAddress = kestrel.ClientOptions.BaseAddress }.InEnglish(); // one keep-alive connection for both
        finance.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestIdentityProvider.Shared.Token(TestUser.Finance2));
        var url = $"/api/finance/vouchers/{Guid.NewGuid()}/settle"; // declares no body
        var big = new ByteArrayContent(new byte[300 * 1024]);
        big.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var tooLarge = await finance.SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = big, Headers = { { "Idempotency-Key", TestHttp.Key() } } });
        var problem = await Task.FromResult(tooLarge).Problem(413);
        Assert.Equal("request.too-large", problem["code"]!.GetValue<string>());
        Assert.True(tooLarge.Headers.ConnectionClose);
        await finance.Post(url, null, TestHttp.Key()).Problem(404); // answered, not "the response ended prematurely"
    }

    [Fact] // a left-out required value type bound as its default: sectorGroup = first member, capital 0, decision date 0001-01-01
    public async Task ALeftOutRequiredValue_Is400_AndNothingIsWritten()
    {
        var s = new Scenario(factory);
        var taxCode = await s.NewSme();
        var before = StateFingerprint.Read(factory.Services);
        await s.Sme(taxCode).PutAsync("/api/sme/enterprise", JsonContent("""
            {"name":"Công ty Thiếu","provinceCode":"dong-thap","communeWard":"Phường 1","sector":"Trade","averageInsuredEmployees":3,"annualRevenue":1000000000,"totalCapital":1}
            """)).Problem(400);
        var fund = (await s.Program())["fundId"]!.GetValue<string>();
        await s.Finance.PostRaw($"/api/finance/funds/{fund}/allocations", """{"fiscalYear":2026,"amount":1000000,"decisionNumber":"QĐ-THIEU"}""", TestHttp.Key()).Problem(400);
        Assert.Equal(before.Hash, StateFingerprint.Read(factory.Services).Hash);
    }

    [Fact] // an optional value may still be left out
    public async Task ALeftOutOptionalValue_IsStillAccepted() =>
        await new Scenario(factory).Finance.PostRaw($"/api/finance/vouchers/{Guid.NewGuid()}/approve", "{}", TestHttp.Key()).Problem(404);

    [Theory] // a null list passed NotEmpty to Must(l => l.Count …): NullReferenceException, 500
    [InlineData("services")]
    public async Task ANullList_Is400(string field)
    {
        var s = new Scenario(factory);
        var problem = await s.Admin.PostRaw("/api/admin/providers", $$"""
            {"taxCode":"{{Scenario.NewTaxCode()}}","name":"Phòng thử","kind":"TestingLab","provinceCode":"dong-thap","accreditationNumber":"V-1",
             "accreditedFrom":"2025-01-01","accreditedUntil":"2028-01-01","{{field}}":null}
            """).Problem(400);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact] // accredited until 9999-12-31 was registered
    public async Task AnAccreditationUntilTheYear9999_Is400() =>
        await new Scenario(factory).Admin.Post("/api/admin/providers", new
        {
            taxCode = Scenario.NewTaxCode(), name = "Phòng thử", kind = "TestingLab", provinceCode = "dong-thap", accreditationNumber = "V-2",
            accreditedFrom = "2025-01-01", accreditedUntil = "9999-12-31", services = new[] { new { kind = "LabTesting", name = "Kiểm nghiệm", listPrice = 1_000_000 } },
        }).Problem(400);

    [Theory] // a fund position of year 0, -1 or 1000000 was answered 200 with zeros
    [InlineData(0)]
    [InlineData(1_000_000)]
    public async Task AFundPositionOutsideTheFiscalYears_Is400(int year)
    {
        var s = new Scenario(factory);
        var fund = (await s.Program())["fundId"]!.GetValue<string>();
        await s.Auditor.GetAsync($"/api/auditor/funds/{fund}/positions/{year}").Problem(400);
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");
}
