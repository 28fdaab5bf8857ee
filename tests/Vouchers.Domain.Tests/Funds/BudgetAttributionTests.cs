using Vouchers.Domain.Funds;
using static Vouchers.Domain.Funds.BudgetAttribution;

namespace Vouchers.Domain.Tests.Funds;

public class BudgetAttributionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 16, 2, 0, 0, TimeSpan.Zero);
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), P1 = Guid.NewGuid(), P2 = Guid.NewGuid(), P3 = Guid.NewGuid();

    private static Movement Credit(Guid id, long amount, int second) => new(id, true, amount, T0.AddSeconds(second));
    private static Movement Debit(Guid id, long amount, int second) => new(id, false, amount, T0.AddSeconds(second));

    [Fact]
    public void Envelopes_DrawOnTheOldestDecisionFirst_AndSpillOverToTheNext()
    {
        var r = FirstInFirstOut([Credit(A, 100, 0), Credit(B, 200, 1), Debit(P1, 60, 2), Debit(P2, 120, 3)]);

        Assert.Equal([new Draw(P1, A, 60), new Draw(P2, A, 40), new Draw(P2, B, 80)], r.Draws);
        Assert.Equal((0L, 120L), (r.Remaining[A], r.Remaining[B]));
        Assert.Empty(r.Uncovered);
    }

    [Fact]
    public void ADecisionRecordedAfterAnEnvelope_DoesNotFundIt()
    {
        var r = FirstInFirstOut([Credit(A, 50, 0), Debit(P1, 50, 1), Credit(B, 100, 2), Debit(P2, 30, 3)]);

        Assert.Equal([new Draw(P1, A, 50), new Draw(P2, B, 30)], r.Draws);
    }

    [Fact]
    public void WithinOneInstant_DecisionsCountBeforeEnvelopes_WhateverOrderTheyAreGivenIn()
    {
        // the ledger orders one instant by transfer id, which may put the envelope first
        var r = FirstInFirstOut([Debit(P1, 70, 0), Credit(A, 100, 0), Debit(P3, 10, 1)]);

        Assert.Equal([new Draw(P1, A, 70), new Draw(P3, A, 10)], r.Draws);
        Assert.Empty(r.Uncovered);
        // and in the other order the same draws
        var credited = FirstInFirstOut([Credit(A, 100, 0), Debit(P1, 70, 0), Debit(P3, 10, 1)]);
        Assert.Equal(r.Draws, credited.Draws);
        Assert.Empty(credited.Uncovered);
    }

    [Fact]
    public void ADebitThePoolCouldNotCover_IsReportedAsUncovered()
    {
        var r = FirstInFirstOut([Credit(A, 10, 0), Debit(P1, 25, 1)]);

        Assert.Equal([new Draw(P1, A, 10)], r.Draws);
        Assert.Equal(15, r.Uncovered[P1]);
    }
}
