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
    public bool NeedsSecondApproval(Money faceValue) => NeedsSecondApproval(faceValue, Money.Zero);

    /// <summary>
    /// True when <paramref name="faceValue"/>, added to what the same officer already issued alone to the same enterprise in
    /// the same program (<paramref name="approvedAlone"/>), reaches the threshold: four eyes cannot be avoided by splitting.
    /// </summary>
    public bool NeedsSecondApproval(Money faceValue, Money approvedAlone) =>
        SecondApprovalFrom.Dong != long.MaxValue && faceValue.Dong + (Int128)approvedAlone.Dong >= SecondApprovalFrom.Dong;
}
