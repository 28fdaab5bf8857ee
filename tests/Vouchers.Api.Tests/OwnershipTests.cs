using Microsoft.Extensions.DependencyInjection;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Api.Tests;

/// <summary>No broken object-level authorisation: nobody sees or touches another's vouchers by guessing or knowing ids.</summary>
public class OwnershipTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly Scenario _s = new(factory);

    [Fact]
    public async Task SmeA_CannotReadOrActOnSmeBsVoucher_ItDoesNotExistForA()
    {
        var ofB = await _s.Issued(5_000_000);
        var a = _s.Sme(await _s.NewSme());
        var seen = await a.GetAsync($"/api/sme/vouchers/{ofB}").Problem(404);
        var missing = await a.GetAsync($"/api/sme/vouchers/{Guid.NewGuid()}").Problem(404);
        Assert.Equal(missing["code"]!.GetValue<string>(), seen["code"]!.GetValue<string>()); // indistinguishable from a missing one
        await a.Post($"/api/sme/vouchers/{ofB}/withdraw", new { reason = "không phải của tôi" }, TestHttp.Key()).Problem(404);
        await a.Post($"/api/sme/vouchers/{ofB}/dispute", new { reason = "x" }).Problem(404);
        var list = await a.GetAsync("/api/sme/vouchers?pageSize=100").Ok();
        Assert.DoesNotContain(list["items"]!.AsArray(), v => v!["id"]!.GetValue<string>() == ofB);

        var stillB = await _s.SmeOf(ofB).GetAsync($"/api/sme/vouchers/{ofB}").Ok();
        Assert.Equal("Issued", stillB["voucher"]!["status"]!.GetValue<string>());
        Assert.Contains((await _s.SmeOf(ofB).GetAsync("/api/sme/vouchers?pageSize=100").Ok())["items"]!.AsArray(),
            v => v!["id"]!.GetValue<string>() == ofB);
    }

    [Fact]
    public async Task TheListQueryItself_IsScopedToTheCaller_WhateverFiltersItIsSent()
    {
        var ofB = await _s.Issued(2_000_000);
        var b = (await _s.Auditor.GetAsync($"/api/auditor/vouchers/{ofB}").Ok())["voucher"]!["enterpriseTaxCode"]!.GetValue<string>();
        async Task<int> ListAs(Domain.Common.Actor actor, Application.Abstractions.Caller caller)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var rc = scope.ServiceProvider.GetRequiredService<Vouchers.Infrastructure.RequestContext>();
            rc.Actor = actor;
            rc.Caller = caller;
            var page = await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>()
                .Send(new Application.Vouchers.ListVouchers(TaxCode: b, PageSize: 100));
            return page.Items.Count(v => v.Id == Guid.Parse(ofB));
        }
        var smeA = TestUser.Sme(await _s.NewSme());
        var callerA = new Application.Abstractions.Caller(smeA.Subject, null, new HashSet<Application.Abstractions.Role> { Application.Abstractions.Role.Sme },
            Domain.Enterprises.TaxCode.Parse(smeA.TaxCode!), null);
        Assert.Equal(0, await ListAs(new(smeA.Subject, "sme"), callerA));                    // asks for B's tax code, gets nothing
        Assert.Equal(0, await ListAs(new(smeA.Subject, "admin"), callerA));                  // a role that sees no vouchers
        Assert.Equal(1, await ListAs(new("reviewer-an", "reviewer"), callerA with { Roles = new HashSet<Application.Abstractions.Role>(), ProvinceCode = "dong-thap" }));
        Assert.Equal(0, await ListAs(new("reviewer-khoa", "reviewer"), callerA with { Roles = new HashSet<Application.Abstractions.Role>(), ProvinceCode = "dong-nai" }));
        Assert.Equal(0, await ListAs(new("reviewer-none", "reviewer"), callerA with { Roles = new HashSet<Application.Abstractions.Role>() })); // no province: nothing
    }

    [Fact]
    public async Task ProviderA_CannotSeeOrActOnProviderBsRedemption()
    {
        var id = await _s.Issued(5_000_000);
        await _s.Redeem(id, 10_000_000, DemoData.ConsultantTaxCode);
        var a = _s.Provider(await _s.ProviderId(DemoData.LabTaxCode));
        await a.GetAsync($"/api/provider/vouchers/{id}").Problem(404);
        await a.Post($"/api/provider/vouchers/{id}/deliver", new { note = "giao hộ" }).Problem(404);
        await a.Post($"/api/provider/vouchers/{id}/claim-payment", new { eInvoiceNumber = "C26-1" }, TestHttp.Key()).Problem(404);
        Assert.DoesNotContain((await a.GetAsync("/api/provider/vouchers?pageSize=100").Ok())["items"]!.AsArray(),
            v => v!["id"]!.GetValue<string>() == id);
        var b = _s.ProviderOf(id);
        Assert.Equal("Redeemed", (await b.GetAsync($"/api/provider/vouchers/{id}").Ok())["voucher"]!["status"]!.GetValue<string>());
        Assert.Contains((await b.GetAsync("/api/provider/vouchers?pageSize=100").Ok())["items"]!.AsArray(), v => v!["id"]!.GetValue<string>() == id);
    }

    [Fact]
    public async Task AProvider_SeesAnUnredeemedVoucherOnlyByRedeemingIt()
    {
        var id = await _s.Issued(5_000_000);
        var provider = _s.Provider(await _s.ProviderId(DemoData.ConsultantTaxCode));
        await provider.GetAsync($"/api/provider/vouchers/{id}").Problem(404);
        var redeemed = await provider.Post("/api/provider/vouchers/redeem",
            new { token = await _s.Token(id), contractValue = 8_000_000, contractNumber = "HĐ-77" }, TestHttp.Key()).Ok();
        Assert.Equal("Redeemed", redeemed["status"]!.GetValue<string>());
        await provider.GetAsync($"/api/provider/vouchers/{id}").Ok();
    }

    [Fact]
    public async Task AnApplicationThatWasNeverIssued_HasNoQrToPresent()
    {
        var id = await _s.Apply(2_000_000);
        var none = await _s.SmeOf(id).GetAsync($"/api/sme/vouchers/{id}/qr").Problem(409);
        Assert.Equal("voucher.not-issued", none["code"]!.GetValue<string>());
        var provider = _s.Provider(await _s.ProviderId(DemoData.ConsultantTaxCode));
        var p = await provider.Post("/api/provider/vouchers/redeem",
            new { token = "VV1:" + id.ToUpperInvariant(), contractValue = 4_000_000, contractNumber = "HĐ-0" }, TestHttp.Key()).Problem(422);
        Assert.Equal("qr.format", p["code"]!.GetValue<string>()); // an id is not a voucher: only a signed token is
        Assert.Null(p["state"]); // nothing about the application leaks
    }

    [Fact]
    public async Task TheSmeEnterprise_IsTheOneTheTokenIsBoundTo()
    {
        var profile = await _s.Sme().GetAsync("/api/sme/enterprise").Ok();
        Assert.Equal(DemoData.MangoSmeTaxCode, profile["taxCode"]!.GetValue<string>());
        var other = await _s.Sme(DemoData.FoodSmeTaxCode).GetAsync("/api/sme/enterprise").Ok();
        Assert.Equal(DemoData.FoodSmeTaxCode, other["taxCode"]!.GetValue<string>());
    }
}
