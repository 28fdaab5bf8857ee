using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Vouchers;

/// <summary>The provider claims payment with its e-invoice number (hóa đơn điện tử), which must be unique per provider.</summary>
public sealed record ClaimPayment(Guid VoucherId, Guid ProviderId, string EInvoiceNumber) : IVoucherCommand, IMoneyCommand<VoucherView>;

public sealed class ClaimPaymentValidator : AbstractValidator<ClaimPayment>
{
    public ClaimPaymentValidator() => RuleFor(c => c.EInvoiceNumber).NotEmpty().MaximumLength(50);
}

public sealed class ClaimPaymentHandler(IVouchersDb db, IRequestContext request, TimeProvider clock)
    : VoucherCommandHandler<ClaimPayment>(db, request, clock)
{
    protected override async Task Apply(ClaimPayment c, VoucherCommandScope s)
    {
        s.Voucher.ClaimPayment(c.ProviderId, c.EInvoiceNumber, s.Actor, s.Now);
        var invoice = s.Voucher.EInvoiceNumber;
        // Also enforced by a unique index (ProviderId, EInvoiceNumber); this check gives the clear message.
        if (await s.Db.Vouchers.AnyAsync(v => v.ProviderId == s.Voucher.ProviderId && v.EInvoiceNumber == invoice && v.Id != s.Voucher.Id, s.Ct))
            throw new BusinessRuleException("voucher.e-invoice-already-claimed", $"E-invoice {invoice} was already used for another voucher of this provider.")
            { Values = new Dictionary<string, object> { ["invoice"] = invoice! } };
    }
}
