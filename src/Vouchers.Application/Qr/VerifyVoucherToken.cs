using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Common;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Qr;

/// <summary>
/// A provider scanned a QR and asks what it is. The token is checked (version, format, key, signature, expiry, then
/// whether it is the voucher's current issue); for a valid one the answer gives the voucher's state as the database
/// has it and whether this provider may redeem it now, by the same rules as the redemption. Nothing about the SME
/// (name, tax code, purpose, size) is in the answer.
/// </summary>
public sealed record VerifyVoucherToken(string Token, Guid ProviderId) : IQuery<TokenVerification>;

/// <param name="Valid">True when the token is authentic, unexpired and the voucher's current QR issue.</param>
/// <param name="Reason">The check that failed (<c>version</c>, <c>format</c>, <c>unknown-key</c>, <c>signature</c>, <c>expired</c>,
/// <c>superseded</c>, <c>not-found</c>, <c>redeemed-elsewhere</c>).</param>
/// <param name="ReasonLabel">The same in Vietnamese, for the provider's screen.</param>
/// <param name="Voucher">For a valid token: what the provider needs to decide.</param>
public sealed record TokenVerification(bool Valid, string? Reason, string? ReasonLabel, ScannedVoucher? Voucher);

public sealed record ScannedVoucher(Guid Id, string Code, string Status, string StatusLabel, long FaceValue, string FaceValueInWords,
    DateOnly ValidUntil, string ServiceKind, string ServiceKindLabel, string ProgramCode, string ProgramName,
    IReadOnlyList<string> EligibleServiceKinds, IReadOnlyList<string> EligibleProviderKinds, bool MayRedeem, string? RefusalCode, string? Refusal);

public sealed class VerifyVoucherTokenValidator : AbstractValidator<VerifyVoucherToken>
{
    public VerifyVoucherTokenValidator()
    {
        RuleFor(c => c.Token).NotEmpty().MaximumLength(1024);
        RuleFor(c => c.ProviderId).NotEmpty();
    }
}

public sealed class VerifyVoucherTokenHandler(IVouchersDb db, IRequestContext request, IVoucherTokens tokens, TimeProvider clock)
    : IRequestHandler<VerifyVoucherToken, TokenVerification>
{
    public async Task<TokenVerification> Handle(VerifyVoucherToken query, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var presented = await PresentedVoucher.LoadAsync(db, request, tokens, query.Token, now, forUpdate: false, ct);
        if (presented.Voucher is not { } voucher) return Invalid(presented.Reason!, presented.VoucherId);
        // Once another provider redeemed it, this one learns no more about the voucher's progress.
        if (voucher.ProviderId is { } redeemer && redeemer != query.ProviderId) return Invalid(QrFaults.RedeemedElsewhere, voucher.Id);

        var program = await db.Programs.AsNoTracking().FirstAsync(p => p.Id == voucher.ProgramId, ct);
        var provider = await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == query.ProviderId, ct)
                       ?? throw new NotFoundException("provider", query.ProviderId);
        var refusal = voucher.RedemptionRefusal(program, provider, request.Actor, now);
        var face = voucher.FaceValue!.Value;
        return new TokenVerification(true, null, null, new ScannedVoucher(voucher.Id, voucher.Code, voucher.Status.ToString(),
            VoucherLifecycle.Vi(voucher.Status), face.Dong, face.ToWords(), voucher.ValidUntil!.Value, voucher.ServiceKind.ToString(),
            Labels.Vi(voucher.ServiceKind), program.Code, program.Name,
            program.EligibleServiceKinds.Select(k => k.ToString()).ToArray(), program.EligibleProviderKinds.Select(k => k.ToString()).ToArray(),
            refusal is null, refusal?.Code, refusal?.Message));
    }

    private TokenVerification Invalid(string reason, Guid? voucherId)
    {
        request.Concerns("voucher", voucherId, "qr." + reason, QrFaults.Message(reason)); // answered 200, but recorded as the refusal it is
        return new TokenVerification(false, reason, QrFaults.Vi(reason), null);
    }
}
