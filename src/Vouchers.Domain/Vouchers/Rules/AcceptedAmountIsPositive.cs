using Vouchers.Domain.Common;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>An acceptance accepts something: accepting nothing is refusing acceptance, which is another step (rework).</summary>
public sealed class AcceptedAmountIsPositive(Money accepted) : IBusinessRule
{
    public bool IsBroken() => accepted == Money.Zero;

    public DomainException Error() => new InvalidValueException("acceptedAmount", "must be greater than zero; refuse acceptance instead.",
        "phải lớn hơn 0; nếu không chấp nhận kết quả, hãy từ chối nghiệm thu.");
}
