using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
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

/// <summary>The service as configured for production tracing, with in-memory exporters beside it.</summary>
public sealed class TracedApiFactory : ApiFactory
{
    public List<Activity> Spans { get; } = [];
    public List<Metric> Metrics { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s =>
        {
            s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans));
            s.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(Metrics));
        });
    }
}

[Collection(nameof(TelemetryTests))]
public class TracingTests(TracedApiFactory factory) : IClassFixture<TracedApiFactory>
{
    [Fact]
    public async Task AnApproval_IsOneTrace_OfTheHttpRequest_ItsCommand_AndTheCommandsDatabaseCalls_AndItsAmountIsMeteredInVnd()
    {
        var s = new Scenario(factory);
        var id = await s.Apply(7_000_000);
        await s.Recommend(id);
        await s.Approve(id);
        Assert.True(factory.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        Assert.True(factory.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));

        List<Activity> spans;
        lock (factory.Spans) spans = [.. factory.Spans];
        var command = spans.Single(a => a.Source.Name == VouchersTelemetry.Name && a.DisplayName == "ApproveVoucher" && a.Status != ActivityStatusCode.Error);
        var trace = spans.Where(a => a.TraceId == command.TraceId).ToDictionary(a => a.SpanId);
        bool Under(Activity a, Activity ancestor)
        {
            for (var p = a.ParentSpanId; p != default && trace.TryGetValue(p, out var parent); p = parent.ParentSpanId)
                if (parent.SpanId == ancestor.SpanId) return true;
            return false;
        }

        // the HTTP server span is the root of the trace, and the command runs under it
        var server = Assert.Single(trace.Values, a => a.Kind == ActivityKind.Server);
        Assert.Equal(default, server.ParentSpanId);
        Assert.Equal("POST", server.GetTagItem("http.request.method"));
        Assert.Equal("/api/finance/vouchers/{id:guid}/approve", server.GetTagItem("http.route"));
        Assert.Equal(200, server.GetTagItem("http.response.status_code"));
        Assert.True(Under(command, server));

        // the command's database calls are its children: the voucher read, and the writes of its save
#if POSTGRES
        const string database = "Npgsql";
#elif SQLSERVER
        const string database = "OpenTelemetry.Instrumentation.SqlClient";
#else
        const string database = DatabaseCommandSpans.SourceName;
#endif
        var calls = trace.Values.Where(a => a.Source.Name == database && Under(a, command)).ToList();
        Assert.True(calls.Count >= 3, $"{calls.Count} database spans under the command: {string.Join(", ", calls.Select(c => c.DisplayName))}");
        Assert.All(calls, c => Assert.Equal(ActivityKind.Client, c.Kind));
        Assert.Contains(calls, c => c.DisplayName.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
                                    || (c.GetTagItem("db.query.text") ?? c.GetTagItem("db.statement"))?.ToString()?.Contains("UPDATE", StringComparison.OrdinalIgnoreCase) == true);

        // the business metrics: one approval, its face value committed, in VND
        List<Metric> metrics;
        lock (factory.Metrics) metrics = [.. factory.Metrics];
        long Sum(string name, out string? unit)
        {
            var metric = metrics.Last(m => m.Name == name);
            unit = metric.Unit;
            long total = 0;
            foreach (ref readonly var point in metric.GetMetricPoints()) total += point.GetSumLong();
            return total;
        }
        Assert.Equal(7_000_000, Sum("vouchers.committed", out var unit));
        Assert.Equal("VND", unit);
        Assert.Equal(1, Sum("vouchers.approvals", out _));
    }
}
