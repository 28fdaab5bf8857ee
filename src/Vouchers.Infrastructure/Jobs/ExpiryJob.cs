using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vouchers.Application.Vouchers;

namespace Vouchers.Infrastructure.Jobs;

public sealed class ExpiryJobOptions : PeriodicJobOptions
{
    public override TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Expires issued vouchers past their validity date and releases their budget, in small batches.</summary>
public sealed class ExpiryJob(IServiceScopeFactory scopes, IOptions<ExpiryJobOptions> options, ILogger<ExpiryJob> log)
    : PeriodicJob(scopes, options.Value, log)
{
    protected override async Task RunOnceAsync(IMediator mediator, CancellationToken ct)
    {
        int expired;
        do
        {
            expired = await mediator.Send(new ExpireDueVouchers(), ct);
            if (expired > 0) log.LogInformation("Expired {Count} vouchers and released their commitments", expired);
        } while (expired > 0 && !ct.IsCancellationRequested);
    }
}
