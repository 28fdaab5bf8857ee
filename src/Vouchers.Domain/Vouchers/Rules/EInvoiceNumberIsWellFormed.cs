using Vouchers.Domain.Common;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>An e-invoice number (hóa đơn điện tử) as printed: letters, digits, '-', '/' and '.', nothing else.</summary>
public sealed class EInvoiceNumberIsWellFormed(string invoice) : IBusinessRule
{
    public bool IsBroken() => !invoice.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '/' or '.');

    public DomainException Error() => new InvalidValueException("eInvoiceNumber", "may contain only letters, digits, '-', '/' and '.'.",
        "chỉ gồm chữ cái, chữ số và các ký tự '-', '/', '.'.");
}
