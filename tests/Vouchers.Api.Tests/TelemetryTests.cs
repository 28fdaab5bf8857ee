using System.Diagnostics.Metrics;
using Vouchers.Infrastructure.Telemetry;

namespace Vouchers.Api.Tests;

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
