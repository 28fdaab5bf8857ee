using Vouchers.Domain.Vouchers;

namespace Vouchers.Domain.Tests.Vouchers;

/// <summary>Asking the table (one reader machine per thread) answers exactly as a voucher's own machine would, on any thread.</summary>
public class LifecycleQuestionsTests
{
    private static readonly DateOnly Day = new(2026, 6, 1);

    public static TheoryData<VoucherStatus, int> StatesAndDays()
    {
        var data = new TheoryData<VoucherStatus, int>();
        foreach (var s in Enum.GetValues<VoucherStatus>())
            foreach (var offset in new[] { -1, 0, 1 })
                data.Add(s, offset);
        return data;
    }

    [Theory]
    [MemberData(nameof(StatesAndDays))]
    public void TheTablesAnswer_IsTheOwnMachinesAnswer(VoucherStatus status, int daysPastValidity)
    {
        var context = new VoucherGuardContext(Day.AddDays(daysPastValidity), Day);
        var own = VoucherLifecycle.Table.MachineFor(() => status, _ => throw new InvalidOperationException());
        Assert.Equal(own.PermittedTriggers(context), VoucherLifecycle.Table.PermittedTriggers(status, context));
        foreach (var trigger in Enum.GetValues<VoucherTrigger>())
            Assert.Equal(own.CanFire(trigger, context), VoucherLifecycle.Table.CanFire(status, trigger, context));
    }

    [Fact]
    public void ManyThreadsAskingAtOnce_EachGetTheirStatesAnswer()
    {
        var context = new VoucherGuardContext(Day, Day);
        var expected = Enum.GetValues<VoucherStatus>().ToDictionary(s => s,
            s => VoucherLifecycle.Table.MachineFor(() => s, _ => { }).PermittedTriggers(context).ToArray());
        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var status = (VoucherStatus)(i % expected.Count + 1);
            Assert.Equal(expected[status], VoucherLifecycle.Table.PermittedTriggers(status, context));
        });
    }
}
