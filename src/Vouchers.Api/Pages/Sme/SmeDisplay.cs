using Vouchers.Domain.Vouchers;

namespace Vouchers.Api.Pages.Sme;

/// <summary>How the SME pages mark a voucher's state and what an SME may do to it.</summary>
public static class SmeDisplay
{
    /// <summary>The badge's look: an exit reads as bad, an issued or paid voucher as good (its words always say which).</summary>
    public static string StatusClass(string status) => Enum.TryParse<VoucherStatus>(status, out var s) ? s switch
    {
        VoucherStatus.Rejected or VoucherStatus.Withdrawn or VoucherStatus.Expired or VoucherStatus.Cancelled or VoucherStatus.ClawedBack
            or VoucherStatus.Disputed => "status bad",
        VoucherStatus.Issued or VoucherStatus.Settled or VoucherStatus.Paid or VoucherStatus.Accepted => "status good",
        _ => "status",
    } : "status";

    /// <summary>
    /// The triggers that are the SME's own (withdraw, resubmit after a return, confirm delivery, dispute). The voucher's
    /// <c>AllowedActions</c> come from the lifecycle for every role; the page offers only these of them.
    /// </summary>
    public static readonly IReadOnlyList<VoucherTrigger> SmeTriggers =
        [VoucherTrigger.Resubmit, VoucherTrigger.ConfirmDelivery, VoucherTrigger.Dispute, VoucherTrigger.Withdraw];

    public static IReadOnlyList<VoucherTrigger> SmeActions(IEnumerable<string> allowed)
    {
        var set = allowed.ToHashSet(StringComparer.Ordinal);
        return SmeTriggers.Where(t => set.Contains(t.ToString())).ToArray();
    }
}
