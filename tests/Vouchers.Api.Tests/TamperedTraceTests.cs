namespace Vouchers.Api.Tests;

public class TamperedTraceTests
{
    [Fact]
    public async Task ABackwardTraceOverATamperedLedger_Ends_EvenWhenTheTransfersPointInACircle()
    {
        using var factory = new ApiFactory();
        var s = new Scenario(factory);
        var id = await s.Issued(5_000_000);
        await s.Redeem(id, 10_000_000);
        await s.Accepted(id);
        await s.PaidOut(id, "UNC-CYCLE-1");
        var transfers = (await s.Auditor.GetAsync($"/api/auditor/ledger/transfers?voucherId={id}").Ok())["items"]!.AsArray();
        string Of(string kind) => transfers.Single(t => t!["kind"]!.GetValue<string>() == kind)!["id"]!.GetValue<string>();
        var (settlement, disbursement) = (Of("Settlement"), Of("Disbursement"));

        // untampered first: from the commitment, which the settlement posts (it was counted twice: a 500)
        var fromCommitment = await s.Auditor.GetAsync($"/api/auditor/trace/transfers/{Of("Commitment")}").Ok();
        Assert.Equal("Commitment", fromCommitment["path"]![0]!["step"]!.GetValue<string>());

        // the settlement now "resolves" the disbursement, which rests on the settlement: a circle
        Assert.Equal(1, factory.Database.Execute( "UPDATE \"LedgerTransfers\" SET \"PendingId\" = @d WHERE \"Id\" = @s",
            ("@d", factory.Database.Id(Guid.Parse(disbursement))), ("@s", factory.Database.Id(Guid.Parse(settlement)))));

        var trace = await s.Auditor.GetAsync($"/api/auditor/trace/transfers/{disbursement}").Ok();
        var steps = trace["path"]!.AsArray().Select(p => p!["step"]!.GetValue<string>()).ToList();
        Assert.Equal(1, steps.Count(k => k == "Disbursement"));
        Assert.Equal(1, steps.Count(k => k == "Settlement"));
        Assert.DoesNotContain("Commitment", steps); // the settlement no longer names it
        var verdict = await s.Auditor.GetAsync("/api/auditor/ledger/verify").Ok();
        Assert.Equal("edited", verdict["firstProblem"]!["kind"]!.GetValue<string>()); // and the verifier says why
    }
}
