using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Qr;
using Vouchers.Domain.Common;

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
        RuleFor(c => c.ContractValue).GreaterThan(0);
        RuleFor(c => c.ContractNumber).NotEmpty().MaximumLength(100);
    }
}

public sealed class RedeemVoucherHandler(IVouchersDb db, IRequestContext request, IVoucherTokens tokens, TimeProvider clock)
    : IRequestHandler<RedeemVoucher, VoucherView>
{
    public async Task<VoucherView> Handle(RedeemVoucher c, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var reading = tokens.Read(c.Token, VietnamTime.Today(now));
        if (!reading.IsValid) throw InvalidTokenException.Of(reading.Fault);
        var claims = reading.Claims!;
        var voucher = await db.Vouchers.FirstOrDefaultAsync(v => v.Id == claims.VoucherId, ct) ?? throw new NotFoundException("voucher", claims.VoucherId);
        VoucherAccess.EnsureVisible(voucher, request, presentingVoucher: true);
        if (claims.Serial != voucher.QrSerial) throw InvalidTokenException.SupersededBy(voucher.QrSerial);
        var program = await db.Programs.FirstOrDefaultAsync(p => p.Id == voucher.ProgramId, ct) ?? throw new NotFoundException("program", voucher.ProgramId);
        var provider = await db.Providers.FirstOrDefaultAsync(p => p.Id == c.ProviderId, ct) ?? throw new NotFoundException("provider", c.ProviderId);
        voucher.Redeem(program, provider, Money.Vnd(c.ContractValue), c.ContractNumber, request.Actor, now);
        return VoucherView.From(voucher, now);
    }
}
