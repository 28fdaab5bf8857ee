using Vouchers.Domain.Common;
using FluentValidation;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Ledger;

namespace Vouchers.Application.Vouchers;

/// <summary>The application is rejected, with the reason.</summary>
public sealed record RejectApplication(Guid VoucherId, string Reason) : IVoucherCommand;

public sealed class RejectApplicationValidator : AbstractValidator<RejectApplication>
{
    public RejectApplicationValidator() => RuleFor(c => c.Reason).NotEmpty().MaximumLength(Text.LongMax);
}

public sealed class RejectApplicationHandler(IVouchersDb db, LedgerPostings ledger, IRequestContext request, TimeProvider clock)
    : VoucherCommandHandler<RejectApplication>(db, ledger, request, clock)
{
    protected override Task<TransferRequest?> Apply(RejectApplication c, VoucherCommandScope s)
    {
        s.Voucher.Reject(c.Reason, s.Actor, s.Now);
        return Task.FromResult<TransferRequest?>(null);
    }
}
