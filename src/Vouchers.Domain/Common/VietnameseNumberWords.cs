using System.Text;

namespace Vouchers.Domain.Common;

/// <summary>
/// Writes an amount of đồng in Vietnamese words (<i>bằng chữ</i>) for official documents, by the usual accounting
/// conventions: groups of nghìn / triệu / tỷ, with "tỷ" repeated above a billion (10^12 = "một nghìn tỷ",
/// 10^18 = "một tỷ tỷ"); "mười"/"mươi", "mốt", "lăm", "bốn", "linh"; an inner group keeps "không trăm";
/// all-zero groups are left out.
/// </summary>
public static class VietnameseNumberWords
{
    private static readonly string[] Digits = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];
    private const long Billion = 1_000_000_000;

    /// <summary>
    /// The amount in words, capitalised and ending in " đồng", NFC-normalised: 1_250_000 →
    /// "Một triệu hai trăm năm mươi nghìn đồng"; 0 → "Không đồng". A negative amount is invalid.
    /// </summary>
    public static string ToWords(long dong)
    {
        if (dong < 0)
            throw new InvalidValueException("amount", $"must not be negative (was {dong}).");

        var words = new List<string>();
        if (dong == 0) words.Add(Digits[0]);
        else AppendNumber(words, dong);
        words.Add("đồng");

        var text = string.Join(' ', words);
        return (char.ToUpperInvariant(text[0]) + text[1..]).Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// Appends a positive number as blocks of nine digits, highest first; each block is read with triệu / nghìn and
    /// followed by "tỷ" once per block below it (so 9_223_372_036_854_775_807 reads "chín tỷ tỷ, hai trăm … sáu tỷ, …").
    /// </summary>
    private static void AppendNumber(List<string> words, long n)
    {
        var blocks = new List<int>(); // lowest first
        for (; n > 0; n /= Billion) blocks.Add((int)(n % Billion));

        var leading = true;
        for (var level = blocks.Count - 1; level >= 0; level--)
        {
            if (blocks[level] == 0) continue;
            AppendBlock(words, blocks[level], leading);
            for (var i = 0; i < level; i++) words.Add("tỷ");
            leading = false;
        }
    }

    /// <summary>Appends a block of 1..999_999_999, leaving out all-zero groups.</summary>
    private static void AppendBlock(List<string> words, int block, bool leading)
    {
        (int Value, string? Scale)[] groups =
            [(block / 1_000_000, "triệu"), (block / 1_000 % 1_000, "nghìn"), (block % 1_000, null)];
        foreach (var (value, scale) in groups)
        {
            if (value == 0) continue;
            AppendGroup(words, value, full: !leading);
            if (scale is not null) words.Add(scale);
            leading = false;
        }
    }

    /// <summary>
    /// Appends a group of three digits (1..999). A <paramref name="full"/> group (one after a higher non-zero group)
    /// always names its hundreds, so "không trăm" and "linh" appear.
    /// </summary>
    private static void AppendGroup(List<string> words, int group, bool full)
    {
        int hundreds = group / 100, tens = group / 10 % 10, units = group % 10;
        var hasHundreds = full || hundreds > 0;
        if (hasHundreds) words.AddRange([Digits[hundreds], "trăm"]);

        switch (tens)
        {
            case 0 when units == 0:
                break;
            case 0:
                if (hasHundreds) words.Add("linh");
                words.Add(Digits[units]);
                break;
            case 1:
                words.Add("mười");
                if (units != 0) words.Add(units == 5 ? "lăm" : Digits[units]);
                break;
            default:
                words.AddRange([Digits[tens], "mươi"]);
                if (units != 0) words.Add(units switch { 1 => "mốt", 5 => "lăm", _ => Digits[units] });
                break;
        }
    }
}
