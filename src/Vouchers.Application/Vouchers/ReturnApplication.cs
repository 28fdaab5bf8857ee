using FluentValidation;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Vouchers;

/// <summary>The reviewer returns the application to the SME for more information.</summary>
public sealed record ReturnApplication(Guid VoucherId, string Reason) : IVoucherCommand;

public sealed class ReturnApplicationValidator : AbstractValidator<ReturnApplication>
{
    public ReturnApplicationValidator() => RuleFor(c => c.Reason).NotEmpty().MaximumLength(Text.LongMax);
}

public sealed class ReturnApplicationHandler(IVouchersDb db, IRequestContext request, TimeProvider clock)
    : VoucherCommandHandler<ReturnApplication>(db, request, clock)
{
    protected override Task Apply(ReturnApplication c, VoucherCommandScope s)
    {
        s.Voucher.ReturnForInfo(c.Reason, s.Actor, s.Now);
        return Task.CompletedTask;
    }
}
