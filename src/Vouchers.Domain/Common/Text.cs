using System.Globalization;
using System.Text;

namespace Vouchers.Domain.Common;

/// <summary>
/// Free text as stored: trimmed, NFC-normalised (Vietnamese typed in NFD must compare equal), bounded, no control
/// characters and no invisible format characters (Unicode category Cf: zero-width space, joiners, word joiner, BOM,
/// soft hyphen, bidirectional overrides, tags). Vietnamese needs none of them; they only make text that looks empty
/// or looks like something else. Text made only of white space and format characters is no text at all.
/// </summary>
public static class Text
{
    /// <summary>Free text a person writes: a purpose, a note, a reason (the database columns that hold it are as wide).</summary>
    public const int LongMax = 2000;

    /// <summary>A number or reference issued elsewhere: a decision, contract, accreditation or payment-order number.</summary>
    public const int ReferenceMax = 100;

    /// <summary>The name of an enterprise, provider, program, fund or service.</summary>
    public const int NameMax = 300;

    public static string Required(string? value, string field, int maxLength)
    {
        var v = Optional(value, field, maxLength);
        return string.IsNullOrEmpty(v) ? throw new InvalidValueException(field, "is required.", "không được để trống.") : v;
    }

    public static string? Optional(string? value, string field, int maxLength)
    {
        if (value is null) return null;
        if (!value.IsNormalized(NormalizationForm.FormC))
        {
            try { value = value.Normalize(NormalizationForm.FormC); }
            catch (ArgumentException) { throw new InvalidValueException(field, "is not valid Unicode text.", "không phải văn bản Unicode hợp lệ."); }
        }
        value = value.Trim();
        if (value.EnumerateRunes().All(r => Rune.IsWhiteSpace(r) || Rune.GetUnicodeCategory(r) == UnicodeCategory.Format)) return null;
        if (value.Length > maxLength) throw new InvalidValueException(field, $"must be at most {maxLength} characters.", $"dài tối đa {maxLength} ký tự.");
        foreach (var r in value.EnumerateRunes())
        {
            if (Rune.IsControl(r) && r.Value is not ('\n' or '\t' or '\r'))
                throw new InvalidValueException(field, "must not contain control characters.", "không được chứa ký tự điều khiển.");
            if (Rune.GetUnicodeCategory(r) == UnicodeCategory.Format)
                throw new InvalidValueException(field, $"must not contain invisible formatting characters (U+{r.Value:X4}).",
                    $"không được chứa ký tự định dạng ẩn (U+{r.Value:X4}).");
        }
        return value;
    }
}
