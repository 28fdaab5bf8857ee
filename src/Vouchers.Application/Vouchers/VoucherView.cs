using Vouchers.Domain.Common;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Vouchers;

/// <summary>
/// The one shape in which a voucher leaves the application (read models and command answers alike).
/// Amounts are whole đồng; <c>allowedActions</c> is what the caller may do next, in the role its request acts in: the
/// lifecycle table's permitted triggers that this role sends and the voucher's own checks let this caller make
/// (<see cref="VoucherActions"/>), so clients never guess and never show a step that is not theirs.
/// </summary>
public sealed record VoucherView(
    Guid Id, string Code, Guid ProgramId, Guid EnterpriseId, string EnterpriseTaxCode, string SizeClass, int FiscalYear,
    string ServiceKind, string Purpose, long RequestedAmount, string Status, string StatusLabel,
    long? FaceValue, string? FaceValueInWords, DateOnly? ValidUntil, Guid? ProviderId, string? ContractNumber,
    long? ContractValue, long? SupportAmount, long? CoPayment, long? AcceptedAmount, string? AcceptanceDecisionNumber,
    string? EInvoiceNumber, string? PaymentReference, long? ClawedBackAmount, DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<string> AllowedActions, bool IsDemo, long? ProposedAmount, long? PriceCeiling)
{
    public static VoucherView From(Voucher v, DateTimeOffset now, Actor caller) => new(
        v.Id, v.Code, v.ProgramId, v.EnterpriseId, v.EnterpriseTaxCode.Value, v.SizeClass.ToString(), v.FiscalYear,
        v.ServiceKind.ToString(), v.Purpose, v.RequestedAmount.Dong, v.Status.ToString(), VoucherLifecycle.Vi(v.Status),
        v.FaceValue?.Dong, v.FaceValue?.ToWords(), v.ValidUntil, v.ProviderId, v.ContractNumber,
        v.ContractValue?.Dong, v.SupportAmount?.Dong, v.CoPayment?.Dong, v.AcceptedAmount?.Dong, v.AcceptanceDecisionNumber,
        v.EInvoiceNumber, v.PaymentReference, v.ClawedBackAmount?.Dong, v.SubmittedAt, v.UpdatedAt,
        VoucherActions.For(v, caller, now), v.IsDemo, v.ProposedAmount?.Dong, v.PriceCeiling?.Dong);
}

public sealed record VoucherTransitionView(int Sequence, string? From, string To, string? Trigger, string Actor, string Role,
    DateTimeOffset At, string? Reason, Guid? TransferId)
{
    public static VoucherTransitionView Of(VoucherTransition t) => new(t.Sequence, t.From?.ToString(), t.To.ToString(),
        t.Trigger?.ToString(), t.ActorSubject, t.ActorRole, t.At, t.Reason, t.TransferId);
}
