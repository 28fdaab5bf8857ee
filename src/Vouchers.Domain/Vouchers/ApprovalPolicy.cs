using Vouchers.Domain.Common;

namespace Vouchers.Domain.Vouchers;

/// <summary>
/// Four eyes (phê duyệt hai cấp): an approval whose face value is at least <see cref="SecondApprovalFrom"/> needs a
/// second finance officer, a different person from the first, before the voucher is issued and its budget committed.
/// The amount is configuration (the application reads it); the rule and its states are the voucher's.
/// </summary>
/// <param name="SecondApprovalFrom">The smallest face value that needs two approvers. <c>Money.Vnd(long.MaxValue)</c> means never.</param>
public sealed record ApprovalPolicy(Money SecondApprovalFrom)
{
    /// <summary>One approval always suffices (tests, seeding, a deployment that does not use four eyes).</summary>
    public static readonly ApprovalPolicy SingleApproval = new(Money.Vnd(long.MaxValue));

    /// <summary>True when approving <paramref name="faceValue"/> needs a second, different approver.</summary>
    public bool NeedsSecondApproval(Money faceValue) => SecondApprovalFrom.Dong != long.MaxValue && faceValue >= SecondApprovalFrom;
}
