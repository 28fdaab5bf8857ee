using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vouchers.Application.Integrity;

namespace Vouchers.Infrastructure.Jobs;

public sealed class CheckpointJobOptions
{
    public bool Enabled { get; set; } = true;
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Signs the seal chain's head as a checkpoint once per interval when the chain grew (first after one interval, not
/// at start-up). The shorter the interval, the fewer records a published checkpoint leaves uncovered and the narrower
/// the range a rewrite is located to. With several instances each signs; a second checkpoint of the same head is not
/// made (the unique height refuses it and the command answers with the existing one).
/// </summary>
public sealed class CheckpointJob(IServiceScopeFactory scopes, IOptions<CheckpointJobOptions> options, ILogger<CheckpointJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        using var timer = new PeriodicTimer(options.Value.Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var made = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new MakeCheckpoint(), stoppingToken);
                if (made.Created) log.LogInformation("Checkpoint {Number} signed at chain height {Height}", made.Checkpoint!.Number, made.Checkpoint.Height);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Checkpoint run failed; it will run again");
            }
        }
    }
}
