using System.Diagnostics.Metrics;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Vouchers.Application.Vouchers;
using Vouchers.Infrastructure.Telemetry;

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

/// <summary>The business meters are static (one per process), so nothing else may approve while this test listens.</summary>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryCollection;

[Collection(nameof(TelemetryTests))]
public class TelemetryTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly Scenario _s = new(factory);

    [Fact]
    public async Task Approvals_AreCountedInBusinessMetrics_InVnd()
    {
        long approvals = 0, committed = 0;
        string? committedUnit = null;
        var id = await _s.Apply(7_000_000);
        await _s.Recommend(id);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) => { if (i.Meter.Name == VouchersTelemetry.Name) l.EnableMeasurementEvents(i); };
        listener.SetMeasurementEventCallback<long>((i, value, _, _) =>
        {
            if (i.Name == "vouchers.approvals") Interlocked.Add(ref approvals, value);
            if (i.Name == "vouchers.committed") { Interlocked.Add(ref committed, value); committedUnit = i.Unit; }
        });
        listener.Start();
        await _s.Approve(id);
        Assert.True(Interlocked.Read(ref approvals) >= 1);
        Assert.True(Interlocked.Read(ref committed) >= 7_000_000);
        Assert.Equal(1, Interlocked.Read(ref approvals)); // this approval, and only it
        Assert.Equal(7_000_000, Interlocked.Read(ref committed));
        Assert.Equal("VND", committedUnit);
    }
}
