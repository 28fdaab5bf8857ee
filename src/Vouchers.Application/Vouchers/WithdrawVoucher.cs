using FluentValidation;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;

namespace Vouchers.Application.Vouchers;

/// <summary>The SME withdraws its application or unused voucher; an issued voucher releases its whole commitment.</summary>
public sealed record WithdrawVoucher(Guid VoucherId, string? Reason) : IVoucherCommand, IMoneyCommand<VoucherView>;

public sealed class WithdrawVoucherValidator : AbstractValidator<WithdrawVoucher>
{
    public WithdrawVoucherValidator() => RuleFor(c => c.Reason).MaximumLength(Text.LongMax);
}

public sealed class WithdrawVoucherHandler(IVouchersDb db, LedgerPostings ledger, IRequestContext request, TimeProvider clock)
    : MoneyMovingVoucherCommandHandler<WithdrawVoucher>(db, ledger, request, clock)
{
    protected override Task<TransferRequest?> Apply(WithdrawVoucher c, VoucherCommandScope s)
    {
        return Task.FromResult(s.Voucher.Withdraw(c.Reason, s.Actor, s.Now));
    }
}
