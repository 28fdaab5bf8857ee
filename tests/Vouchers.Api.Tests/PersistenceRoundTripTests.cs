using Vouchers.Infrastructure.Demo;

namespace Vouchers.Api.Tests;

public class PersistenceRoundTripTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ProgramCapsAndProviderPrices_SurviveTheDatabase()
    {
        var s = new Scenario(factory);
        var program = await s.Program();
        Assert.Equal(20_000_000, program["caps"]!.AsArray().Single(c => c!["size"]!.GetValue<string>() == "Micro")!["perVoucher"]!.GetValue<long>());
        var providers = await s.Public.GetAsync("/api/public/providers?pageSize=100").Ok();
        Assert.All(providers["items"]!.AsArray().SelectMany(p => p!["services"]!.AsArray()), svc => Assert.True(svc!["listPrice"]!.GetValue<long>() > 0));
        // the seeded values themselves came back (an empty services column would pass the line above)
        var lab = providers["items"]!.AsArray().Single(p => p!["taxCode"]!.GetValue<string>() == DemoData.LabTaxCode)!;
        var service = Assert.Single(lab["services"]!.AsArray())!;
        Assert.Equal(("LabTesting", 12_000_000L), (service["kind"]!.GetValue<string>(), service["listPrice"]!.GetValue<long>()));
    }
}
