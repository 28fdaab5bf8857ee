using FluentValidation;
using Vouchers.Domain.Common;
using Vouchers.Application.Localization;

namespace Vouchers.Application.Abstractions;

/// <summary>Dates and fiscal years a client sends: dates are within <see cref="VietnamTime.EarliestDate"/>–<see cref="VietnamTime.LatestDate"/> (0001-01-01 and 9999-12-31 are not dates of this service).</summary>
public static class DateRules
{
    public static IRuleBuilderOptions<T, DateOnly> SupportedDate<T>(this IRuleBuilder<T, DateOnly> rule) =>
        rule.InclusiveBetween(VietnamTime.EarliestDate, VietnamTime.LatestDate);

    public static IRuleBuilderOptions<T, DateOnly?> SupportedDate<T>(this IRuleBuilder<T, DateOnly?> rule) =>
        rule.InclusiveBetween(VietnamTime.EarliestDate, VietnamTime.LatestDate);

    /// <summary>A fiscal year the service keeps (<see cref="FiscalYears"/>), as the domain checks it.</summary>
    public static IRuleBuilderOptions<T, int> SupportedFiscalYear<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(FiscalYears.First, FiscalYears.Last);
}

/// <summary>Text a client filters by is compared as it is stored, so it is refused, not cleaned, when it holds a control character.</summary>
public static class TextRules
{
    public static IRuleBuilderOptions<T, string?> NoControlCharacters<T>(this IRuleBuilderOptions<T, string?> rule) =>
        rule.Must(v => v is null || !v.Any(char.IsControl)).WithMessage("'{PropertyName}' must not contain control characters.").WithErrorCode(ValidationCodes.ControlCharacters);
}
