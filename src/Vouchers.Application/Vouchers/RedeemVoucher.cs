using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;

namespace Vouchers.Application.Vouchers;

/// <summary>
/// A provider redeems an issued voucher: it is bound to that provider (once), the contract value is entered and the
/// support amount fixed. Two providers racing for one voucher: the voucher's concurrency token lets exactly one win.
/// </summary>
public sealed record RedeemVoucher(Guid VoucherId, Guid ProviderId, long ContractValue, string ContractNumber)
    : IVoucherCommand, IMoneyCommand<VoucherView>;

public sealed class RedeemVoucherValidator : AbstractValidator<RedeemVoucher>
{
    public RedeemVoucherValidator()
    {
        RuleFor(c => c.ProviderId).NotEmpty();
        RuleFor(c => c.ContractValue).GreaterThan(0);
        RuleFor(c => c.ContractNumber).NotEmpty().MaximumLength(100);
    }
}

public sealed class RedeemVoucherHandler(IVouchersDb db, LedgerPostings ledger, IRequestContext request, TimeProvider clock)
    : VoucherCommandHandler<RedeemVoucher>(db, ledger, request, clock)
{
    protected override bool PresentsVoucher => true;

    protected override async Task<TransferRequest?> Apply(RedeemVoucher c, VoucherCommandScope s)
    {
        var provider = await s.Db.Providers.FirstOrDefaultAsync(p => p.Id == c.ProviderId, s.Ct) ?? throw new NotFoundException("provider", c.ProviderId);
        s.Voucher.Redeem(await s.ProgramAsync(), provider, Money.Vnd(c.ContractValue), c.ContractNumber, s.Actor, s.Now);
        return null;
    }
}
