using FluentValidation;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Vouchers;

/// <summary>The provider reports the service delivered.</summary>
public sealed record ReportDelivery(Guid VoucherId, Guid ProviderId, string Note) : IVoucherCommand;

public sealed class ReportDeliveryValidator : AbstractValidator<ReportDelivery>
{
    public ReportDeliveryValidator() => RuleFor(c => c.Note).NotEmpty().MaximumLength(Text.LongMax);
}

public sealed class ReportDeliveryHandler(IVouchersDb db, IRequestContext request, TimeProvider clock)
    : VoucherCommandHandler<ReportDelivery>(db, request, clock)
{
    protected override Task Apply(ReportDelivery c, VoucherCommandScope s)
    {
        s.Voucher.Deliver(c.ProviderId, c.Note, s.Actor, s.Now);
        return Task.CompletedTask;
    }
}
