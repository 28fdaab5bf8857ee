using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vouchers.Infrastructure.Jobs;

/// <summary>A background job's switch and period (<c>Jobs:&lt;name&gt;</c> in configuration).</summary>
public abstract class PeriodicJobOptions
{
    public bool Enabled { get; set; } = true;
    public abstract TimeSpan Interval { get; set; }
}

/// <summary>
/// Runs <see cref="RunOnceAsync"/> at start and then once per interval, each run in a scope of its own with its own
/// mediator (so each command has its own transaction and audit line, as subject <c>system</c>). A failed run is logged
/// and the job carries on; stopping the service stops it.
/// </summary>
public abstract class PeriodicJob(IServiceScopeFactory scopes, PeriodicJobOptions options, ILogger log) : BackgroundService
{
    protected abstract Task RunOnceAsync(IMediator mediator, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled) return;
        using var timer = new PeriodicTimer(options.Interval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await RunOnceAsync(scope.ServiceProvider.GetRequiredService<IMediator>(), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "{Job} run failed; it will run again", GetType().Name);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
