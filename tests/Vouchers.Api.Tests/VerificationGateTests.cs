using Microsoft.Extensions.DependencyInjection;
using Vouchers.Application.Integrity;

namespace Vouchers.Api.Tests;

public class VerificationGateTests
{
    [Fact]
    public async Task OneVerificationAtATime_TheSecondIsAskedToComeBack()
    {
        using var factory = new ApiFactory();
        var s = new Scenario(factory);
        await s.Auditor.GetAsync("/api/auditor/ledger/verify").Ok();
        var gate = factory.Services.GetRequiredService<VerificationGate>();
        Assert.True(gate.TryEnter()); // a run in progress
        try
        {
            var busy = await s.Auditor.GetAsync("/api/auditor/ledger/verify").Problem(409);
            Assert.Equal("ledger.verification-running", busy["code"]!.GetValue<string>());
        }
        finally { gate.Exit(); }
        Assert.True((await s.Auditor.GetAsync("/api/auditor/ledger/verify").Ok())["ok"]!.GetValue<bool>());
    }
}
