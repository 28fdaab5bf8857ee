using Microsoft.Extensions.DependencyInjection;
using Vouchers.Domain.Common;
using Vouchers.Infrastructure.Idempotency;
using Vouchers.Infrastructure.Persistence;

namespace Vouchers.Api.Tests;

/// <summary>
/// A request that outlives its claim's lease: a retry takes the claim over and runs the command again. Whichever run
/// does not hold the claim any more must commit nothing, or the effect would be applied twice.
/// </summary>
public class IdempotencyClaimTakeOverTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private async Task<(string Scope, string Key)> Claim()
    {
        await new Scenario(factory).Program(); // the service is up and migrated
        var (scope, key) = ("Finance:claim-test", TestHttp.Key());
        await using var s = factory.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<VouchersDbContext>();
        var now = DateTimeOffset.UtcNow;
        db.IdempotencyRecords.Add(new IdempotencyRecord
            { Scope = scope, Key = key, RequestHash = "h", Status = IdempotencyStatus.InFlight, CreatedAt = now, LockedUntil = now.AddSeconds(60) });
        await db.SaveChangesAsync();
        return (scope, key);
    }

    private async Task<Exception?> Complete(string scope, string key, long claim)
    {
        await using var s = factory.Services.CreateAsyncScope();
        var context = s.ServiceProvider.GetRequiredService<IIdempotencyStore>();
        context.Claimed(scope, key, claim);
        return await Record.ExceptionAsync(async () =>
        {
            await context.CompleteAsync(new { ok = true }, CancellationToken.None);
            await s.ServiceProvider.GetRequiredService<VouchersDbContext>().SaveChangesAsync();
        });
    }

    private async Task TakeOver(string scope, string key)
    {
        await using var s = factory.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<VouchersDbContext>();
        var record = await db.IdempotencyRecords.FindAsync(scope, key);
        record!.LockedUntil = DateTimeOffset.UtcNow.AddSeconds(60);
        await db.SaveChangesAsync(); // Version 0 → 1, as the filter's take-over does
    }

    [Fact]
    public async Task TheHolderOfTheClaim_CompletesIt()
    {
        var (scope, key) = await Claim();
        Assert.Null(await Complete(scope, key, claim: 0));
    }

    [Fact]
    public async Task ARunWhoseClaimWasTakenOver_CommitsNothing_AndTheNewHolderCompletes()
    {
        var (scope, key) = await Claim();
        await TakeOver(scope, key);
        var late = Assert.IsType<ConflictException>(await Complete(scope, key, claim: 0));
        Assert.Equal("idempotency.in-flight", late.Code);
        Assert.Null(await Complete(scope, key, claim: 1));
        // and once completed, the first run still cannot complete it again with its own answer
        Assert.IsType<ConflictException>(await Complete(scope, key, claim: 1));
    }
}
