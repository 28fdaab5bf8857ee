using FluentValidation;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Vouchers;

/// <summary>The reviewer (Sở KH&amp;CN) recommends the application for approval.</summary>
public sealed record RecommendApplication(Guid VoucherId, string? Note) : IVoucherCommand;

public sealed class RecommendApplicationValidator : AbstractValidator<RecommendApplication>
{
    public RecommendApplicationValidator() => RuleFor(c => c.Note).MaximumLength(Text.LongMax);
}

public sealed class RecommendApplicationHandler(IVouchersDb db, IRequestContext request, TimeProvider clock)
    : VoucherCommandHandler<RecommendApplication>(db, request, clock)
{
    protected override Task Apply(RecommendApplication c, VoucherCommandScope s)
    {
        s.Voucher.Recommend(c.Note, s.Actor, s.Now);
        return Task.CompletedTask;
    }
}
