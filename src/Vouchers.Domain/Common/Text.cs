using System.Text;

namespace Vouchers.Domain.Common;

/// <summary>Free text as stored: trimmed, NFC-normalised (Vietnamese typed in NFD must compare equal), bounded, no control characters.</summary>
public static class Text
{
    public static string Required(string? value, string field, int maxLength)
    {
        var v = Optional(value, field, maxLength);
        return string.IsNullOrEmpty(v) ? throw new InvalidValueException(field, "is required.") : v;
    }

    public static string? Optional(string? value, string field, int maxLength)
    {
        if (value is null) return null;
        if (!value.IsNormalized(NormalizationForm.FormC))
        {
            try { value = value.Normalize(NormalizationForm.FormC); }
            catch (ArgumentException) { throw new InvalidValueException(field, "is not valid Unicode text."); }
        }
        value = value.Trim();
        if (value.Length > maxLength) throw new InvalidValueException(field, $"must be at most {maxLength} characters.");
        foreach (var c in value)
            if (char.IsControl(c) && c is not ('\n' or '\t' or '\r'))
                throw new InvalidValueException(field, "must not contain control characters.");
        return value.Length == 0 ? null : value;
    }
}
