using Vouchers.Domain.Common;
using FluentValidation;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Ledger;

namespace Vouchers.Application.Vouchers;

/// <summary>Acceptance refused (or a dispute resolved): the provider must rework the delivery.</summary>
public sealed record RequestRework(Guid VoucherId, string Reason) : IVoucherCommand;

public sealed class RequestReworkValidator : AbstractValidator<RequestRework>
{
    public RequestReworkValidator() => RuleFor(c => c.Reason).NotEmpty().MaximumLength(Text.LongMax);
}

public sealed class RequestReworkHandler(IVouchersDb db, LedgerPostings ledger, IRequestContext request, TimeProvider clock)
    : VoucherCommandHandler<RequestRework>(db, ledger, request, clock)
{
    protected override Task<TransferRequest?> Apply(RequestRework c, VoucherCommandScope s)
    {
        s.Voucher.RequestRework(c.Reason, s.Actor, s.Now);
        return Task.FromResult<TransferRequest?>(null);
    }
}
