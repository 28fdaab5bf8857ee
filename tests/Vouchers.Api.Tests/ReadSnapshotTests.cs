using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Vouchers.Api.Tests;

public class ReadSnapshotTests
{
    [Fact]
    public async Task AReportSeesOneMoment_WhileWritersCarryOn()
    {
        using var factory = new ApiFactory();
        var s = new Scenario(factory);
        await s.Issued(1_000_000);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Vouchers.Application.Abstractions.IVouchersDb>();
        int before, during;
        await using (await db.ReadSnapshotAsync())
        {
            before = await db.LedgerTransfers.CountAsync();
            await s.Issued(2_000_000); // another connection writes meanwhile, and is not blocked by the reader
            during = await db.LedgerTransfers.CountAsync();
        }
        Assert.Equal(before, during);
        Assert.Equal(before + 1, await db.LedgerTransfers.CountAsync());
    }
}
