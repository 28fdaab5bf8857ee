using System.Globalization;
using Vouchers.Domain.Common;

namespace Vouchers.Domain.Tests;

public class MoneyTests
{
    [Fact]
    public void Vnd_WithNegativeAmount_ThrowsInvalidValueForAmount()
    {
        var ex = Assert.Throws<InvalidValueException>(() => Money.Vnd(-1));
        Assert.Equal("amount", ex.Field);
    }

    [Fact]
    public void Vnd_KeepsTheAmountInDong()
    {
        Assert.Equal(1_500_000, Money.Vnd(1_500_000).Dong);
    }

    [Fact]
    public void Zero_EqualsDefaultAndVndZero()
    {
        Assert.Equal(0, Money.Zero.Dong);
        Assert.Equal(Money.Vnd(0), Money.Zero);
        Assert.Equal(default, Money.Zero);
    }

    [Fact]
    public void Add_SumsAmounts()
    {
        Assert.Equal(Money.Vnd(3_000), Money.Vnd(1_000) + Money.Vnd(2_000));
    }

    [Fact]
    public void Add_UpToMaxValue_Succeeds()
    {
        Assert.Equal(long.MaxValue, (Money.Vnd(long.MaxValue - 1) + Money.Vnd(1)).Dong);
    }

    [Fact]
    public void Add_WhenSumOverflows_ThrowsInvalidValueNotOverflow()
    {
        var ex = Assert.Throws<InvalidValueException>(() => Money.Vnd(long.MaxValue) + Money.Vnd(1));
        Assert.Equal("amount", ex.Field);
    }

    [Fact]
    public void Subtract_DifferenceOfAmounts()
    {
        Assert.Equal(Money.Vnd(700), Money.Vnd(1_000) - Money.Vnd(300));
        Assert.Equal(Money.Zero, Money.Vnd(1_000) - Money.Vnd(1_000));
    }

    [Fact]
    public void Subtract_WhenResultWouldBeNegative_Throws()
    {
        var ex = Assert.Throws<InvalidValueException>(() => Money.Vnd(1) - Money.Vnd(2));
        Assert.Equal("amount", ex.Field);
    }

    [Fact]
    public void ComparisonOperators_CompareAmounts()
    {
        Money small = Money.Vnd(1), large = Money.Vnd(2);
        Assert.True(small < large);
        Assert.False(large < small);
        Assert.True(large > small);
        Assert.False(small > large);
        Assert.True(small <= Money.Vnd(1));
        Assert.False(large <= small);
        Assert.True(large >= Money.Vnd(2));
        Assert.False(small >= large);
    }

    [Fact]
    public void CompareTo_SortsByAmount()
    {
        var sorted = new[] { Money.Vnd(3), Money.Vnd(1), Money.Vnd(2) }.Order().Select(m => m.Dong);
        Assert.Equal([1L, 2L, 3L], sorted);
        Assert.Equal(0, Money.Vnd(4).CompareTo(Money.Vnd(4)));
    }

    [Fact]
    public void MinAndMax_PickTheSmallerAndLarger()
    {
        Assert.Equal(Money.Vnd(1), Money.Min(Money.Vnd(1), Money.Vnd(2)));
        Assert.Equal(Money.Vnd(1), Money.Min(Money.Vnd(2), Money.Vnd(1)));
        Assert.Equal(Money.Vnd(2), Money.Max(Money.Vnd(1), Money.Vnd(2)));
        Assert.Equal(Money.Vnd(2), Money.Max(Money.Vnd(2), Money.Vnd(1)));
    }

    [Theory]
    [InlineData(40_000_000, 5_000, 20_000_000)]
    [InlineData(999, 5_000, 499)]        // 499,5 rounds down
    [InlineData(1, 9_999, 0)]            // 0,9999 rounds down
    [InlineData(3, 3_333, 0)]
    [InlineData(100, 1_250, 12)]         // 12,5 rounds down
    [InlineData(123_456_789, 10_000, 123_456_789)]
    [InlineData(123_456_789, 0, 0)]
    public void ApplyRate_RoundsDownToWholeDong(long amount, int basisPoints, long expected)
    {
        Assert.Equal(expected, Money.Vnd(amount).ApplyRate(SupportRate.FromBasisPoints(basisPoints)).Dong);
    }

    [Fact]
    public void ApplyRate_OnMaxValue_DoesNotOverflow()
    {
        Assert.Equal(long.MaxValue / 2, Money.Vnd(long.MaxValue).ApplyRate(SupportRate.FromPercent(50)).Dong);
        Assert.Equal(long.MaxValue, Money.Vnd(long.MaxValue).ApplyRate(SupportRate.FromPercent(100)).Dong);
        Assert.Equal(922_337_203_685_477_580, Money.Vnd(long.MaxValue).ApplyRate(SupportRate.FromBasisPoints(1_000)).Dong);
    }

    [Fact]
    public void ApplyRate_NeverExceedsTheExactShare()
    {
        for (long amount = 0; amount < 2_000; amount += 7)
        for (var bp = 0; bp <= 10_000; bp += 333)
        {
            var support = Money.Vnd(amount).ApplyRate(SupportRate.FromBasisPoints(bp)).Dong;
            Assert.True(support * 10_000 <= amount * bp, $"{amount} at {bp} bp gave {support}");
            Assert.True((support + 1) * 10_000 > amount * bp, $"{amount} at {bp} bp gave {support}, not the floor");
        }
    }

    [Fact]
    public void Allocate_EqualRatios_GivesLeftoverToEarlierParts()
    {
        var parts = Money.Vnd(100).Allocate(1, 1, 1);
        Assert.Equal([34L, 33L, 33L], parts.Select(p => p.Dong));
    }

    [Fact]
    public void Allocate_GivesLeftoverToLargestRemainders()
    {
        // exact shares 1,5 / 4,5 / 4 → floors 1 / 4 / 4, one đồng left; ties go to the earlier part
        Assert.Equal([2L, 4L, 4L], Money.Vnd(10).Allocate(3, 9, 8).Select(p => p.Dong));
        // exact shares 2,7 / 7,3 → floors 2 / 7, the larger remainder (0,7) gets the đồng
        Assert.Equal([3L, 7L], Money.Vnd(10).Allocate(27, 73).Select(p => p.Dong));
    }

    [Fact]
    public void Allocate_ZeroRatio_GetsNothing()
    {
        Assert.Equal([0L, 5L, 5L], Money.Vnd(10).Allocate(0, 1, 1).Select(p => p.Dong));
    }

    [Theory]
    [InlineData(0L, new long[] { 1, 2 })]
    [InlineData(1L, new long[] { 1, 1, 1 })]
    [InlineData(1_000_001L, new long[] { 50, 30, 20 })]
    [InlineData(long.MaxValue, new long[] { long.MaxValue, long.MaxValue, 1 })]
    [InlineData(999_999_999L, new long[] { 7, 11, 13, 17, 19 })]
    public void Allocate_PartsSumExactlyToTheAmount(long amount, long[] ratios)
    {
        var parts = Money.Vnd(amount).Allocate(ratios);
        Assert.Equal(ratios.Length, parts.Length);
        Assert.Equal(amount, parts.Aggregate(Money.Zero, (sum, p) => sum + p).Dong);
    }

    [Fact]
    public void Allocate_WithNoRatios_Throws()
    {
        Assert.Throws<InvalidValueException>(() => Money.Vnd(10).Allocate());
    }

    [Fact]
    public void Allocate_WithNegativeRatio_Throws()
    {
        Assert.Throws<InvalidValueException>(() => Money.Vnd(10).Allocate(2, -1));
    }

    [Fact]
    public void Allocate_WithAllZeroRatios_Throws()
    {
        Assert.Throws<InvalidValueException>(() => Money.Vnd(10).Allocate(0, 0));
    }

    [Theory]
    [InlineData(0, "0 ₫")]
    [InlineData(999, "999 ₫")]
    [InlineData(1_000, "1.000 ₫")]
    [InlineData(1_000_000, "1.000.000 ₫")]
    [InlineData(20_500_000, "20.500.000 ₫")]
    [InlineData(long.MaxValue, "9.223.372.036.854.775.807 ₫")]
    public void ToString_UsesDotGroupsAndDongSign(long amount, string expected)
    {
        Assert.Equal(expected, Money.Vnd(amount).ToString());
    }

    [Fact]
    public void ToString_IgnoresCurrentCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            foreach (var name in new[] { "en-US", "fr-FR", "de-CH", "vi-VN" })
            {
                CultureInfo.CurrentCulture = new CultureInfo(name);
                Assert.Equal("1.234.567 ₫", Money.Vnd(1_234_567).ToString());
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void ToWords_WritesTheAmountInVietnamese()
    {
        Assert.Equal("Một triệu đồng", Money.Vnd(1_000_000).ToWords());
    }
}
