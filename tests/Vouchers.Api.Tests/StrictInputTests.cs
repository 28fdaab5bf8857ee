using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Vouchers.Api.Tests;

/// <summary>
/// Input the service used to take too loosely (issue 13): a JSON body that says one thing twice, in another case, or
/// an amount as a string; an enum in a query string by number; a required text made only of invisible characters; a
/// body that is not JSON at all. Each is refused with a 4xx problem that names the field, and nothing is written.
/// </summary>
public class StrictInputTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private Task<JsonNode> RefusedAndNothingWritten(Func<Task<HttpResponseMessage>> call, int status) =>
        StateFingerprint.AssertUnchangedBy(factory.Services, () => call().Problem(status));

    // ---- JSON bodies ----------------------------------------------------------------------------------------

    [Theory]
    [InlineData("""{"programId":"{P}","serviceKind":"DigitalTransformationConsulting","requestedAmount":1000,"requestedAmount":20000001,"purpose":"Hai lần"}""", "requestedAmount")]
    [InlineData("""{"programId":"{P}","serviceKind":"DigitalTransformationConsulting","requestedAmount":1000,"purpose":"Một","purpose":"Hai"}""", "purpose")]
    [InlineData("""{"programId":"{P}","serviceKind":"DigitalTransformationConsulting","RequestedAmount":1000,"purpose":"Chữ hoa"}""", "RequestedAmount")]
    [InlineData("""{"programId":"{P}","serviceKind":"DigitalTransformationConsulting","REQUESTEDAMOUNT":1000,"purpose":"Chữ hoa"}""", "REQUESTEDAMOUNT")]
    [InlineData("""{"programId":"{P}","serviceKind":"DigitalTransformationConsulting","requestedAmount":1000,"requestedamount":2000,"purpose":"Hai cách viết"}""", "requestedamount")]
    [InlineData("""{"programId":"{P}","serviceKind":"DigitalTransformationConsulting","requestedAmount":"1000","purpose":"Số dạng chuỗi"}""", "requestedAmount")]
    public async Task AnApplicationBodyTakenTooLoosely_Is400Malformed_NamingTheField(string body, string field)
    {
        var s = new Scenario(factory);
        var sme = s.Sme(await s.NewSme());
        var json = body.Replace("{P}", (await s.Program())["id"]!.GetValue<string>(), StringComparison.Ordinal);
        var problem = await RefusedAndNothingWritten(() => sme.PostRaw("/api/sme/applications", json), 400);
        Assert.Equal("request.malformed", problem["code"]!.GetValue<string>());
        Assert.Equal(field, problem["field"]?.GetValue<string>());
        // the control: the same body, said once and as the document says it
        await sme.Post("/api/sme/applications", new { programId = (await s.Program())["id"]!.GetValue<string>(), serviceKind = "DigitalTransformationConsulting", requestedAmount = 1_000_000, purpose = "Một lần" }).Ok(201);
    }

    [Theory]
    [InlineData("""{"amount":1000000,"amount":1000}""", "amount")]
    [InlineData("""{"Amount":1000}""", "Amount")]
    [InlineData("""{"amount":"1000"}""", "amount")]
    public async Task AMoneyCommandBodyTakenTooLoosely_Is400Malformed(string body, string field)
    {
        var s = new Scenario(factory);
        var id = await s.Apply(1_000_000);
        await s.Recommend(id);
        var problem = await RefusedAndNothingWritten(() => s.Finance.PostRaw($"/api/finance/vouchers/{id}/approve", body, TestHttp.Key()), 400);
        Assert.Equal("request.malformed", problem["code"]!.GetValue<string>());
        Assert.Equal(field, problem["field"]?.GetValue<string>());
        await s.Approve(id);
    }

    // ---- enums in query strings ------------------------------------------------------------------------------

    [Theory]
    [InlineData("/api/reviewer/vouchers?status=6", "status")]
    [InlineData("/api/reviewer/vouchers?status=0", "status")]
    [InlineData("/api/reviewer/vouchers?status=Submitted,Issued", "status")]
    [InlineData("/api/auditor/vouchers?status=1", "status")]
    [InlineData("/api/auditor/audit-trail?outcome=1", "outcome")]
    [InlineData("/api/auditor/audit-trail?outcome=99", "outcome")]
    [InlineData("/api/public/programs?status=1", "status")]
    [InlineData("/api/public/providers?kind=1", "kind")]
    public async Task AnEnumInAQueryByNumber_Is400Malformed_NamingTheParameter(string url, string parameter)
    {
        var s = new Scenario(factory);
        var client = url.Contains("/reviewer/", StringComparison.Ordinal) ? s.Reviewer : url.Contains("/auditor/", StringComparison.Ordinal) ? s.Auditor : s.Public;
        var problem = await client.GetAsync(url).Problem(400);
        Assert.Equal("request.malformed", problem["code"]!.GetValue<string>());
        Assert.Equal(parameter, problem["field"]?.GetValue<string>());
        await client.GetAsync(url.Split('=')[0] + "=" + (parameter == "kind" ? "TestingLab" : parameter == "outcome" ? "Refused" : url.Contains("programs", StringComparison.Ordinal) ? "Open" : "Submitted")).Ok(); // by name: the control
    }

    [Fact]
    public async Task AnSmeListByStatusNumber_Is400()
    {
        var s = new Scenario(factory);
        var sme = s.Sme(await s.NewSme());
        await sme.GetAsync("/api/sme/vouchers?status=Submitted").Ok();
        Assert.Equal("status", (await sme.GetAsync("/api/sme/vouchers?status=1").Problem(400))["field"]?.GetValue<string>());
    }

    // ---- invisible text ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u200C\u200D")]
    [InlineData("\u2060")]
    [InlineData("\uFEFF")]
    [InlineData(" \u200B\t\u00AD ")]
    public async Task ARequiredReasonOfInvisibleCharactersOnly_Is400Required_AndNothingIsWritten(string reason)
    {
        var s = new Scenario(factory);
        var id = await s.Apply(1_000_000);
        var problem = await RefusedAndNothingWritten(() => s.Reviewer.Post($"/api/reviewer/vouchers/{id}/return", new { reason }), 400);
        Assert.Contains("is required.", problem["errors"]!["reason"]!.AsArray().Select(e => e!.GetValue<string>()));
        await s.Reviewer.Post($"/api/reviewer/vouchers/{id}/return", new { reason = "Bổ sung hồ sơ" }).Ok(); // the control
    }

    [Fact]
    public async Task AnInvisibleCharacterInsideText_Is400NamingTheField()
    {
        var s = new Scenario(factory);
        var id = await s.Apply(1_000_000);
        var problem = await RefusedAndNothingWritten(() => s.Reviewer.Post($"/api/reviewer/vouchers/{id}/return", new { reason = "Bổ\u200Bsung" }), 400);
        Assert.NotNull(problem["errors"]!["reason"]);
    }

    // ---- a body that is not JSON -------------------------------------------------------------------------------

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task ABodyThatIsNotJson_Is415_AuditedAsSuch_NotAsAnAuthorisationRefusal(string contentType)
    {
        var s = new Scenario(factory);
        var taxCode = await s.NewSme();
        var content = new StringContent($$"""{"programId":"{{(await s.Program())["id"]}}","serviceKind":"DigitalTransformationConsulting","requestedAmount":1000,"purpose":"x"}""", Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var problem = await RefusedAndNothingWritten(() => s.Sme(taxCode).PostAsync("/api/sme/applications", content), 415);
        Assert.Equal("request.unsupported-media-type", problem["code"]!.GetValue<string>());

        var line = (await s.Auditor.GetAsync($"/api/auditor/audit-trail?subject=sme-{taxCode}&pageSize=100").Ok())["items"]!.AsArray()
            .Single(l => l!["path"]!.GetValue<string>() == "/api/sme/applications")!;
        Assert.Equal(415, line["statusCode"]!.GetValue<int>());
        Assert.Equal("request.unsupported-media-type", line["reasonCode"]!.GetValue<string>());
    }

    [Fact]
    public async Task ABodyThatIsNotJson_ToAMoneyCommand_Is415()
    {
        var s = new Scenario(factory);
        var id = await s.Apply(1_000_000);
        await s.Recommend(id);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/finance/vouchers/{id}/approve") { Content = new StringContent("{}", Encoding.UTF8, "text/plain") };
        request.Headers.Add("Idempotency-Key", TestHttp.Key());
        var problem = await RefusedAndNothingWritten(() => s.Finance.SendAsync(request), 415);
        Assert.Equal("request.unsupported-media-type", problem["code"]!.GetValue<string>());
        await s.Approve(id);
    }
}
