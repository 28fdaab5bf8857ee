using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Vouchers;

/// <summary>
/// Who sends each lifecycle trigger: the one mapping of trigger → role(s), as the API's endpoints send them (one endpoint
/// per pair, e.g. <c>POST /api/reviewer/vouchers/{id}/recommend</c>), and what a voucher's <c>allowedActions</c> offers
/// the caller: the triggers the lifecycle table permits now that the role the request acts in sends and the voucher's own
/// checks let this caller make (<see cref="Voucher.PermittedTriggersFor"/>: the provider bound to it, segregation of
/// duties, the budget year). An SME is never offered a reviewer's step, nor a reviewer an SME's.
/// </summary>
public static class VoucherActions
{
    /// <summary>The roles that send each trigger. Every trigger of <see cref="VoucherTrigger"/> is here (a test holds it to that).</summary>
    public static readonly IReadOnlyDictionary<VoucherTrigger, IReadOnlyList<string>> Senders = new Dictionary<VoucherTrigger, IReadOnlyList<string>>
    {
        // the SME: its own application and voucher (/api/sme/vouchers/{id}/…)
        [VoucherTrigger.Resubmit] = [RoleNames.Sme],
        [VoucherTrigger.Withdraw] = [RoleNames.Sme],
        [VoucherTrigger.ConfirmDelivery] = [RoleNames.Sme],
        // disputed by the SME, or by the department refusing acceptance as disputed
        [VoucherTrigger.Dispute] = [RoleNames.Sme, RoleNames.Reviewer],
        // Sở KH&CN: review and acceptance (/api/reviewer/vouchers/{id}/…)
        [VoucherTrigger.Recommend] = [RoleNames.Reviewer],
        [VoucherTrigger.ReturnForInfo] = [RoleNames.Reviewer],
        // rejected by the reviewer, or by finance refusing approval (a second officer who disagrees)
        [VoucherTrigger.Reject] = [RoleNames.Reviewer, RoleNames.Finance],
        [VoucherTrigger.RequestRework] = [RoleNames.Reviewer],
        [VoucherTrigger.Accept] = [RoleNames.Reviewer],
        // Sở Tài chính (/api/finance/vouchers/{id}/…; a carry-over by the year-end decision, /api/finance/programs/{id}/year-end/{year})
        [VoucherTrigger.Approve] = [RoleNames.Finance],
        [VoucherTrigger.Cancel] = [RoleNames.Finance],
        [VoucherTrigger.Extend] = [RoleNames.Finance],
        [VoucherTrigger.Settle] = [RoleNames.Finance],
        [VoucherTrigger.Disburse] = [RoleNames.Finance],
        [VoucherTrigger.ClawBack] = [RoleNames.Finance],
        [VoucherTrigger.CarryOver] = [RoleNames.Finance],
        // the provider (/api/provider/vouchers/{id}/…); a redemption is by the scanned token (/api/provider/vouchers/redeem),
        // never offered on a voucher: a provider sees a voucher only once it redeemed it
        [VoucherTrigger.Deliver] = [RoleNames.Provider],
        [VoucherTrigger.ClaimPayment] = [RoleNames.Provider],
        [VoucherTrigger.Redeem] = [RoleNames.Provider],
        // the service itself: the expiry job, or on access
        [VoucherTrigger.Expire] = [Actor.System.Role],
    };

    /// <summary>Triggers that are no action on a voucher of the API (sent otherwise), so never listed in <c>allowedActions</c>.</summary>
    public static readonly IReadOnlySet<VoucherTrigger> NotOffered = new HashSet<VoucherTrigger> { VoucherTrigger.Redeem, VoucherTrigger.Expire };

    /// <summary>Whether the role <paramref name="actingRole"/> sends <paramref name="trigger"/>.</summary>
    public static bool IsSentBy(VoucherTrigger trigger, string actingRole) =>
        Senders.TryGetValue(trigger, out var roles) && roles.Contains(actingRole);

    /// <summary>What <paramref name="actor"/>, in the role its request acts in, may do with <paramref name="voucher"/> now.</summary>
    public static IReadOnlyList<string> For(Voucher voucher, Actor actor, DateTimeOffset now) =>
        voucher.PermittedTriggersFor(actor, now)
            .Where(t => !NotOffered.Contains(t) && IsSentBy(t, actor.Role))
            .Select(t => t.ToString()).ToArray();
}
