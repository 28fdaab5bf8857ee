using Vouchers.Domain.Common;

namespace Vouchers.Domain.Enterprises;

/// <summary>The sector groups Decree 80/2021/NĐ-CP, Art. 5 sizes enterprises by.</summary>
public enum SectorGroup
{
    /// <summary>Agriculture, forestry, fishery; industry and construction.</summary>
    AgricultureForestryFisheryIndustryConstruction,

    /// <summary>Trade and services.</summary>
    TradeServices,
}

/// <summary>The size of an enterprise (micro, small, medium) or not an SME at all.</summary>
public enum SizeClass
{
    Micro,
    Small,
    Medium,
    NotSme,
}

/// <summary>
/// Classifies an enterprise by Decree 80/2021/NĐ-CP, Art. 5: a class fits when the average number of insured
/// employees is within its limit AND (annual revenue OR total capital is within its limit); the smallest class
/// that fits wins.
/// </summary>
public static class SmeSizeClassifier
{
    private const long Billion = 1_000_000_000;

    /// <summary>One class's ceilings in a sector group: employees, and revenue or capital in billion VND.</summary>
    public sealed record Limit(SizeClass Class, int MaxEmployees, long MaxRevenueBillion, long MaxCapitalBillion);

    /// <summary>The ceilings of <paramref name="group"/>, smallest class first: what <see cref="Classify"/> reads, for a page to say why.</summary>
    public static IReadOnlyList<Limit> LimitsFor(SectorGroup group) => group switch
    {
        SectorGroup.AgricultureForestryFisheryIndustryConstruction => AgricultureIndustryConstruction,
        SectorGroup.TradeServices => TradeServices,
        _ => throw new InvalidValueException("sectorGroup", $"unknown sector group '{group}'.", $"nhóm ngành '{group}' không hợp lệ."),
    };

    private static readonly Limit[] AgricultureIndustryConstruction =
    [
        new(SizeClass.Micro, 10, 3, 3),
        new(SizeClass.Small, 100, 50, 20),
        new(SizeClass.Medium, 200, 200, 100),
    ];

    private static readonly Limit[] TradeServices =
    [
        new(SizeClass.Micro, 10, 10, 3),
        new(SizeClass.Small, 50, 100, 50),
        new(SizeClass.Medium, 100, 300, 100),
    ];

    /// <summary>The smallest size class the enterprise fits, or <see cref="SizeClass.NotSme"/>.</summary>
    public static SizeClass Classify(SectorGroup group, int averageInsuredEmployees, Money annualRevenue, Money totalCapital)
    {
        if (averageInsuredEmployees < 0)
            throw new InvalidValueException("averageInsuredEmployees", $"must not be negative (was {averageInsuredEmployees}).",
                $"không được là số âm (đã nhập {averageInsuredEmployees}).");

        foreach (var limit in LimitsFor(group))
        {
            if (averageInsuredEmployees <= limit.MaxEmployees
                && (annualRevenue.Dong <= limit.MaxRevenueBillion * Billion || totalCapital.Dong <= limit.MaxCapitalBillion * Billion))
                return limit.Class;
        }

        return SizeClass.NotSme;
    }
}
