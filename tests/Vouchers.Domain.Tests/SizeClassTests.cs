using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;

namespace Vouchers.Domain.Tests;

public class SizeClassTests
{
    private const long Billion = 1_000_000_000;
    private const SectorGroup Agri = SectorGroup.AgricultureForestryFisheryIndustryConstruction;
    private const SectorGroup Trade = SectorGroup.TradeServices;

    private static SizeClass Classify(SectorGroup group, int employees, long revenueDong, long capitalDong) =>
        SmeSizeClassifier.Classify(group, employees, Money.Vnd(revenueDong), Money.Vnd(capitalDong));

    // Employees at / one over each limit, with revenue and capital both small enough for micro.
    [Theory]
    [InlineData(Agri, 0, SizeClass.Micro)]
    [InlineData(Agri, 10, SizeClass.Micro)]
    [InlineData(Agri, 11, SizeClass.Small)]
    [InlineData(Agri, 100, SizeClass.Small)]
    [InlineData(Agri, 101, SizeClass.Medium)]
    [InlineData(Agri, 200, SizeClass.Medium)]
    [InlineData(Agri, 201, SizeClass.NotSme)]
    [InlineData(Trade, 0, SizeClass.Micro)]
    [InlineData(Trade, 10, SizeClass.Micro)]
    [InlineData(Trade, 11, SizeClass.Small)]
    [InlineData(Trade, 50, SizeClass.Small)]
    [InlineData(Trade, 51, SizeClass.Medium)]
    [InlineData(Trade, 100, SizeClass.Medium)]
    [InlineData(Trade, 101, SizeClass.NotSme)]
    public void Classify_AtAndOverEachEmployeeLimit(SectorGroup group, int employees, SizeClass expected)
    {
        Assert.Equal(expected, Classify(group, employees, 1 * Billion, 1 * Billion));
    }

    // Revenue at / one đồng over each limit, with capital over every limit, so only revenue can qualify.
    [Theory]
    [InlineData(Agri, 3 * Billion, SizeClass.Micro)]
    [InlineData(Agri, 3 * Billion + 1, SizeClass.Small)]
    [InlineData(Agri, 50 * Billion, SizeClass.Small)]
    [InlineData(Agri, 50 * Billion + 1, SizeClass.Medium)]
    [InlineData(Agri, 200 * Billion, SizeClass.Medium)]
    [InlineData(Agri, 200 * Billion + 1, SizeClass.NotSme)]
    [InlineData(Trade, 10 * Billion, SizeClass.Micro)]
    [InlineData(Trade, 10 * Billion + 1, SizeClass.Small)]
    [InlineData(Trade, 100 * Billion, SizeClass.Small)]
    [InlineData(Trade, 100 * Billion + 1, SizeClass.Medium)]
    [InlineData(Trade, 300 * Billion, SizeClass.Medium)]
    [InlineData(Trade, 300 * Billion + 1, SizeClass.NotSme)]
    public void Classify_AtAndOverEachRevenueLimit(SectorGroup group, long revenue, SizeClass expected)
    {
        Assert.Equal(expected, Classify(group, 5, revenue, 1_000 * Billion));
    }

    // Capital at / one đồng over each limit, with revenue over every limit, so only capital can qualify.
    [Theory]
    [InlineData(Agri, 3 * Billion, SizeClass.Micro)]
    [InlineData(Agri, 3 * Billion + 1, SizeClass.Small)]
    [InlineData(Agri, 20 * Billion, SizeClass.Small)]
    [InlineData(Agri, 20 * Billion + 1, SizeClass.Medium)]
    [InlineData(Agri, 100 * Billion, SizeClass.Medium)]
    [InlineData(Agri, 100 * Billion + 1, SizeClass.NotSme)]
    [InlineData(Trade, 3 * Billion, SizeClass.Micro)]
    [InlineData(Trade, 3 * Billion + 1, SizeClass.Small)]
    [InlineData(Trade, 50 * Billion, SizeClass.Small)]
    [InlineData(Trade, 50 * Billion + 1, SizeClass.Medium)]
    [InlineData(Trade, 100 * Billion, SizeClass.Medium)]
    [InlineData(Trade, 100 * Billion + 1, SizeClass.NotSme)]
    public void Classify_AtAndOverEachCapitalLimit(SectorGroup group, long capital, SizeClass expected)
    {
        Assert.Equal(expected, Classify(group, 5, 1_000 * Billion, capital));
    }

    [Fact]
    public void Classify_RevenueOverButCapitalUnder_StillFits()
    {
        // Trade, 40 staff, revenue 150 bn (over small's 100), capital 40 bn (under small's 50) → small
        Assert.Equal(SizeClass.Small, Classify(Trade, 40, 150 * Billion, 40 * Billion));
        // Agri, 8 staff, revenue 500 bn, capital 2 bn → micro
        Assert.Equal(SizeClass.Micro, Classify(Agri, 8, 500 * Billion, 2 * Billion));
    }

    [Fact]
    public void Classify_CapitalOverButRevenueUnder_StillFits()
    {
        Assert.Equal(SizeClass.Micro, Classify(Trade, 10, 10 * Billion, 900 * Billion));
    }

    [Fact]
    public void Classify_BothFinancialsOver_MovesUpAClass()
    {
        Assert.Equal(SizeClass.Small, Classify(Agri, 10, 3 * Billion + 1, 3 * Billion + 1));
    }

    [Fact]
    public void Classify_FewStaffButFinancialsOverEveryLimit_IsNotSme()
    {
        Assert.Equal(SizeClass.NotSme, Classify(Agri, 1, 201 * Billion, 101 * Billion));
    }

    [Fact]
    public void Classify_SameFiguresDifferentSector_CanDiffer()
    {
        // 60 staff: small in agriculture/industry (≤100) but medium in trade/services (≤50 for small)
        Assert.Equal(SizeClass.Small, Classify(Agri, 60, 10 * Billion, 10 * Billion));
        Assert.Equal(SizeClass.Medium, Classify(Trade, 60, 10 * Billion, 10 * Billion));
    }

    [Fact]
    public void Classify_NegativeEmployees_Throws()
    {
        var ex = Assert.Throws<InvalidValueException>(() => Classify(Agri, -1, 0, 0));
        Assert.Equal("averageInsuredEmployees", ex.Field);
    }

    [Fact]
    public void Classify_UnknownSectorGroup_Throws()
    {
        Assert.Throws<InvalidValueException>(() => Classify((SectorGroup)99, 1, 0, 0));
    }
}
