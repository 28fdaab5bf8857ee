using Vouchers.Domain.Common;

namespace Vouchers.Domain.Vouchers;

public enum VoucherStatus
{
    Submitted = 1, ReturnedForInfo = 2, Recommended = 3, Rejected = 4, Withdrawn = 5,
    Issued = 6, Expired = 7, Cancelled = 8, Redeemed = 9, Delivered = 10, DeliveryConfirmed = 11,
    InRework = 12, Disputed = 13, Accepted = 14, PaymentClaimed = 15, Settled = 16, Paid = 17, ClawedBack = 18,
    // added later: new members go at the end with the next number, so stored names and numbers never change meaning
    AwaitingSecondApproval = 19,
}

public enum VoucherTrigger
{
    Resubmit = 1, Recommend = 2, ReturnForInfo = 3, Reject = 4, Withdraw = 5, Approve = 6, Expire = 7, Cancel = 8,
    Redeem = 9, Deliver = 10, ConfirmDelivery = 11, Dispute = 12, RequestRework = 13, Accept = 14,
    ClaimPayment = 15, Settle = 16, Disburse = 17, ClawBack = 18,
    // added later, at the end with the next number (stored by name, but numbers keep their meaning too)
    Extend = 19,
    /// <summary>Chuyển nguồn: a finance decision carries the open commitment of a fiscal year that ended into the next year's budget.</summary>
    CarryOver = 20,
}

/// <summary>
/// What guards may look at: the Vietnamese calendar date, the voucher's validity, whether the approval being made
/// needs a second approver under the <see cref="ApprovalPolicy"/> (only the aggregate's <c>Approve</c> knows the amount
/// and the policy; everywhere else it is false, so "what can I do next" lists Approve once), and the fiscal year whose
/// budget pays the voucher (<see cref="Voucher.BudgetYear"/>).
/// </summary>
public sealed record VoucherGuardContext(DateOnly Today, DateOnly? ValidUntil, bool NeedsSecondApproval = false, int? BudgetYear = null)
{
    public bool IsPastValidity => ValidUntil is { } until && Today > until;

    /// <summary>The fiscal year that pays the voucher has ended (Vietnam's fiscal year is the calendar year).</summary>
    public bool IsPastBudgetYear => BudgetYear is { } year && Today.Year > year;
}

/// <summary>
/// THE voucher lifecycle: the one transition table. Each voucher's Stateless machine is built from it
/// (<see cref="TransitionTable{TState, TTrigger, TContext}.MachineFor"/>), so the aggregate's intent methods, the API's
/// "what can I do next", the generated diagram in docs/lifecycle.md and the transition tests all read from it.
/// </summary>
public static class VoucherLifecycle
{
    public static readonly TransitionTable<VoucherStatus, VoucherTrigger, VoucherGuardContext> Table = Build();

    public const VoucherStatus Initial = VoucherStatus.Submitted;

    /// <summary>The error of a carry-over (chuyển nguồn) asked for before the fiscal year that pays the voucher has ended.</summary>
    public const string YearNotEnded = "year-end.year-not-ended";

    private static TransitionTable<VoucherStatus, VoucherTrigger, VoucherGuardContext> Build()
    {
        var s = new TransitionTable<VoucherStatus, VoucherTrigger, VoucherGuardContext>("voucher");
        // application and review (Sở KH&CN)
        s.Permit(VoucherStatus.Submitted, VoucherTrigger.Recommend, VoucherStatus.Recommended);
        s.Permit(VoucherStatus.Submitted, VoucherTrigger.ReturnForInfo, VoucherStatus.ReturnedForInfo);
        s.Permit(VoucherStatus.ReturnedForInfo, VoucherTrigger.Resubmit, VoucherStatus.Submitted);
        s.PermitFrom([VoucherStatus.Submitted, VoucherStatus.ReturnedForInfo, VoucherStatus.Recommended, VoucherStatus.AwaitingSecondApproval],
            VoucherTrigger.Reject, VoucherStatus.Rejected);
        s.PermitFrom([VoucherStatus.Submitted, VoucherStatus.ReturnedForInfo, VoucherStatus.Recommended, VoucherStatus.AwaitingSecondApproval,
            VoucherStatus.Issued], VoucherTrigger.Withdraw, VoucherStatus.Withdrawn);
        // approval by finance: budget committed, voucher issued; at or above the policy's amount, by two officers (four eyes)
        s.Permit(VoucherStatus.Recommended, VoucherTrigger.Approve, VoucherStatus.Issued,
            guard: c => !c.NeedsSecondApproval, guardName: "voucher.second-approval-required",
            guardDescription: "face value below the second-approval threshold");
        s.Permit(VoucherStatus.Recommended, VoucherTrigger.Approve, VoucherStatus.AwaitingSecondApproval,
            guard: c => c.NeedsSecondApproval, guardName: "voucher.second-approval-not-required",
            guardDescription: "face value at or above the second-approval threshold");
        s.Permit(VoucherStatus.AwaitingSecondApproval, VoucherTrigger.Approve, VoucherStatus.Issued);
        s.Permit(VoucherStatus.Issued, VoucherTrigger.Expire, VoucherStatus.Expired,
            guard: c => c.IsPastValidity, guardName: "voucher.validity-not-ended", guardDescription: "the voucher's validity date has passed");
        // the funder extends the validity of an issued, unredeemed voucher still within it (Forus-style): the state stays, no money
        // moves, the new date is on the history line and the QR is reissued with it
        s.Permit(VoucherStatus.Issued, VoucherTrigger.Extend, VoucherStatus.Issued,
            guard: c => !c.IsPastValidity, guardName: "voucher.expired", guardDescription: "the voucher is still within its validity");
        s.PermitFrom([VoucherStatus.Issued, VoucherStatus.Redeemed, VoucherStatus.Delivered, VoucherStatus.InRework, VoucherStatus.Disputed],
            VoucherTrigger.Cancel, VoucherStatus.Cancelled);
        // at the provider
        s.Permit(VoucherStatus.Issued, VoucherTrigger.Redeem, VoucherStatus.Redeemed,
            guard: c => !c.IsPastValidity, guardName: "voucher.expired", guardDescription: "the voucher is still within its validity");
        s.PermitFrom([VoucherStatus.Redeemed, VoucherStatus.InRework], VoucherTrigger.Deliver, VoucherStatus.Delivered);
        s.Permit(VoucherStatus.Delivered, VoucherTrigger.ConfirmDelivery, VoucherStatus.DeliveryConfirmed);
        s.PermitFrom([VoucherStatus.Delivered, VoucherStatus.DeliveryConfirmed], VoucherTrigger.Dispute, VoucherStatus.Disputed);
        // acceptance (nghiệm thu)
        s.PermitFrom([VoucherStatus.DeliveryConfirmed, VoucherStatus.Disputed], VoucherTrigger.RequestRework, VoucherStatus.InRework);
        s.Permit(VoucherStatus.DeliveryConfirmed, VoucherTrigger.Accept, VoucherStatus.Accepted);
        // payment
        s.Permit(VoucherStatus.Accepted, VoucherTrigger.ClaimPayment, VoucherStatus.PaymentClaimed);
        s.Permit(VoucherStatus.PaymentClaimed, VoucherTrigger.Settle, VoucherStatus.Settled);
        s.Permit(VoucherStatus.Settled, VoucherTrigger.Disburse, VoucherStatus.Paid);
        s.PermitFrom([VoucherStatus.Settled, VoucherStatus.Paid], VoucherTrigger.ClawBack, VoucherStatus.ClawedBack);
        // fiscal year end (chuyển nguồn): a commitment still open when its year ended moves into the next year's budget by a
        // finance decision; the voucher stays where it is (a self-transition), only the year that pays it changes
        foreach (var holding in HoldingCommitmentStates)
            s.Permit(holding, VoucherTrigger.CarryOver, holding,
                guard: c => c.IsPastBudgetYear, guardName: YearNotEnded, guardDescription: "the fiscal year that pays the voucher has ended");
        return s;
    }

    private static readonly IReadOnlyDictionary<VoucherStatus, IReadOnlyList<VoucherTrigger>> ShortestPaths = Table.ShortestPaths(Initial);

    /// <summary>
    /// The shortest chain of triggers that takes a new application to <paramref name="status"/>, read from the table
    /// (guards ignored: an approval that stops at <see cref="VoucherStatus.AwaitingSecondApproval"/> needs an amount at or
    /// above the <see cref="ApprovalPolicy"/> threshold, an expiry a date past the validity).
    /// </summary>
    public static IReadOnlyList<VoucherTrigger> PathTo(VoucherStatus status) =>
        ShortestPaths.TryGetValue(status, out var path) ? path
            : throw new ArgumentOutOfRangeException(nameof(status), status, "No chain of transitions leads to this status.");

    /// <summary>
    /// States that count against the per-SME yearly cap (requested or held, not released): every state but the four
    /// exits, so a voucher awaiting its second approval counts (with its proposed amount), as a recommended one does.
    /// </summary>
    public static readonly IReadOnlySet<VoucherStatus> CountsAgainstSmeCap = new HashSet<VoucherStatus>(
        Enum.GetValues<VoucherStatus>().Except([VoucherStatus.Rejected, VoucherStatus.Withdrawn, VoucherStatus.Expired, VoucherStatus.Cancelled]));

    /// <summary>
    /// States in which an application or voucher is still open: neither closed by an exit nor paid. While one is, a
    /// change of the enterprise's province or size class waits for a reviewer instead of re-qualifying it silently.
    /// </summary>
    public static readonly IReadOnlySet<VoucherStatus> Open = new HashSet<VoucherStatus>(
        Enum.GetValues<VoucherStatus>().Except([VoucherStatus.Rejected, VoucherStatus.Withdrawn, VoucherStatus.Expired, VoucherStatus.Cancelled,
            VoucherStatus.Paid, VoucherStatus.ClawedBack]));

    /// <summary>
    /// The states in which an issued voucher still holds its budget commitment, pending: from issuance until payment is
    /// authorised (settled) or the voucher expires, is cancelled or withdrawn. The fund position's <c>committed</c> is
    /// the face values of the vouchers in these states.
    /// </summary>
    public static readonly IReadOnlySet<VoucherStatus> HoldingCommitment = new HashSet<VoucherStatus>(HoldingCommitmentStates);

    // An array (not the set above) because Build, which runs first as the class initialises, reads it: static fields
    // initialise in declaration order, and an array literal in a static readonly field declared here would still be null.
    private static VoucherStatus[] HoldingCommitmentStates =>
    [
        VoucherStatus.Issued, VoucherStatus.Redeemed, VoucherStatus.Delivered, VoucherStatus.DeliveryConfirmed, VoucherStatus.InRework,
        VoucherStatus.Disputed, VoucherStatus.Accepted, VoucherStatus.PaymentClaimed,
    ];

    /// <summary>
    /// What a voucher in one of <see cref="CountsAgainstSmeCap"/> counts for: its face value once issued; before that
    /// the amount a first approver proposed (four eyes); before that the amount requested. (Columns, not a voucher, so
    /// a query can read just these three.)
    /// </summary>
    public static Money AmountHeld(Money? faceValue, Money? proposedAmount, Money requestedAmount) =>
        faceValue ?? proposedAmount ?? requestedAmount;

    /// <summary>A trigger as the action a person takes (a button, a refusal: "không thể «Nghiệm thu» lúc này").</summary>
    public static string Vi(VoucherTrigger t) => t switch
    {
        VoucherTrigger.Resubmit => "Nộp lại hồ sơ",
        VoucherTrigger.Recommend => "Đề xuất phê duyệt",
        VoucherTrigger.ReturnForInfo => "Yêu cầu bổ sung hồ sơ",
        VoucherTrigger.Reject => "Từ chối hồ sơ",
        VoucherTrigger.Withdraw => "Rút hồ sơ",
        VoucherTrigger.Approve => "Phê duyệt",
        VoucherTrigger.Expire => "Hết hạn",
        VoucherTrigger.Cancel => "Hủy phiếu",
        VoucherTrigger.Redeem => "Sử dụng phiếu",
        VoucherTrigger.Deliver => "Báo cáo đã cung cấp dịch vụ",
        VoucherTrigger.ConfirmDelivery => "Xác nhận đã nhận dịch vụ",
        VoucherTrigger.Dispute => "Khiếu nại kết quả dịch vụ",
        VoucherTrigger.RequestRework => "Yêu cầu khắc phục",
        VoucherTrigger.Accept => "Nghiệm thu",
        VoucherTrigger.ClaimPayment => "Đề nghị thanh toán",
        VoucherTrigger.Settle => "Duyệt thanh toán",
        VoucherTrigger.Disburse => "Ghi nhận đã chi trả",
        VoucherTrigger.ClawBack => "Thu hồi",
        VoucherTrigger.Extend => "Gia hạn phiếu",
        VoucherTrigger.CarryOver => "Chuyển nguồn sang năm sau",
        _ => t.ToString(),
    };

    public static string Vi(VoucherStatus s) => s switch
    {
        VoucherStatus.Submitted => "Đã nộp hồ sơ",
        VoucherStatus.ReturnedForInfo => "Yêu cầu bổ sung",
        VoucherStatus.Recommended => "Đề xuất phê duyệt",
        VoucherStatus.Rejected => "Từ chối",
        VoucherStatus.Withdrawn => "Rút hồ sơ",
        VoucherStatus.Issued => "Đã cấp phiếu",
        VoucherStatus.Expired => "Hết hạn",
        VoucherStatus.Cancelled => "Đã hủy",
        VoucherStatus.Redeemed => "Đã sử dụng tại nhà cung cấp",
        VoucherStatus.Delivered => "Đã cung cấp dịch vụ",
        VoucherStatus.DeliveryConfirmed => "Doanh nghiệp xác nhận",
        VoucherStatus.InRework => "Đang khắc phục",
        VoucherStatus.Disputed => "Tranh chấp",
        VoucherStatus.Accepted => "Đã nghiệm thu",
        VoucherStatus.PaymentClaimed => "Đề nghị thanh toán",
        VoucherStatus.Settled => "Đã duyệt thanh toán",
        VoucherStatus.Paid => "Đã chi trả",
        VoucherStatus.ClawedBack => "Thu hồi",
        VoucherStatus.AwaitingSecondApproval => "Chờ phê duyệt lần hai",
        _ => s.ToString(),
    };
}
