using System.Globalization;

namespace Vouchers.Domain.Common;

/// <summary>
/// An amount of Vietnamese đồng (VND). VND has no minor unit, so the amount is a whole, non-negative
/// number of đồng. Create with <see cref="Vnd"/>; <c>default(Money)</c> is <see cref="Zero"/>.
/// </summary>
public readonly record struct Money : IComparable<Money>
{
    private Money(long dong) => Dong = dong;

    /// <summary>The amount in đồng (never negative).</summary>
    public long Dong { get; }

    /// <summary>Zero đồng.</summary>
    public static Money Zero => default;

    /// <summary>Creates an amount of <paramref name="dong"/> đồng; a negative amount is invalid.</summary>
    public static Money Vnd(long dong) =>
        dong < 0 ? throw new InvalidValueException("amount", $"must not be negative (was {dong}).", $"không được là số âm (đã nhập {dong}).") : new Money(dong);

    /// <summary>Adds two amounts; a sum beyond <see cref="long.MaxValue"/> đồng is invalid.</summary>
    public static Money operator +(Money a, Money b) =>
        b.Dong > long.MaxValue - a.Dong
            ? throw new InvalidValueException("amount", "the sum is too large to represent.", "tổng quá lớn.")
            : new Money(a.Dong + b.Dong);

    /// <summary>Subtracts <paramref name="b"/> from <paramref name="a"/>; a negative result is invalid.</summary>
    public static Money operator -(Money a, Money b) =>
        b.Dong > a.Dong
            ? throw new InvalidValueException("amount", $"cannot subtract {b} from {a}: the result would be negative.",
                $"không thể trừ {b} khỏi {a}: kết quả sẽ là số âm.")
            : new Money(a.Dong - b.Dong);

    public static bool operator <(Money a, Money b) => a.Dong < b.Dong;
    public static bool operator >(Money a, Money b) => a.Dong > b.Dong;
    public static bool operator <=(Money a, Money b) => a.Dong <= b.Dong;
    public static bool operator >=(Money a, Money b) => a.Dong >= b.Dong;

    /// <summary>The smaller of two amounts.</summary>
    public static Money Min(Money a, Money b) => a <= b ? a : b;

    /// <summary>The larger of two amounts.</summary>
    public static Money Max(Money a, Money b) => a >= b ? a : b;

    /// <inheritdoc />
    public int CompareTo(Money other) => Dong.CompareTo(other.Dong);

    /// <summary>
    /// The share of this amount at <paramref name="rate"/>, rounded down to whole đồng, so a support amount
    /// never exceeds the rate. Exact for every amount (computed in 128-bit integers).
    /// </summary>
    public Money ApplyRate(SupportRate rate) =>
        new((long)((Int128)Dong * rate.BasisPoints / SupportRate.MaxBasisPoints));

    /// <summary>
    /// Splits this amount in proportion to <paramref name="ratios"/>; the parts always sum exactly to this amount.
    /// Each part is first rounded down; the đồng left over go one each to the parts with the largest remainders
    /// (ties to the earlier part), so the result is deterministic and a zero ratio always gets zero.
    /// </summary>
    public Money[] Allocate(params long[] ratios)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        if (ratios.Length == 0)
            throw new InvalidValueException("ratios", "at least one ratio is required.");
        if (ratios.Any(r => r < 0))
            throw new InvalidValueException("ratios", "ratios must not be negative.");

        Int128 total = 0;
        foreach (var r in ratios) total += r;
        if (total == 0)
            throw new InvalidValueException("ratios", "at least one ratio must be greater than zero.");

        var parts = new long[ratios.Length];
        var remainders = new Int128[ratios.Length];
        long allocated = 0;
        for (var i = 0; i < ratios.Length; i++)
        {
            var product = (Int128)Dong * ratios[i];
            parts[i] = (long)(product / total);
            remainders[i] = product % total;
            allocated += parts[i];
        }

        var leftover = Dong - allocated; // fewer than the number of parts with a non-zero remainder
        var order = Enumerable.Range(0, ratios.Length).OrderByDescending(i => remainders[i]).ThenBy(i => i);
        foreach (var i in order.Take((int)leftover)) parts[i]++;

        return Array.ConvertAll(parts, p => new Money(p));
    }

    /// <summary>The amount in words for official documents, e.g. "Một triệu đồng".</summary>
    public string ToWords() => VietnameseNumberWords.ToWords(Dong);

    /// <summary>The amount as shown in Vietnam, e.g. "1.000.000 ₫", whatever the current culture.</summary>
    public override string ToString() =>
        Dong.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.') + " ₫";
}

/// <summary>
/// A support rate: the share of a contract value a program pays, in basis points (1 bp = 0,01%), from 0% to 100%.
/// <c>default(SupportRate)</c> is 0%.
/// </summary>
public readonly record struct SupportRate
{
    /// <summary>100% in basis points.</summary>
    public const int MaxBasisPoints = 10_000;

    private SupportRate(int basisPoints) => BasisPoints = basisPoints;

    /// <summary>The rate in basis points (0..10000).</summary>
    public int BasisPoints { get; }

    /// <summary>Creates a rate from basis points; must be within 0..10000.</summary>
    public static SupportRate FromBasisPoints(int basisPoints) =>
        basisPoints is < 0 or > MaxBasisPoints
            ? throw new InvalidValueException("rate", $"must be between 0 and {MaxBasisPoints} basis points (was {basisPoints}).")
            : new SupportRate(basisPoints);

    /// <summary>Creates a rate from a percentage (e.g. 12.5m); must be 0..100 and a whole number of basis points.</summary>
    public static SupportRate FromPercent(decimal percent)
    {
        if (percent is < 0m or > 100m)
            throw new InvalidValueException("rate", $"must be between 0% and 100% (was {percent.ToString(CultureInfo.InvariantCulture)}%).");
        var basisPoints = percent * 100m;
        if (basisPoints != decimal.Truncate(basisPoints))
            throw new InvalidValueException("rate", $"must be a whole number of basis points (0.01%) (was {percent.ToString(CultureInfo.InvariantCulture)}%).");
        return new SupportRate((int)basisPoints);
    }

    /// <summary>The rate as a Vietnamese percentage, e.g. "50%" or "12,5%".</summary>
    public override string ToString() =>
        (BasisPoints / 100m).ToString("0.##", CultureInfo.InvariantCulture).Replace('.', ',') + "%";
}
