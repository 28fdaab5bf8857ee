using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Microsoft.Extensions.DependencyInjection;
using Vouchers.Infrastructure.Telemetry;
using Vouchers.Infrastructure.Persistence;

namespace Vouchers.Api.Tests;

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
        var database = TestDatabase.Provider switch
        {
            DatabaseProvider.PostgreSql => "Npgsql",
            DatabaseProvider.SqlServer => "OpenTelemetry.Instrumentation.SqlClient",
            _ => DatabaseCommandSpans.SourceName,
        };
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
