using Vouchers.Domain.Common;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>
/// A year-end release is decided once the fiscal year that pays the voucher has ended (31/12, Asia/Ho_Chi_Minh), not
/// before (a carry-over is held to the same by the lifecycle table's guard, <see cref="VoucherLifecycle.YearNotEnded"/>).
/// </summary>
public sealed class BudgetYearHasEnded(Voucher voucher, DateTimeOffset now) : IBusinessRule
{
    public bool IsBroken() => VietnamTime.FiscalYear(now) <= voucher.BudgetYear;

    public DomainException Error() => new BusinessRuleException(VoucherLifecycle.YearNotEnded,
        $"{voucher.BudgetYear} has not ended: voucher {voucher.Code}'s commitment is decided from 01/01/{voucher.BudgetYear + 1}.");
}
