using System.Text.Json.Nodes;

namespace Vouchers.Api.Tests;

public class CheckpointJobTests
{
    [Fact]
    public async Task TheJob_SignsTheHeadAtStart_NotOnlyAfterItsFirstInterval()
    {
        using var factory = new ApiFactory();
        factory.Settings["Jobs:Checkpoints:Enabled"] = "true";
        factory.Settings["Jobs:Checkpoints:Interval"] = "01:00:00";
        var s = new Scenario(factory);
        JsonNode page;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            page = await s.Public.GetAsync("/api/public/ledger/checkpoints").Ok();
            if (page["total"]!.GetValue<int>() > 0) break;
            await Task.Delay(100);
        } while (waited.Elapsed < TimeSpan.FromSeconds(20));
        Assert.Equal(1, page["total"]!.GetValue<int>());
        var verdict = await s.Auditor.GetAsync("/api/auditor/ledger/verify").Ok();
        Assert.Equal(verdict["headHeight"]!.GetValue<long>(), page["items"]![0]!["height"]!.GetValue<long>()); // the demo data's head
        Assert.True(verdict["ok"]!.GetValue<bool>(), verdict.ToJsonString());
    }
}
