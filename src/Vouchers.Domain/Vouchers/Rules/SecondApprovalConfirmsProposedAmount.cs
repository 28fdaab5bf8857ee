using Vouchers.Domain.Common;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>The second approval (four eyes) confirms exactly the amount the first approver proposed, or names none.</summary>
public sealed class SecondApprovalConfirmsProposedAmount(Money proposed, Money? confirmed) : IBusinessRule
{
    public const string Code = "voucher.second-approval-amount-differs";

    public bool IsBroken() => confirmed is { } amount && amount != proposed;

    public DomainException Error() => new BusinessRuleException(Code,
        $"The second approval confirms the proposed {proposed}; it cannot approve {confirmed}. Reject the application instead.");
}
