using Vouchers.Domain.Common;

namespace Vouchers.Domain.Vouchers;

/// <summary>
/// One pair of duties no subject may hold on one voucher: whoever did <see cref="Earlier"/> may not do <see cref="Step"/>.
/// <see cref="LatestOnly"/>: only the latest <see cref="Earlier"/> counts (a delivery redone after rework is a new delivery).
/// </summary>
public sealed record DutyRule(string Code, VoucherTrigger Step, VoucherTrigger Earlier, string Duty, bool LatestOnly = false);

/// <summary>
/// Segregation of duties (tách bạch nhiệm vụ), from the voucher's own history, whatever roles a token carries: subjects
/// are compared ordinally and the system actor has no exemption (it is simply never the same person). Deciding the
/// application (recommend, approve), assessing the delivery (accept), authorising payment (settle) and recording payment
/// (disburse) are separate duties; <see cref="Rules"/> is the one table of which may not meet in one subject. Four eyes
/// (the second approval by another officer) and the provider's own people are the two checks beside the table.
/// </summary>
public static class SegregationOfDuties
{
    /// <summary>Whoever recommended the application cannot approve it (neither the first nor the second approval).</summary>
    public const string RecommenderCannotApprove = "sod.recommender-cannot-approve";

    /// <summary>The second approval (four eyes) comes from another subject than the first.</summary>
    public const string FourEyesSameOfficer = "sod.four-eyes-same-officer";

    /// <summary>Whoever approved the voucher (first or second approval) cannot authorise its payment (Settle).</summary>
    public const string ApproverCannotAuthorisePayment = "sod.approver-cannot-authorise-payment";

    /// <summary>Whoever recommended the application cannot authorise its payment (one account holding reviewer and finance roles).</summary>
    public const string RecommenderCannotAuthorisePayment = "sod.recommender-cannot-authorise-payment";

    /// <summary>Whoever accepted the delivery (assessed the claim) cannot authorise its payment.</summary>
    public const string AcceptorCannotAuthorisePayment = "sod.acceptor-cannot-authorise-payment";

    /// <summary>Whoever approved the voucher cannot record its payment (Disburse).</summary>
    public const string ApproverCannotRecordPayment = "sod.approver-cannot-record-payment";

    /// <summary>Whoever recommended the application cannot record its payment.</summary>
    public const string RecommenderCannotRecordPayment = "sod.recommender-cannot-record-payment";

    /// <summary>Whoever authorised the payment (Settle) cannot also record it (Disburse).</summary>
    public const string AuthoriserCannotRecordPayment = "sod.authoriser-cannot-record-payment";

    /// <summary>Whoever reported the delivery, or anyone bound to the provider that delivered, cannot confirm it or accept it.</summary>
    public const string ProviderCannotAcceptOwnDelivery = "sod.provider-cannot-accept-own-delivery";

    /// <summary>The pairs of duties, in the order they are checked.</summary>
    public static readonly IReadOnlyList<DutyRule> Rules =
    [
        new(RecommenderCannotApprove, VoucherTrigger.Approve, VoucherTrigger.Recommend, "recommended it"),
        new(ApproverCannotAuthorisePayment, VoucherTrigger.Settle, VoucherTrigger.Approve, "approved it"),
        new(RecommenderCannotAuthorisePayment, VoucherTrigger.Settle, VoucherTrigger.Recommend, "recommended it"),
        new(AcceptorCannotAuthorisePayment, VoucherTrigger.Settle, VoucherTrigger.Accept, "accepted its delivery"),
        new(ApproverCannotRecordPayment, VoucherTrigger.Disburse, VoucherTrigger.Approve, "approved it"),
        new(RecommenderCannotRecordPayment, VoucherTrigger.Disburse, VoucherTrigger.Recommend, "recommended it"),
        new(AuthoriserCannotRecordPayment, VoucherTrigger.Disburse, VoucherTrigger.Settle, "authorised its payment"),
        new(ProviderCannotAcceptOwnDelivery, VoucherTrigger.ConfirmDelivery, VoucherTrigger.Deliver, "reported its delivery", LatestOnly: true),
        new(ProviderCannotAcceptOwnDelivery, VoucherTrigger.Accept, VoucherTrigger.Deliver, "reported its delivery", LatestOnly: true),
    ];

    /// <summary>Throws the first rule that forbids <paramref name="actor"/> to do <paramref name="step"/> after <paramref name="history"/>.</summary>
    public static void Ensure(VoucherTrigger step, IReadOnlyList<VoucherTransition> history, Actor actor, string voucherCode)
    {
        if (FirstBroken(step, history, actor) is { } rule)
            throw new SegregationOfDutiesException(rule.Code,
                $"'{actor.Subject}' {rule.Duty} (voucher {voucherCode}) and cannot also {Verb(step)} it.");
    }

    /// <summary>
    /// Without throwing, the code of the check that forbids <paramref name="actor"/> to do <paramref name="step"/> on a voucher
    /// in <paramref name="state"/> with <paramref name="history"/>, delivered by <paramref name="deliveringProviderId"/>, or null:
    /// the table (<see cref="Rules"/>), four eyes and the provider's own people, as the intent methods check them. What a
    /// caller is offered (<c>allowedActions</c>) asks this, so that it never lists a step the same call would refuse.
    /// </summary>
    public static string? Forbidding(VoucherTrigger step, VoucherStatus state, IReadOnlyList<VoucherTransition> history, Actor actor,
        Guid? deliveringProviderId)
    {
        if (FirstBroken(step, history, actor) is { } rule) return rule.Code;
        if (step == VoucherTrigger.Approve && state == VoucherStatus.AwaitingSecondApproval && IsFirstApprover(history, actor)) return FourEyesSameOfficer;
        if (step is VoucherTrigger.ConfirmDelivery or VoucherTrigger.Accept && IsOfProvider(deliveringProviderId, actor)) return ProviderCannotAcceptOwnDelivery;
        return null;
    }

    private static DutyRule? FirstBroken(VoucherTrigger step, IReadOnlyList<VoucherTransition> history, Actor actor)
    {
        foreach (var rule in Rules)
        {
            if (rule.Step != step) continue;
            var earlier = history.Where(h => h.Trigger == rule.Earlier);
            if (rule.LatestOnly) earlier = earlier.TakeLast(1);
            if (earlier.Any(h => string.Equals(h.ActorSubject, actor.Subject, StringComparison.Ordinal))) return rule;
        }
        return null;
    }

    /// <summary>Four eyes: the second approval comes from another subject than the first (the latest move into AwaitingSecondApproval).</summary>
    internal static void EnsureNotFirstApprover(IReadOnlyList<VoucherTransition> history, Actor actor, string voucherCode)
    {
        if (IsFirstApprover(history, actor))
            throw new SegregationOfDutiesException(FourEyesSameOfficer,
                $"'{actor.Subject}' gave the first approval of voucher {voucherCode}; the second must come from another finance officer.");
    }

    private static bool IsFirstApprover(IReadOnlyList<VoucherTransition> history, Actor actor) =>
        history.LastOrDefault(h => h.To == VoucherStatus.AwaitingSecondApproval) is { } first
        && string.Equals(first.ActorSubject, actor.Subject, StringComparison.Ordinal);

    /// <summary>Nobody bound to the provider that delivered may confirm or accept that delivery, whoever of them reported it.</summary>
    internal static void EnsureNotOfDeliveringProvider(Guid? deliveringProviderId, Actor actor, string voucherCode, string step)
    {
        if (IsOfProvider(deliveringProviderId, actor))
            throw new SegregationOfDutiesException(ProviderCannotAcceptOwnDelivery,
                $"'{actor.Subject}' is bound to the provider that delivered voucher {voucherCode} and cannot {step} that delivery.");
    }

    private static bool IsOfProvider(Guid? deliveringProviderId, Actor actor) => actor.ProviderId is { } own && own == deliveringProviderId;

    private static string Verb(VoucherTrigger step) => step switch
    {
        VoucherTrigger.Approve => "approve",
        VoucherTrigger.Settle => "authorise the payment of",
        VoucherTrigger.Disburse => "record the payment of",
        VoucherTrigger.ConfirmDelivery => "confirm",
        VoucherTrigger.Accept => "accept",
        _ => step.ToString().ToLowerInvariant(),
    };
}
