using FluentValidation;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Vouchers;

/// <summary>The application is rejected, with the reason.</summary>
public sealed record RejectApplication(Guid VoucherId, string Reason) : IVoucherCommand;

public sealed class RejectApplicationValidator : AbstractValidator<RejectApplication>
{
    public RejectApplicationValidator() => RuleFor(c => c.Reason).NotEmpty().MaximumLength(Text.LongMax);
}

public sealed class RejectApplicationHandler(IVouchersDb db, IRequestContext request, TimeProvider clock)
    : VoucherCommandHandler<RejectApplication>(db, request, clock)
{
    protected override Task Apply(RejectApplication c, VoucherCommandScope s)
    {
        s.Voucher.Reject(c.Reason, s.Actor, s.Now);
        return Task.CompletedTask;
    }
}
