using Vouchers.Domain.Common;
using FluentValidation;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Ledger;

namespace Vouchers.Application.Vouchers;

/// <summary>The SME confirms it received the service.</summary>
public sealed record ConfirmDelivery(Guid VoucherId, string? Note) : IVoucherCommand;

public sealed class ConfirmDeliveryValidator : AbstractValidator<ConfirmDelivery>
{
    public ConfirmDeliveryValidator() => RuleFor(c => c.Note).MaximumLength(Text.LongMax);
}

public sealed class ConfirmDeliveryHandler(IVouchersDb db, LedgerPostings ledger, IRequestContext request, TimeProvider clock)
    : VoucherCommandHandler<ConfirmDelivery>(db, ledger, request, clock)
{
    protected override Task<TransferRequest?> Apply(ConfirmDelivery c, VoucherCommandScope s)
    {
        s.Voucher.ConfirmDelivery(c.Note, s.Actor, s.Now);
        return Task.FromResult<TransferRequest?>(null);
    }
}
