using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vouchers.Application.Integrity;

namespace Vouchers.Infrastructure.Jobs;

public sealed class CheckpointJobOptions : PeriodicJobOptions
{
    public override TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Signs the seal chain's head as a checkpoint at start and then once per interval, when the chain grew and verifies
/// since the last checkpoint (<see cref="MakeCheckpoint"/>). The shorter the interval, the fewer records no published
/// checkpoint covers and the narrower the range a rewrite is located to. With several instances each tries; a second
/// checkpoint of the same head is not made (the checkpoint number collides and the re-run finds nothing new).
/// </summary>
public sealed class CheckpointJob(IServiceScopeFactory scopes, IOptions<CheckpointJobOptions> options, ILogger<CheckpointJob> log)
    : PeriodicJob(scopes, options.Value, log)
{
    protected override async Task RunOnceAsync(IMediator mediator, CancellationToken ct)
    {
        var made = await mediator.Send(new MakeCheckpoint(), ct);
        if (made.Created) log.LogInformation("Checkpoint {Number} signed at chain height {Height}", made.Checkpoint!.Number, made.Checkpoint.Height);
    }
}
