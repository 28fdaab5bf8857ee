using System.Reflection;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Vouchers.Application.Abstractions;

namespace Vouchers.Application;

/// <summary>
/// The steps around every request that the application leaves to Infrastructure: open generic
/// <see cref="IPipelineBehavior{TRequest,TResponse}"/> types (Infrastructure's <c>TelemetryBehavior&lt;,&gt;</c> and
/// <c>TransactionBehavior&lt;,&gt;</c>).
/// </summary>
public sealed record PipelineSteps(Type Telemetry, Type Transaction);

public static class DependencyInjection
{
    /// <summary>
    /// MediatR 5 with its pipeline, every handler and every validator of this assembly. The pipeline's order is said here
    /// and only here: telemetry (outermost: a span and metrics for every request, refused ones too) → validation (a
    /// malformed request never opens a transaction) → transaction (one per command, around the handler).
    /// </summary>
    public static IServiceCollection AddVouchersApplication(this IServiceCollection services, PipelineSteps steps)
    {
        // MediatR stays 5.1.0 (12.x needs MediatR.Contracts, not served here; 13+ is a paid licence: ADR 0005): no DI package, so register by hand.
        services.AddScoped<ServiceFactory>(sp => sp.GetService!);
        services.AddScoped<IMediator, Mediator>();
        // MediatR 5 runs behaviours in the order they are registered, the first outermost.
        services.AddScoped(typeof(IPipelineBehavior<,>), steps.Telemetry);
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), steps.Transaction);
        var application = typeof(DependencyInjection).Assembly;
        RegisterClosing(services, application, typeof(IRequestHandler<,>));
        RegisterClosing(services, application, typeof(IValidator<>));
        return services;
    }

    private static void RegisterClosing(IServiceCollection services, Assembly assembly, Type openInterface)
    {
        foreach (var type in assembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false }))
        foreach (var itf in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface))
            services.AddScoped(itf, type);
    }
}
