using FluentValidation;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;

namespace Vouchers.Application.Vouchers;

/// <summary>Thu hồi: money reclaimed after settlement, by a new reversing transfer back to the program's budget.</summary>
public sealed record ClawBackVoucher(Guid VoucherId, long? Amount, string Reason) : IVoucherCommand, IMoneyCommand<VoucherView>;

public sealed class ClawBackVoucherValidator : AbstractValidator<ClawBackVoucher>
{
    public ClawBackVoucherValidator()
    {
        RuleFor(c => c.Reason).NotEmpty().MaximumLength(Text.LongMax);
        RuleFor(c => c.Amount).GreaterThan(0).When(c => c.Amount is not null);
    }
}

public sealed class ClawBackVoucherHandler(IVouchersDb db, LedgerPostings ledger, IRequestContext request, TimeProvider clock)
    : MoneyMovingVoucherCommandHandler<ClawBackVoucher>(db, ledger, request, clock)
{
    protected override async Task<TransferRequest?> Apply(ClawBackVoucher c, VoucherCommandScope s)
    {
        var program = await s.ProgramAsync();
        return s.Voucher.ClawBack(program, c.Amount is { } a ? Money.Vnd(a) : null, c.Reason, s.Actor, s.Now, await s.BudgetYearAccountsAsync(program));
    }
}
