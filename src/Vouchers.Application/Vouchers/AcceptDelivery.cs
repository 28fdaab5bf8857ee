using FluentValidation;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Vouchers;

/// <summary>The department's acceptance decision (nghiệm thu), after the SME confirmed delivery.</summary>
public sealed record AcceptDelivery(Guid VoucherId, string DecisionNumber, long? AcceptedAmount) : IVoucherCommand;

public sealed class AcceptDeliveryValidator : AbstractValidator<AcceptDelivery>
{
    public AcceptDeliveryValidator()
    {
        RuleFor(c => c.DecisionNumber).NotEmpty().MaximumLength(Text.ReferenceMax);
        RuleFor(c => c.AcceptedAmount).GreaterThan(0).When(c => c.AcceptedAmount is not null);
    }
}

public sealed class AcceptDeliveryHandler(IVouchersDb db, IRequestContext request, TimeProvider clock)
    : VoucherCommandHandler<AcceptDelivery>(db, request, clock)
{
    protected override Task Apply(AcceptDelivery c, VoucherCommandScope s)
    {
        s.Voucher.Accept(c.DecisionNumber, c.AcceptedAmount is { } a ? Money.Vnd(a) : null, s.Actor, s.Now);
        return Task.CompletedTask;
    }
}
