using Vouchers.Domain.Common;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>A year-end decision on <c>fiscalYear</c> decides only the vouchers that year's budget pays (<see cref="Voucher.BudgetYear"/>).</summary>
public sealed class BudgetYearIs(Voucher voucher, int fiscalYear) : IBusinessRule
{
    public const string Code = "year-end.not-in-year";

    public bool IsBroken() => voucher.BudgetYear != fiscalYear;

    public DomainException Error() => new BusinessRuleException(Code, $"Voucher {voucher.Code} is funded by {voucher.BudgetYear}'s budget, not {fiscalYear}'s.");
}
