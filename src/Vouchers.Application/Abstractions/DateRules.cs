using FluentValidation;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Abstractions;

/// <summary>Dates a client sends are within <see cref="VietnamTime.EarliestDate"/>–<see cref="VietnamTime.LatestDate"/> (0001-01-01 and 9999-12-31 are not dates of this service).</summary>
public static class DateRules
{
    public static IRuleBuilderOptions<T, DateOnly> SupportedDate<T>(this IRuleBuilder<T, DateOnly> rule) =>
        rule.InclusiveBetween(VietnamTime.EarliestDate, VietnamTime.LatestDate);

    public static IRuleBuilderOptions<T, DateOnly?> SupportedDate<T>(this IRuleBuilder<T, DateOnly?> rule) =>
        rule.InclusiveBetween(VietnamTime.EarliestDate, VietnamTime.LatestDate);
}
