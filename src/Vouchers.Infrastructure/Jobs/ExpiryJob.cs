using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vouchers.Application.Vouchers;

namespace Vouchers.Infrastructure.Jobs;

public sealed class ExpiryJobOptions
{
    public bool Enabled { get; set; } = true;
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Expires issued vouchers past their validity date and releases their budget, in small batches.</summary>
public sealed class ExpiryJob(IServiceScopeFactory scopes, IOptions<ExpiryJobOptions> options, ILogger<ExpiryJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        using var timer = new PeriodicTimer(options.Value.Interval);
        do
        {
            try
            {
                int expired;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    expired = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ExpireDueVouchers(), stoppingToken);
                    if (expired > 0) log.LogInformation("Expired {Count} vouchers and released their commitments", expired);
                } while (expired > 0 && !stoppingToken.IsCancellationRequested);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Voucher expiry run failed; it will run again");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
