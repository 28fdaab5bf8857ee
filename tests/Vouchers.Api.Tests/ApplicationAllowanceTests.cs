using Microsoft.Extensions.DependencyInjection;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Vouchers;

namespace Vouchers.Api.Tests;

/// <summary>
/// The caps an SME sees before it applies (the apply page, issue 17): its size class's caps in the program and what is
/// left of the yearly cap, read with the same sums the application's own check uses, so the page and the refusal agree.
/// </summary>
public class ApplicationAllowanceTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly Scenario _s = new(factory);

    private async Task<ApplicationAllowance> AllowanceAs(string callerTaxCode, string askedTaxCode, Guid programId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var rc = scope.ServiceProvider.GetRequiredService<Vouchers.Infrastructure.RequestContext>();
        var user = TestUser.Sme(callerTaxCode);
        rc.Actor = new(user.Subject, RoleNames.Sme);
        rc.Caller = new Caller(user.Subject, null, new HashSet<Role> { Role.Sme }, Domain.Enterprises.TaxCode.Parse(callerTaxCode), null);
        return await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Send(new GetApplicationAllowance(askedTaxCode, programId));
    }

    [Fact]
    public async Task TheAllowance_IsTheSizeClassCapsLessWhatIsHeld_AndAgreesWithTheApplicationsOwnCheck()
    {
        var program = Guid.Parse((await _s.Program())["id"]!.GetValue<string>());
        var sme = await _s.NewSme(); // small, trade and services: 50M per voucher, 50M a year in DT-CDS

        var fresh = await AllowanceAs(sme, sme, program);
        Assert.Equal(("Small", true, true), (fresh.SizeClass, fresh.SizeEligible, fresh.DeclaredForProgramYear));
        Assert.Equal((50_000_000L, 50_000_000L, 0L, 50_000_000L, 50_000_000L),
            (fresh.PerVoucher, fresh.PerSmePerYear, fresh.HeldThisYear, fresh.LeftThisYear, fresh.MostNow));

        await _s.Apply(20_000_000, sme, program.ToString());
        var after = await AllowanceAs(sme, sme, program);
        Assert.Equal((20_000_000L, 30_000_000L, 30_000_000L), (after.HeldThisYear, after.LeftThisYear, after.MostNow));

        // one đồng more than what is left is refused by the application itself; exactly what is left is accepted
        var refused = await _s.Sme(sme).Post("/api/sme/applications", new
        {
            programId = program, serviceKind = "DigitalTransformationConsulting", requestedAmount = after.MostNow + 1, purpose = "Thêm một đồng",
        }).Problem(422);
        Assert.Equal("program.per-sme-year-cap-exceeded", refused["code"]!.GetValue<string>());
        await _s.Apply(after.MostNow, sme, program.ToString());
        var full = await AllowanceAs(sme, sme, program);
        Assert.Equal((50_000_000L, 0L, 0L), (full.HeldThisYear, full.LeftThisYear, full.MostNow));
    }

    [Fact]
    public async Task AWithdrawnApplication_NoLongerCounts()
    {
        var program = Guid.Parse((await _s.Program())["id"]!.GetValue<string>());
        var sme = await _s.NewSme();
        var id = await _s.Apply(10_000_000, sme, program.ToString());
        Assert.Equal(10_000_000L, (await AllowanceAs(sme, sme, program)).HeldThisYear);
        await _s.Sme(sme).Post($"/api/sme/vouchers/{id}/withdraw", new { reason = "Không cần nữa" }, TestHttp.Key()).Ok();
        Assert.Equal((0L, 50_000_000L), ((await AllowanceAs(sme, sme, program)).HeldThisYear, (await AllowanceAs(sme, sme, program)).LeftThisYear));
    }

    [Fact]
    public async Task AnSme_CannotReadAnotherEnterprisesAllowance()
    {
        var program = Guid.Parse((await _s.Program())["id"]!.GetValue<string>());
        var a = await _s.NewSme();
        var b = await _s.NewSme();
        await Assert.ThrowsAsync<NotVisibleException>(() => AllowanceAs(a, b, program));
        await Assert.ThrowsAsync<Domain.Common.NotFoundException>(() => AllowanceAs(a, a, Guid.NewGuid())); // no such program
    }
}
