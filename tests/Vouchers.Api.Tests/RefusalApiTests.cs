using Vouchers.Infrastructure.Demo;

namespace Vouchers.Api.Tests;

public class RefusalApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly Scenario _s = new(factory);

    [Fact]
    public async Task ApprovingTwice_IsAConflict_ThatSaysWhatIsAllowedNow()
    {
        var id = await _s.Issued(5_000_000);
        var p = await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }, TestHttp.Key()).Problem(409);
        Assert.Equal("voucher.illegal-transition", p["code"]!.GetValue<string>());
        Assert.Equal("Issued", p["state"]!.GetValue<string>());
        Assert.Equal(["Withdraw", "Extend", "Cancel", "Redeem"], p["allowedTransitions"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    [Fact]
    public async Task Applying_AboveTheCap_IsRefusedWithTheRuleName()
    {
        var program = await _s.Program();
        var p = await _s.Sme().Post("/api/sme/applications", new
        {
            programId = program["id"]!.GetValue<string>(), serviceKind = "DigitalTransformationConsulting", requestedAmount = 20_000_001, purpose = "x",
        }).Problem(422);
        Assert.Equal("program.per-voucher-cap-exceeded", p["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvalidFields_AreNamedWithTheirReasons()
    {
        var p = await _s.Sme().Post("/api/sme/applications", new
        {
            programId = Guid.Empty, serviceKind = "DigitalTransformationConsulting", requestedAmount = -5, purpose = "",
        }).Problem(400);
        var errors = p["errors"]!.AsObject();
        Assert.Contains("programId", errors.Select(e => e.Key));
        Assert.Contains("requestedAmount", errors.Select(e => e.Key));
        Assert.Contains("purpose", errors.Select(e => e.Key));
    }

    [Fact]
    public async Task AnSmeToken_WithAnInvalidTaxCode_IsRefused()
    {
        // 0100109107 fails the check digit: the binding is dropped, and an SME without a binding is no SME
        var sme = factory.As(new TestUser("sme-bad-code", [Application.Abstractions.Role.Sme], TaxCode: "0100109107"));
        var p = await sme.GetAsync("/api/sme/enterprise").Problem(403);
        Assert.Equal("auth.forbidden", p["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUnknownVoucher_IsNotFound()
    {
        var p = await _s.Sme().GetAsync($"/api/sme/vouchers/{Guid.NewGuid()}").Problem(404);
        Assert.Equal("not-found", p["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownFields_AreRefused_SoNoClientCanSetWhatTheSystemDecides()
    {
        var id = await _s.Issued(5_000_000);
        var provider = _s.Provider(await _s.ProviderId(DemoData.ConsultantTaxCode));
        var token = await _s.Token(id);
        await provider.PostRaw("/api/provider/vouchers/redeem",
            $$"""{"token": "{{token}}", "contractValue": 10000000, "contractNumber": "HĐ-9", "supportAmount": 10000000}""", TestHttp.Key()).Problem(400);
        var v = await _s.SmeOf(id).GetAsync($"/api/sme/vouchers/{id}").Ok();
        Assert.Equal("Issued", v["voucher"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task MalformedJson_AndWrongTypes_AreBadRequests()
    {
        var id = await _s.Apply(1_000_000);
        var p = await _s.Reviewer.PostRaw($"/api/reviewer/vouchers/{id}/reject", """{"reason": """).Problem(400);
        Assert.Equal("request.malformed", p["code"]!.GetValue<string>());
        var q = await _s.Reviewer.GetAsync("/api/reviewer/vouchers?status=Bogus").Problem(400);
        Assert.Equal("request.malformed", q["code"]!.GetValue<string>());
        await _s.Finance.PostRaw($"/api/finance/vouchers/{id}/approve", """{"amount": "lots"}""", TestHttp.Key()).Problem(400);
        await _s.Finance.PostRaw($"/api/finance/vouchers/{id}/approve", """{"amount": 99999999999999999999999}""", TestHttp.Key()).Problem(400);
    }

    [Fact]
    public async Task MoneyMovingCommands_WithoutAnIdempotencyKey_AreRefused()
    {
        var id = await _s.Apply(1_000_000);
        await _s.Recommend(id);
        var p = await _s.Finance.Post($"/api/finance/vouchers/{id}/approve", new { }).Problem(400);
        Assert.Equal("idempotency.key-required", p["code"]!.GetValue<string>());
        var v = await _s.SmeOf(id).GetAsync($"/api/sme/vouchers/{id}").Ok();
        Assert.Equal("Recommended", v["voucher"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnotherProvider_CannotDeliverOrClaimARedeemedVoucher_ItDoesNotExistForThem()
    {
        var id = await _s.Issued(5_000_000);
        await _s.Redeem(id, 10_000_000);
        var other = _s.Provider(await _s.ProviderId(DemoData.VendorTaxCode));
        await other.Post($"/api/provider/vouchers/{id}/deliver", new { note = "Không phải của tôi" }).Problem(404);
        await other.Post($"/api/provider/vouchers/{id}/claim-payment", new { eInvoiceNumber = "X-1" }, TestHttp.Key()).Problem(404);
        await other.GetAsync($"/api/provider/vouchers/{id}").Problem(404);
        var v = await _s.SmeOf(id).GetAsync($"/api/sme/vouchers/{id}").Ok();
        Assert.Equal("Redeemed", v["voucher"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheOpenApiDocument_DeclaresTheIdempotencyKeyOnMoneyMovingOperations()
    {
        var doc = await _s.Public.GetAsync("/openapi/v1.json").Ok();
        var approve = doc["paths"]!["/api/finance/vouchers/{id}/approve"]!["post"]!;
        Assert.Contains(approve["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "Idempotency-Key" && p["required"]!.GetValue<bool>());
        var recommend = doc["paths"]!["/api/reviewer/vouchers/{id}/recommend"]!["post"]!;
        Assert.DoesNotContain(recommend["parameters"]?.AsArray() ?? [], p => p!["name"]!.GetValue<string>() == "Idempotency-Key");
    }

    [Fact]
    public async Task PageSizesAboveTheLimit_AreRefused()
    {
        var p = await _s.Reviewer.GetAsync("/api/reviewer/vouchers?pageSize=1000").Problem(400);
        Assert.Contains("pageSize", p["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task VietnameseText_RoundTripsAsNfc()
    {
        var program = await _s.Program();
        var nfd = "Tư vấn ứng dụng phần mềm quản lý vườn xoài, đồng bằng sông Cửu Long".Normalize(System.Text.NormalizationForm.FormD);
        var v = await _s.Sme().Post("/api/sme/applications", new
        {
            programId = program["id"]!.GetValue<string>(), serviceKind = "DigitalTransformationConsulting", requestedAmount = 1_000_000, purpose = nfd,
        }).Ok(201);
        Assert.Equal(nfd.Normalize(System.Text.NormalizationForm.FormC), v["purpose"]!.GetValue<string>());
    }
}
