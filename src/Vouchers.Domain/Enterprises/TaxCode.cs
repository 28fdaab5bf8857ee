using System.Diagnostics.CodeAnalysis;
using Vouchers.Domain.Common;

namespace Vouchers.Domain.Enterprises;

/// <summary>
/// A Vietnamese tax code (<i>mã số thuế</i>) identifying an enterprise: 10 digits ending in a check digit, or, for a
/// branch, those 10 digits followed by a 3-digit branch suffix (001–999). <see cref="Value"/> is normalised to
/// "NNNNNNNNNN" or "NNNNNNNNNN-NNN".
/// </summary>
public sealed record TaxCode
{
    private const string Field = "taxCode";
    private static readonly int[] Weights = [31, 29, 23, 19, 17, 13, 7, 5, 3];

    private TaxCode(string value) => Value = value;

    /// <summary>The normalised code: 10 digits, or 10 digits, "-" and the 3-digit branch suffix.</summary>
    public string Value { get; }

    /// <summary>Whether this is a branch code (13 digits).</summary>
    public bool IsBranch => Value.Length == 14;

    /// <summary>The 10-digit code of the head office (this code itself when it is not a branch).</summary>
    public TaxCode HeadOffice => IsBranch ? new TaxCode(Value[..10]) : this;

    /// <summary>
    /// Parses a tax code, with or without the hyphen before the branch suffix, ignoring surrounding white space.
    /// Throws <see cref="InvalidValueException"/> (field "taxCode") saying what is wrong.
    /// </summary>
    public static TaxCode Parse(string? input) =>
        Validate(input, out var code) is { } reason ? throw new InvalidValueException(Field, reason.En, reason.Vi) : code!;

    /// <summary>Parses a tax code; false (and null) when it is not valid.</summary>
    public static bool TryParse(string? input, [NotNullWhen(true)] out TaxCode? code)
    {
        Validate(input, out code);
        return code is not null;
    }

    /// <summary>
    /// The check digit for the first nine digits: 10 − (31·N1 + 29·N2 + 23·N3 + 19·N4 + 17·N5 + 13·N6 + 7·N7 + 5·N8
    /// + 3·N9) mod 11; null when that is 10, i.e. no valid code starts with these nine digits.
    /// </summary>
    public static int? ComputeCheckDigit(string nineDigits)
    {
        if (nineDigits is null || nineDigits.Length != 9 || !nineDigits.All(char.IsAsciiDigit))
            throw new InvalidValueException(Field, "the check digit needs exactly 9 digits.");
        var sum = 0;
        for (var i = 0; i < 9; i++) sum += Weights[i] * (nineDigits[i] - '0');
        var digit = 10 - sum % 11;
        return digit == 10 ? null : digit;
    }

    /// <summary>
    /// The valid 10-digit code made of <paramref name="nineDigits"/> and its check digit (for demo and test data).
    /// Throws <see cref="InvalidValueException"/> when no check digit exists for these digits.
    /// </summary>
    public static TaxCode WithCheckDigit(string nineDigits) =>
        ComputeCheckDigit(nineDigits) is { } digit
            ? new TaxCode(nineDigits + (char)('0' + digit))
            : throw new InvalidValueException(Field, $"no check digit exists for '{nineDigits}'.");

    /// <summary>The normalised code.</summary>
    public override string ToString() => Value;

    /// <summary>Returns null and the code when valid, otherwise the reason it is not, in English and Vietnamese (and a null code).</summary>
    private static (string En, string Vi)? Validate(string? input, out TaxCode? code)
    {
        code = null;
        var text = input?.Trim();
        if (string.IsNullOrEmpty(text))
            return ("must not be empty.", "không được để trống.");

        // the hyphen may only separate the 10-digit code from the branch suffix
        var digits = text.Length > 11 && text[10] == '-' ? text.Remove(10, 1) : text;
        if (!digits.All(char.IsAsciiDigit))
            return ("must contain only digits, with an optional '-' before the 3-digit branch suffix.",
                "chỉ gồm chữ số, có thể có dấu '-' trước 3 số đuôi của chi nhánh.");
        if (digits.Length is not (10 or 13))
            return ($"must have 10 digits, or 13 for a branch (had {digits.Length}).",
                $"phải có 10 chữ số, hoặc 13 chữ số với chi nhánh (đã nhập {digits.Length}).");
        if (ComputeCheckDigit(digits[..9]) != digits[9] - '0')
            return ("the check digit (10th digit) is wrong.", "chữ số kiểm tra (chữ số thứ 10) không đúng: kiểm tra lại mã số thuế.");
        if (digits.Length == 13 && digits[10..] == "000")
            return ("the branch suffix must be between 001 and 999.", "số đuôi chi nhánh phải từ 001 đến 999.");

        code = new TaxCode(digits.Length == 10 ? digits : $"{digits[..10]}-{digits[10..]}");
        return null;
    }
}
