using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Qr;
using Vouchers.Domain.Common;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Vouchers;

/// <summary>
/// A provider redeems the voucher it scanned: the token must be authentic, unexpired and the voucher's current QR
/// issue (the signature proves origin), and the voucher must be redeemable now (the database decides state: a
/// cancelled or already-redeemed voucher is refused whatever the signature). The voucher is then bound to this
/// provider, once, the contract entered and the support amount fixed. Many providers racing for one voucher: its
/// concurrency token lets exactly one win; every other gets 409 <c>voucher.already-redeemed</c>.
/// </summary>
public sealed record RedeemVoucher(string Token, Guid ProviderId, long ContractValue, string ContractNumber) : IMoneyCommand<VoucherView>;

public sealed class RedeemVoucherValidator : AbstractValidator<RedeemVoucher>
{
    public RedeemVoucherValidator()
    {
        RuleFor(c => c.Token).NotEmpty().MaximumLength(1024);
        RuleFor(c => c.ProviderId).NotEmpty();
        RuleFor(c => c.ContractValue).GreaterThan(0).LessThanOrEqualTo(Voucher.MaxContractValue.Dong);
        RuleFor(c => c.ContractNumber).NotEmpty().MaximumLength(Text.ReferenceMax);
    }
}

public sealed class RedeemVoucherHandler(IVouchersDb db, IRequestContext request, IVoucherTokens tokens, TimeProvider clock)
    : IRequestHandler<RedeemVoucher, VoucherView>
{
    public async Task<VoucherView> Handle(RedeemVoucher c, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var presented = await PresentedVoucher.LoadAsync(db, request, tokens, c.Token, now, forUpdate: true, ct);
        if (presented.Reason == QrFaults.NotFound) throw new NotFoundException("voucher", presented.VoucherId!);
        var voucher = presented.Voucher ?? throw InvalidTokenException.Of(presented.Reason!);
        var program = await db.Programs.FirstOrDefaultAsync(p => p.Id == voucher.ProgramId, ct) ?? throw new NotFoundException("program", voucher.ProgramId);
        var provider = await db.Providers.FirstOrDefaultAsync(p => p.Id == c.ProviderId, ct) ?? throw new NotFoundException("provider", c.ProviderId);
        voucher.Redeem(program, provider, Money.Vnd(c.ContractValue), c.ContractNumber, request.Actor, now);
        return VoucherView.From(voucher, now, request.Actor);
    }
}
