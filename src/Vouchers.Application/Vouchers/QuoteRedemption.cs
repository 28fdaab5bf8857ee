using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Qr;
using Vouchers.Domain.Common;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Vouchers;

/// <summary>
/// What redeeming the scanned voucher under this contract value would fix, before the provider confirms: the support
/// amount the fund pays and the SME's co-payment. The token is presented as for the redemption
/// (<see cref="PresentedVoucher"/>), the voucher's redemption refusal comes first, then the domain's own computation
/// (<see cref="Voucher.RedemptionTermsFor"/>, which <see cref="Voucher.Redeem"/> uses too): the preview and the redemption
/// cannot disagree, and a value the redemption would refuse is refused here with the same code. Nothing changes.
/// </summary>
public sealed record QuoteRedemption(string Token, Guid ProviderId, long ContractValue) : IQuery<RedemptionQuote>;

/// <param name="VoucherId">The voucher the token names.</param>
/// <param name="Code">Its printed code.</param>
/// <param name="ContractValue">The contract value asked about (đồng).</param>
/// <param name="SupportAmount">What the fund would pay: min(rate × contract value, per-voucher cap, face value).</param>
/// <param name="SupportAmountInWords">The same in Vietnamese words.</param>
/// <param name="CoPayment">What the SME pays the provider itself: the rest of the contract value.</param>
/// <param name="CoPaymentInWords">The same in Vietnamese words.</param>
/// <param name="FaceValue">The voucher's face value.</param>
/// <param name="SupportRatePercent">The program's support rate.</param>
/// <param name="PriceCeiling">The highest contract value the redemption allows (the provider's list price plus the program's margin).</param>
public sealed record RedemptionQuote(Guid VoucherId, string Code, long ContractValue, long SupportAmount, string SupportAmountInWords,
    long CoPayment, string CoPaymentInWords, long FaceValue, decimal SupportRatePercent, long PriceCeiling);

public sealed class QuoteRedemptionValidator : AbstractValidator<QuoteRedemption>
{
    public QuoteRedemptionValidator()
    {
        RuleFor(c => c.Token).NotEmpty().MaximumLength(1024);
        RuleFor(c => c.ProviderId).NotEmpty();
        RuleFor(c => c.ContractValue).GreaterThan(0).LessThanOrEqualTo(Voucher.MaxContractValue.Dong);
    }
}

public sealed class QuoteRedemptionHandler(IVouchersDb db, IRequestContext request, IVoucherTokens tokens, TimeProvider clock)
    : IRequestHandler<QuoteRedemption, RedemptionQuote>
{
    public async Task<RedemptionQuote> Handle(QuoteRedemption q, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var presented = await PresentedVoucher.LoadAsync(db, request, tokens, q.Token, now, forUpdate: false, ct);
        if (presented.Reason == QrFaults.NotFound) throw new NotFoundException("voucher", presented.VoucherId!);
        var voucher = presented.Voucher ?? throw InvalidTokenException.Of(presented.Reason!);
        var program = await db.Programs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == voucher.ProgramId, ct) ?? throw new NotFoundException("program", voucher.ProgramId);
        var provider = await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == q.ProviderId, ct) ?? throw new NotFoundException("provider", q.ProviderId);
        if (voucher.RedemptionRefusal(program, provider, request.Actor, now) is { } refusal) throw refusal;
        var terms = voucher.RedemptionTermsFor(program, provider, Money.Vnd(q.ContractValue));
        return new RedemptionQuote(voucher.Id, voucher.Code, terms.ContractValue.Dong, terms.Support.Dong, terms.Support.ToWords(),
            terms.CoPayment.Dong, terms.CoPayment.ToWords(), voucher.FaceValue!.Value.Dong, program.SupportRate.BasisPoints / 100m, terms.PriceCeiling.Dong);
    }
}
