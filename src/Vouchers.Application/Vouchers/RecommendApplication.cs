using Vouchers.Domain.Common;
using FluentValidation;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Ledger;

namespace Vouchers.Application.Vouchers;

/// <summary>The reviewer (Sở KH&amp;CN) recommends the application for approval.</summary>
public sealed record RecommendApplication(Guid VoucherId, string? Note) : IVoucherCommand;

public sealed class RecommendApplicationValidator : AbstractValidator<RecommendApplication>
{
    public RecommendApplicationValidator() => RuleFor(c => c.Note).MaximumLength(Text.LongMax);
}

public sealed class RecommendApplicationHandler(IVouchersDb db, LedgerPostings ledger, IRequestContext request, TimeProvider clock)
    : VoucherCommandHandler<RecommendApplication>(db, ledger, request, clock)
{
    protected override Task<TransferRequest?> Apply(RecommendApplication c, VoucherCommandScope s)
    {
        s.Voucher.Recommend(c.Note, s.Actor, s.Now);
        return Task.FromResult<TransferRequest?>(null);
    }
}
