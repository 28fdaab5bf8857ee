using Vouchers.Application.Localization;
using System.Security.Cryptography;
using System.Text;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Enterprises;

namespace Vouchers.Application.Qr;

/// <summary>
/// A provider cannot scan the QR (no camera, a damaged card) and types what the card prints: the short voucher code
/// (<c>PH-7KQ2-M9XD-3TWA</c>) and the tax code of the SME in front of it, which the card asks the provider to check.
/// The code and the tax code together stand for the QR: when both match, the voucher's current token is verified by
/// <see cref="VerifyVoucherTokenHandler"/> itself, so every check (token expiry, state, accreditation, provider kind,
/// related party, budget year) is the scan's. A wrong code and a right code with a wrong tax code get the same answer,
/// <c>not-found</c> (no oracle for either; the audit line still says which). A valid answer carries the voucher's
/// token, for the redemption (<see cref="Vouchers.RedeemVoucher"/>) that follows: the provider now holds what a scan gives.
/// </summary>
public sealed record VerifyVoucherCode(string Code, string TaxCode, Guid ProviderId) : IQuery<CodeVerification>;

/// <param name="Valid">The code and tax code name a voucher, and its current token passed every check of a scan.</param>
/// <param name="Reason">The check that failed, as <see cref="TokenVerification.Reason"/> (<c>not-found</c> for a wrong code or tax code).</param>
/// <param name="ReasonLabel">The same in Vietnamese.</param>
/// <param name="Voucher">For a valid answer: what the scan tells.</param>
/// <param name="Token">For a valid answer: the voucher's current QR token, to redeem it with.</param>
public sealed record CodeVerification(bool Valid, string? Reason, string? ReasonLabel, ScannedVoucher? Voucher, string? Token);

public sealed class VerifyVoucherCodeValidator : AbstractValidator<VerifyVoucherCode>
{
    /// <summary><c>PH-</c> and three groups of four from the code's alphabet; lower case and spaces around are accepted as typed.</summary>
    public const string CodePattern = "^PH-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$";

    public VerifyVoucherCodeValidator()
    {
        RuleFor(c => c.Code).NotEmpty().MaximumLength(40)
            .Must(code => System.Text.RegularExpressions.Regex.IsMatch(VerifyVoucherCodeHandler.Normalise(code), CodePattern))
            .WithMessage("'Code' is not a voucher code (PH-XXXX-XXXX-XXXX).").WithErrorCode(ValidationCodes.NotAVoucherCode);
        RuleFor(c => c.TaxCode).NotEmpty().MaximumLength(20)
            .Must(t => Domain.Enterprises.TaxCode.TryParse(t, out _)).WithMessage("'Tax Code' is not a valid tax code.").WithErrorCode(ValidationCodes.NotATaxCode);
        RuleFor(c => c.ProviderId).NotEmpty();
    }
}

public sealed class VerifyVoucherCodeHandler(IVouchersDb db, IRequestContext request, IVoucherTokens tokens, TimeProvider clock)
    : IRequestHandler<VerifyVoucherCode, CodeVerification>
{
    public static string Normalise(string? code) => (code ?? "").Trim().ToUpperInvariant();

    public async Task<CodeVerification> Handle(VerifyVoucherCode query, CancellationToken ct)
    {
        var code = Normalise(query.Code);
        var typed = Domain.Enterprises.TaxCode.Parse(query.TaxCode).Value;
        var found = await db.Vouchers.AsNoTracking().Where(v => v.Code == code)
            .Select(v => new { v.Id, TaxCode = v.EnterpriseTaxCode, v.QrToken }).FirstOrDefaultAsync(ct);
        // The tax code is compared in constant time, and against a stand-in when no voucher has the code, so both wrong
        // answers do the same work.
        var matches = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(found?.TaxCode.Value ?? "0000000000"), Encoding.ASCII.GetBytes(typed))
                      && found is not null;
        if (found is null || !matches || found.QrToken is null) // no QR yet: not issued, as unknown to a provider as a wrong code
        {
            request.Concerns("voucher", found?.Id, "qr." + QrFaults.NotFound,
                found is null ? "No voucher has this code." : found.QrToken is null ? "The voucher has no QR yet (not issued)." : "The tax code is not the voucher's enterprise's.");
            return new CodeVerification(false, QrFaults.NotFound, QrFaults.Vi(QrFaults.NotFound), null, null);
        }
        // the very verification of a scan, with the token the voucher was last issued with
        var verified = await new VerifyVoucherTokenHandler(db, request, tokens, clock).Handle(new VerifyVoucherToken(found.QrToken, query.ProviderId), ct);
        return new CodeVerification(verified.Valid, verified.Reason, verified.ReasonLabel, verified.Voucher, verified.Valid ? found.QrToken : null);
    }
}
