using FluentValidation;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;

namespace Vouchers.Application.Vouchers;

/// <summary>The treasury paid the provider: records the payment order reference and moves payable → disbursed.</summary>
public sealed record DisburseVoucher(Guid VoucherId, string PaymentReference) : IVoucherCommand, IMoneyCommand<VoucherView>;

public sealed class DisburseVoucherValidator : AbstractValidator<DisburseVoucher>
{
    public DisburseVoucherValidator() => RuleFor(c => c.PaymentReference).NotEmpty().MaximumLength(Text.ReferenceMax);
}

public sealed class DisburseVoucherHandler(IVouchersDb db, LedgerPostings ledger, IRequestContext request, TimeProvider clock)
    : MoneyMovingVoucherCommandHandler<DisburseVoucher>(db, ledger, request, clock)
{
    protected override async Task<TransferRequest?> Apply(DisburseVoucher c, VoucherCommandScope s)
    {
        var program = await s.ProgramAsync();
        return s.Voucher.Disburse(program, c.PaymentReference, s.Actor, s.Now, await s.BudgetYearAccountsAsync(program));
    }
}
