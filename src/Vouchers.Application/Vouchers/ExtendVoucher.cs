using FluentValidation;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Qr;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Vouchers;

/// <summary>
/// Finance (the funder, of the voucher's province) extends an issued voucher's validity to a later date, with a reason
/// (<see cref="Voucher.Extend"/>: within the program's limit, never for a voucher redeemed, closed or already past its
/// date). No money moves. The QR follows in the same transaction: a new token with the new date is signed (serial + 1),
/// and every earlier token is refused from now on as <c>qr.superseded</c>. <see cref="Voucher.Extend"/> itself refuses,
/// before anything changes, a voucher that has had its last QR (<c>voucher.qr-reissue-limit</c>).
/// </summary>
public sealed record ExtendVoucher(Guid VoucherId, DateOnly ValidUntil, string Reason) : IVoucherCommand;

public sealed class ExtendVoucherValidator : AbstractValidator<ExtendVoucher>
{
    public ExtendVoucherValidator()
    {
        RuleFor(c => c.ValidUntil).NotEmpty();
        RuleFor(c => c.Reason).NotEmpty().MaximumLength(Voucher.ExtensionReasonMax);
    }
}

public sealed class ExtendVoucherHandler(IVouchersDb db, IRequestContext request, TimeProvider clock, IVoucherTokens tokens)
    : VoucherCommandHandler<ExtendVoucher>(db, request, clock)
{
    protected override async Task Apply(ExtendVoucher c, VoucherCommandScope s)
    {
        var program = await s.ProgramAsync();
        s.Voucher.Extend(program, c.ValidUntil, c.Reason, s.Actor, s.Now);
        VoucherQrIssue.SignNext(s.Voucher, tokens, s.Now);
    }
}
