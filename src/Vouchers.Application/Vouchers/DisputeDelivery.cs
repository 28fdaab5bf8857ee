using FluentValidation;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Vouchers;

/// <summary>The SME or the department disputes the delivery.</summary>
public sealed record DisputeDelivery(Guid VoucherId, string Reason) : IVoucherCommand;

public sealed class DisputeDeliveryValidator : AbstractValidator<DisputeDelivery>
{
    public DisputeDeliveryValidator() => RuleFor(c => c.Reason).NotEmpty().MaximumLength(Text.LongMax);
}

public sealed class DisputeDeliveryHandler(IVouchersDb db, IRequestContext request, TimeProvider clock)
    : VoucherCommandHandler<DisputeDelivery>(db, request, clock)
{
    protected override Task Apply(DisputeDelivery c, VoucherCommandScope s)
    {
        s.Voucher.Dispute(c.Reason, s.Actor, s.Now);
        return Task.CompletedTask;
    }
}
