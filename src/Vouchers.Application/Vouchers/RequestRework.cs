using FluentValidation;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Vouchers;

/// <summary>Acceptance refused (or a dispute resolved): the provider must rework the delivery.</summary>
public sealed record RequestRework(Guid VoucherId, string Reason) : IVoucherCommand;

public sealed class RequestReworkValidator : AbstractValidator<RequestRework>
{
    public RequestReworkValidator() => RuleFor(c => c.Reason).NotEmpty().MaximumLength(Text.LongMax);
}

public sealed class RequestReworkHandler(IVouchersDb db, IRequestContext request, TimeProvider clock)
    : VoucherCommandHandler<RequestRework>(db, request, clock)
{
    protected override Task Apply(RequestRework c, VoucherCommandScope s)
    {
        s.Voucher.RequestRework(c.Reason, s.Actor, s.Now);
        return Task.CompletedTask;
    }
}
