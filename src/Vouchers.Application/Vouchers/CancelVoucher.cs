using FluentValidation;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;

namespace Vouchers.Application.Vouchers;

/// <summary>Finance cancels a voucher before acceptance; the whole commitment is released.</summary>
public sealed record CancelVoucher(Guid VoucherId, string Reason) : IVoucherCommand, IMoneyCommand<VoucherView>;

public sealed class CancelVoucherValidator : AbstractValidator<CancelVoucher>
{
    public CancelVoucherValidator() => RuleFor(c => c.Reason).NotEmpty().MaximumLength(Text.LongMax);
}

public sealed class CancelVoucherHandler(IVouchersDb db, LedgerPostings ledger, IRequestContext request, TimeProvider clock)
    : MoneyMovingVoucherCommandHandler<CancelVoucher>(db, ledger, request, clock)
{
    protected override Task<TransferRequest?> Apply(CancelVoucher c, VoucherCommandScope s)
    {
        return Task.FromResult<TransferRequest?>(s.Voucher.Cancel(c.Reason, s.Actor, s.Now));
    }
}
