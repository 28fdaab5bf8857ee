using FluentValidation;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Vouchers;

/// <summary>The SME confirms it received the service.</summary>
public sealed record ConfirmDelivery(Guid VoucherId, string? Note) : IVoucherCommand;

public sealed class ConfirmDeliveryValidator : AbstractValidator<ConfirmDelivery>
{
    public ConfirmDeliveryValidator() => RuleFor(c => c.Note).MaximumLength(Text.LongMax);
}

public sealed class ConfirmDeliveryHandler(IVouchersDb db, IRequestContext request, TimeProvider clock)
    : VoucherCommandHandler<ConfirmDelivery>(db, request, clock)
{
    protected override Task Apply(ConfirmDelivery c, VoucherCommandScope s)
    {
        s.Voucher.ConfirmDelivery(c.Note, s.Actor, s.Now);
        return Task.CompletedTask;
    }
}
