using Vouchers.Domain.Common;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>An extension moves the validity date later; the same or an earlier date is not an extension (shortening is a cancellation).</summary>
public sealed class ExtensionMovesValidityLater(DateOnly current, DateOnly requested) : IBusinessRule
{
    public const string Code = "voucher.extension-not-later";

    public bool IsBroken() => requested <= current;

    public DomainException Error() =>
        new BusinessRuleException(Code, $"The voucher is valid until {current:dd/MM/yyyy}; an extension must give a later date, not {requested:dd/MM/yyyy}.")
        { Values = new Dictionary<string, object> { ["current"] = current, ["requested"] = requested } };
}
