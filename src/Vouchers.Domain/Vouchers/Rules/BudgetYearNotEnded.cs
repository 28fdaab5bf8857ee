using Vouchers.Domain.Common;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>
/// Which year pays a voucher: the budget of its <see cref="Voucher.BudgetYear"/>, and only while that year lasts
/// (Vietnam's fiscal year is the calendar year, in Asia/Ho_Chi_Minh). Once it has ended, a commitment still open is
/// either carried over to the next year by a finance decision (chuyển nguồn) or released; until then the voucher is
/// neither redeemed (a provider would start work nobody has funded) nor settled (a payment out of a closed year).
/// </summary>
public sealed class BudgetYearNotEnded(Voucher voucher, DateTimeOffset now) : IBusinessRule
{
    public const string Code = "voucher.budget-year-ended";

    public bool IsBroken() => VietnamTime.FiscalYear(now) > voucher.BudgetYear;

    public DomainException Error() => new BusinessRuleException(Code,
        $"Voucher {voucher.Code} is funded by {voucher.BudgetYear}'s budget, which ended on 31/12/{voucher.BudgetYear}: " +
        $"a finance decision must first carry it over to {voucher.BudgetYear + 1} (chuyển nguồn) or release it.")
    { Values = new Dictionary<string, object> { ["budgetYear"] = voucher.BudgetYear, ["nextYear"] = voucher.BudgetYear + 1 } };
}
