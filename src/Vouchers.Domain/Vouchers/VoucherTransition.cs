using Vouchers.Domain.Common;

namespace Vouchers.Domain.Vouchers;

/// <summary>One line of a voucher's history: every transition, who made it, when, why, and the ledger entry it made.</summary>
public sealed class VoucherTransition
{
    public Guid VoucherId { get; private set; }
    public int Sequence { get; private set; }
    public VoucherStatus? From { get; private set; }
    public VoucherStatus To { get; private set; }
    public VoucherTrigger? Trigger { get; private set; }
    public string ActorSubject { get; private set; } = "";
    public string ActorRole { get; private set; } = "";
    public DateTimeOffset At { get; private set; }
    public string? Reason { get; private set; }
    public Guid? TransferId { get; private set; }

    private VoucherTransition() { }

    /// <summary>A history line exactly as a database row holds it, for the verifier's own reader (never added to a voucher).</summary>
    public static VoucherTransition Stored(Guid voucherId, int sequence, VoucherStatus? from, VoucherStatus to, VoucherTrigger? trigger,
        string actorSubject, string actorRole, DateTimeOffset at, string? reason, Guid? transferId) => new()
    {
        VoucherId = voucherId, Sequence = sequence, From = from, To = to, Trigger = trigger, ActorSubject = actorSubject,
        ActorRole = actorRole, At = at, Reason = reason, TransferId = transferId,
    };

    /// <summary>
    /// A voucher's lines in sequence order. A database returns them in no particular order (PostgreSQL in the order of the
    /// pages they were written to, which concurrent writers interleave), so <paramref name="lines"/> are put in order, once
    /// and in place, before anyone shows them or looks for "the latest" of them; lines already in order are left as they are.
    /// </summary>
    public static IReadOnlyList<VoucherTransition> InSequence(List<VoucherTransition> lines)
    {
        for (var i = 1; i < lines.Count; i++)
            if (lines[i - 1].Sequence > lines[i].Sequence)
            {
                lines.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
                break;
            }
        return lines;
    }

    internal VoucherTransition(Guid voucherId, int sequence, VoucherStatus? from, VoucherStatus to, VoucherTrigger? trigger,
        Actor actor, DateTimeOffset at, string? reason, Guid? transferId)
    {
        VoucherId = voucherId; Sequence = sequence; From = from; To = to; Trigger = trigger;
        ActorSubject = actor.Subject; ActorRole = actor.Role; At = at; Reason = reason; TransferId = transferId;
    }
}
