using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Vouchers.Application.Vouchers;

namespace Vouchers.Api.Tests;

public class ExpiryTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly Scenario _s = new(factory);

    [Fact]
    public async Task ExpiryRun_ExpiresOnlyVouchersPastTheirDate_AndReleasesTheirBudget()
    {
        var baseline = await _s.Position();
        var old = await _s.Issued(4_000_000);
        factory.Clock.Advance(TimeSpan.FromDays(60));
        var fresh = await _s.Issued(5_000_000);
        factory.Clock.Advance(TimeSpan.FromDays(40)); // old: 100 days after issue (validity 90) — fresh: 40 days
        try
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var expired = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ExpireDueVouchers());
            Assert.Equal(1, expired);
            var a = await _s.Auditor.GetAsync($"/api/auditor/vouchers/{old}").Ok();
            var b = await _s.Auditor.GetAsync($"/api/auditor/vouchers/{fresh}").Ok();
            Assert.Equal("Expired", a["voucher"]!["status"]!.GetValue<string>());
            Assert.Equal("system", a["history"]!.AsArray()[^1]!["actor"]!.GetValue<string>());
            Assert.Equal("Issued", b["voucher"]!["status"]!.GetValue<string>());
            var after = await _s.Position();
            Assert.Equal(baseline["committed"]!.GetValue<long>() + 5_000_000, after["committed"]!.GetValue<long>());
        }
        finally
        {
            factory.Clock.Advance(TimeSpan.FromDays(-100));
        }
        await _s.AssertLedgerHolds();
    }
}
