using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Vouchers.Api.Tests;

/// <summary>
/// Issue 16: an enterprise declares its figures (and so its Decree 80 size class) per fiscal year; an application needs
/// the declaration of its program's year (refused otherwise, changing nothing), and the reviewer sees the declarations
/// year by year beside the profile the application was made under.
/// </summary>
public class SizeDeclarationApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly Scenario _s = new(factory);

    [Fact]
    public async Task AnApplication_UsesTheDeclarationOfItsProgramsYear_AndTheReviewerSeesEachYears()
    {
        var taxCode = await _s.NewSme(); // the 2026 figures: 30 staff in trade, small
        var sme = _s.Sme(taxCode);
        // next year's figures (80 staff: medium) replace the current declaration
        var declared = await sme.PutAsJsonAsync("/api/sme/enterprise", Scenario.Profile(taxCode, employees: 80, fiscalYear: 2027), TestHttp.Json).Ok();
        Assert.Equal(2027, declared["fiscalYear"]!.GetValue<int>());
        Assert.Equal("Medium", declared["sizeClass"]!.GetValue<string>());

        // a 2026 program needs the 2026 declaration: refused, and nothing changes
        var program = (await _s.Program())["id"]!.GetValue<string>();
        var before = StateFingerprint.Read(factory.Services);
        var refused = await sme.Post("/api/sme/applications", new
        {
            programId = program, serviceKind = "DigitalTransformationConsulting", requestedAmount = 10_000_000, purpose = "Lộ trình chuyển đổi số",
        }).Problem(422);
        Assert.Equal("enterprise.size-not-declared-for-year", refused["code"]!.GetValue<string>());
        Assert.Equal(before.Hash, StateFingerprint.Read(factory.Services).Hash);

        // the 2026 figures declared again: the application is taken, judged on them
        await sme.PutAsJsonAsync("/api/sme/enterprise", Scenario.Profile(taxCode, fiscalYear: 2026), TestHttp.Json).Ok();
        var id = await _s.Apply(10_000_000, taxCode);
        var view = await _s.Reviewer.GetAsync($"/api/reviewer/vouchers/{id}").Ok();
        Assert.Equal(2026, view["eligibility"]!["fiscalYear"]!.GetValue<int>());
        Assert.Equal("Small", view["eligibility"]!["sizeClass"]!.GetValue<string>());
        var years = view["sizeDeclarations"]!.AsArray();
        Assert.Equal([2027, 2026], years.Select(y => y!["fiscalYear"]!.GetValue<int>()));
        Assert.Equal(["Medium", "Small"], years.Select(y => y!["sizeClass"]!.GetValue<string>()));
        Assert.Equal(30, years[1]!["averageInsuredEmployees"]!.GetValue<int>());
        // and every change of year is in the recorded profile changes
        Assert.Contains(view["profileChanges"]!.AsArray(), c => c!["changes"]!.AsArray()
            .Any(f => f!["field"]!.GetValue<string>() == "fiscalYear" && f["old"]?.GetValue<string>() == "2027" && f["new"]!.GetValue<string>() == "2026"));
    }

    [Fact]
    public async Task AYearOutsideTheServicesRange_IsRefusedAsInput()
    {
        var taxCode = Scenario.NewTaxCode();
        var p = await _s.Sme(taxCode).PutAsJsonAsync("/api/sme/enterprise", Scenario.Profile(taxCode, fiscalYear: 1999), TestHttp.Json).Problem(400);
        Assert.NotNull(p["errors"]!["fiscalYear"]);
    }
}
