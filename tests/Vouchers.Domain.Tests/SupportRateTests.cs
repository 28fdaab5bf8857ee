using System.Globalization;
using Vouchers.Domain.Common;

namespace Vouchers.Domain.Tests;

public class SupportRateTests
{
    [Theory]
    [InlineData(50, 5_000)]
    [InlineData(12.5, 1_250)]
    [InlineData(0.01, 1)]
    [InlineData(0, 0)]
    [InlineData(100, 10_000)]
    public void FromPercent_ConvertsToBasisPoints(double percent, int expected)
    {
        Assert.Equal(expected, SupportRate.FromPercent((decimal)percent).BasisPoints);
    }

    [Fact]
    public void FromPercent_WithFractionOfABasisPoint_Throws()
    {
        var ex = Assert.Throws<InvalidValueException>(() => SupportRate.FromPercent(12.345m));
        Assert.Equal("rate", ex.Field);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(100.01)]
    [InlineData(1e20)]
    public void FromPercent_OutsideZeroToHundred_Throws(double percent)
    {
        Assert.Throws<InvalidValueException>(() => SupportRate.FromPercent((decimal)percent));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10_001)]
    public void FromBasisPoints_OutsideRange_Throws(int basisPoints)
    {
        var ex = Assert.Throws<InvalidValueException>(() => SupportRate.FromBasisPoints(basisPoints));
        Assert.Equal("rate", ex.Field);
    }

    [Theory]
    [InlineData(5_000, "50%")]
    [InlineData(1_250, "12,5%")]
    [InlineData(1, "0,01%")]
    [InlineData(0, "0%")]
    [InlineData(10_000, "100%")]
    public void ToString_UsesDecimalComma(int basisPoints, string expected)
    {
        Assert.Equal(expected, SupportRate.FromBasisPoints(basisPoints).ToString());
    }
}
