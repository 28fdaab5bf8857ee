using Vouchers.Domain.Common;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>Finance may approve less than the SME asked for, never more.</summary>
public sealed class ApprovalWithinRequest(Money approved, Money requested) : IBusinessRule
{
    public const string Code = "voucher.approval-exceeds-request";

    public bool IsBroken() => approved > requested;

    public DomainException Error() => new BusinessRuleException(Code, $"The approved amount cannot exceed the requested {requested}.")
    { Values = new Dictionary<string, object> { ["requested"] = requested } };
}
