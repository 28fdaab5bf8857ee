using Vouchers.Domain.Common;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>The department accepts at most the support amount the redemption fixed; what it accepts is what will be paid.</summary>
public sealed class AcceptanceWithinSupport(Money accepted, Money support) : IBusinessRule
{
    public const string Code = "voucher.acceptance-exceeds-support";

    public bool IsBroken() => accepted > support;

    public DomainException Error() => new BusinessRuleException(Code, $"At most the support amount {support} can be accepted.")
    { Values = new Dictionary<string, object> { ["support"] = support } };
}
