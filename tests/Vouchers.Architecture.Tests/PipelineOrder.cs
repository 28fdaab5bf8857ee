using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Vouchers.Application;
using Vouchers.Application.Abstractions;
using Vouchers.Infrastructure.Persistence;
using Vouchers.Infrastructure.Telemetry;

namespace Vouchers.Architecture.Tests;

/// <summary>The application says the order of its pipeline; Infrastructure only supplies two of its steps.</summary>
public sealed class PipelineOrder
{
    [Fact]
    public void EveryRequest_RunsThroughTelemetry_ThenValidation_ThenTheTransaction()
    {
        var services = new ServiceCollection()
            .AddVouchersApplication(new PipelineSteps(Telemetry: typeof(TelemetryBehavior<,>), Transaction: typeof(TransactionBehavior<,>)));
        var order = services.Where(d => d.ServiceType == typeof(IPipelineBehavior<,>)).Select(d => d.ImplementationType).ToList();
        Assert.Equal([typeof(TelemetryBehavior<,>), typeof(ValidationBehavior<,>), typeof(TransactionBehavior<,>)], order);
    }
}
