using Vouchers.Domain.Common;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>A clawback (thu hồi) recovers at least 1 ₫ and at most what was settled (the accepted amount).</summary>
public sealed class ClawbackWithinSettled(Money amount, Money settled) : IBusinessRule
{
    public const string Code = "voucher.clawback-out-of-range";

    public bool IsBroken() => amount == Money.Zero || amount > settled;

    public DomainException Error() => new BusinessRuleException(Code, $"A clawback must be between 1 ₫ and the settled {settled}.")
    { Values = new Dictionary<string, object> { ["settled"] = settled } };
}
