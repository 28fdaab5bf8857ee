using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Vouchers.Infrastructure.Telemetry;

namespace Vouchers.Api.Infrastructure;

/// <summary>
/// OpenTelemetry wired by hand (the hosting/ASP.NET Core instrumentation packages are not in this registry):
/// we listen to ASP.NET Core's own activity source and meters, Npgsql's, and ours, and export over OTLP when
/// <c>Otlp:Endpoint</c> is configured. Without it nothing is exported.
/// </summary>
public sealed class TelemetrySetup(TracerProvider? tracer, MeterProvider? meter) : IDisposable
{
    public static TelemetrySetup Create(IConfiguration config)
    {
        var endpoint = config["Otlp:Endpoint"];
        if (string.IsNullOrWhiteSpace(endpoint)) return new TelemetrySetup(null, null);
        var resource = ResourceBuilder.CreateDefault().AddService("vouchers-api");
        void Otlp(OtlpExporterOptions o) { o.Endpoint = new Uri(endpoint); }
        var tracer = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource)
            .AddSource(VouchersTelemetry.Name, "Microsoft.AspNetCore", "Npgsql")
            .AddOtlpExporter(Otlp).Build();
        var meter = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource)
            .AddMeter(VouchersTelemetry.Name, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Npgsql")
            .AddOtlpExporter(Otlp).Build();
        return new TelemetrySetup(tracer, meter);
    }

    public void Dispose()
    {
        tracer?.Dispose();
        meter?.Dispose();
    }
}
