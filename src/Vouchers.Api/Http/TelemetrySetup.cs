using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Vouchers.Infrastructure.Telemetry;

namespace Vouchers.Api.Http;

/// <summary>
/// OpenTelemetry through its hosting package: traces of ASP.NET Core requests, outgoing HTTP calls, the service's command
/// spans (<see cref="VouchersTelemetry.Source"/>) and database commands — Npgsql's own instrumentation on PostgreSQL,
/// SqlClient's on SQL Server, and the service's small EF Core interceptor on SQLite, which has none
/// (<see cref="DatabaseCommandSpans"/>); metrics of ASP.NET Core, Kestrel, HTTP clients, the .NET runtime, Npgsql and the
/// business meters in VND. Exported over OTLP when <c>Otlp:Endpoint</c> is set (a test adds its own in-memory exporter with
/// <c>ConfigureOpenTelemetryTracerProvider</c>).
/// </summary>
public static class TelemetrySetup
{
    public const string ServiceName = "vouchers-api";

    public static void AddVouchersTelemetry(this WebApplicationBuilder builder)
    {
        var endpoint = builder.Configuration["Otlp:Endpoint"];
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddNpgsql().AddSqlClientInstrumentation()
                .AddSource(VouchersTelemetry.Name, DatabaseCommandSpans.SourceName))
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                .AddMeter(VouchersTelemetry.Name, "Npgsql"));
        if (!string.IsNullOrWhiteSpace(endpoint))
            otel.UseOtlpExporter(OpenTelemetry.Exporter.OtlpExportProtocol.Grpc, new Uri(endpoint));
    }
}
