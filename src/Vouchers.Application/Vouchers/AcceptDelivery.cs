using FluentValidation;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Vouchers;

/// <summary>The department's acceptance decision (nghiệm thu), after the SME confirmed delivery.</summary>
public sealed record AcceptDelivery(Guid VoucherId, string DecisionNumber, long? AcceptedAmount) : IVoucherCommand;

public sealed class AcceptDeliveryValidator : AbstractValidator<AcceptDelivery>
{
    public AcceptDeliveryValidator()
    {
        RuleFor(c => c.DecisionNumber).NotEmpty().MaximumLength(100);
        RuleFor(c => c.AcceptedAmount).GreaterThan(0).When(c => c.AcceptedAmount is not null);
    }
}

public sealed class AcceptDeliveryHandler(IVouchersDb db, LedgerPostings ledger, IRequestContext request, TimeProvider clock)
    : VoucherCommandHandler<AcceptDelivery>(db, ledger, request, clock)
{
    protected override Task<TransferRequest?> Apply(AcceptDelivery c, VoucherCommandScope s)
    {
        // The domain refuses the subject who reported the delivery; a colleague of the same provider is known only
        // from the caller's token (a user bound to that provider), so that check is here.
        if (s.Caller.ProviderId is { } own && own == s.Voucher.ProviderId)
            throw new SegregationOfDutiesException(SegregationOfDuties.ProviderCannotAcceptOwnDelivery,
                "A user bound to the provider that delivered the service cannot accept that delivery.");
        s.Voucher.Accept(c.DecisionNumber, c.AcceptedAmount is { } a ? Money.Vnd(a) : null, s.Actor, s.Now);
        return Task.FromResult<TransferRequest?>(null);
    }
}
