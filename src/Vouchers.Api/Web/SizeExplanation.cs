using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;

namespace Vouchers.Api.Web;

/// <summary>
/// Why an enterprise has its size class (Decree 80/2021/NĐ-CP, Art. 5), from the ceilings the domain classifies by
/// (<see cref="SmeSizeClassifier.LimitsFor"/>): for each class, smallest first, whether the declared figures fit it and
/// which figure keeps them out. The first that fits is the class (the domain's <see cref="SmeSizeClassifier.Classify"/>).
/// </summary>
public sealed record SizeExplanation(SectorGroup Group, int Employees, long Revenue, long Capital, IReadOnlyList<SizeExplanation.Row> Rows, SizeClass Class)
{
    private const long Billion = 1_000_000_000;

    /// <summary>One class's ceilings and how the figures stand against them.</summary>
    public sealed record Row(SmeSizeClassifier.Limit Limit, bool EmployeesFit, bool RevenueFits, bool CapitalFits)
    {
        public bool Fits => EmployeesFit && (RevenueFits || CapitalFits);
    }

    public static SizeExplanation Of(SectorGroup group, int employees, long revenue, long capital)
    {
        var rows = SmeSizeClassifier.LimitsFor(group).Select(l => new Row(l, employees <= l.MaxEmployees,
            revenue <= l.MaxRevenueBillion * Billion, capital <= l.MaxCapitalBillion * Billion)).ToArray();
        var size = SmeSizeClassifier.Classify(group, employees, Money.Vnd(revenue), Money.Vnd(capital));
        return new SizeExplanation(group, employees, revenue, capital, rows, size);
    }

    /// <summary>The row that gave the class (null: not an SME, every row refused the figures).</summary>
    public Row? Deciding => Rows.FirstOrDefault(r => r.Fits);
}
