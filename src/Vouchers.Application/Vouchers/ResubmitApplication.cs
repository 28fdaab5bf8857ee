using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Vouchers;

/// <summary>The SME answers "returned for more information", possibly with a new amount and description.</summary>
public sealed record ResubmitApplication(Guid VoucherId, long RequestedAmount, string Purpose) : IVoucherCommand;

public sealed class ResubmitApplicationValidator : AbstractValidator<ResubmitApplication>
{
    public ResubmitApplicationValidator()
    {
        RuleFor(c => c.RequestedAmount).GreaterThan(0);
        RuleFor(c => c.Purpose).NotEmpty().MaximumLength(Text.LongMax);
    }
}

public sealed class ResubmitApplicationHandler(IVouchersDb db, IRequestContext request, TimeProvider clock)
    : VoucherCommandHandler<ResubmitApplication>(db, request, clock)
{
    protected override async Task Apply(ResubmitApplication c, VoucherCommandScope s)
    {
        await s.Db.QueueForEnterpriseAsync(s.Voucher.HeadOfficeTaxCode, s.Ct); // the cap is read, then the request may grow
        var sme = await s.Db.Enterprises.FirstAsync(e => e.Id == s.Voucher.EnterpriseId, s.Ct);
        s.Voucher.Resubmit(await s.ProgramAsync(), sme, Money.Vnd(c.RequestedAmount), c.Purpose, await s.HeldByEnterpriseAsync(), s.Actor, s.Now);
    }
}
