using Vouchers.Domain.Common;

namespace Vouchers.Domain.Enterprises;

public enum EnterpriseProfileChangeStatus { Applied = 1, PendingReview = 2, Approved = 3, Rejected = 4 }

/// <summary>One field of a declared profile that changed: its value before (null at registration) and after, as text.</summary>
public sealed record ProfileFieldChange(string Field, string? Old, string? New);

/// <summary>
/// A recorded change of an enterprise's declared profile: who declared it, when, every field with its old and new
/// value, and — for a change of province or size class made while applications or vouchers were open — the
/// reviewer's decision. Never edited but by that decision.
/// </summary>
public sealed class EnterpriseProfileChange
{
    public Guid Id { get; private set; }
    public Guid EnterpriseId { get; private set; }
    public string TaxCode { get; private set; } = "";
    public DateTimeOffset At { get; private set; }
    public string DeclaredBy { get; private set; } = "";
    public IReadOnlyList<ProfileFieldChange> Changes { get; private set; } = [];
    /// <summary>The whole profile as declared (what applies if a reviewer approves a pending change).</summary>
    public EnterpriseProfile Proposed { get; private set; } = null!;
    public EnterpriseProfileChangeStatus Status { get; private set; }
    public string? DecidedBy { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecisionNote { get; private set; }
    /// <summary>Optimistic-concurrency token, moved by the persistence layer on every save.</summary>
    public long Version { get; private set; }

    private EnterpriseProfileChange() { }

    internal static EnterpriseProfileChange Applied(Enterprise e, IReadOnlyList<ProfileFieldChange> changes, EnterpriseProfile proposed, Actor actor, DateTimeOffset now) =>
        New(e, changes, proposed, actor, now, EnterpriseProfileChangeStatus.Applied);

    internal static EnterpriseProfileChange Pending(Enterprise e, IReadOnlyList<ProfileFieldChange> changes, EnterpriseProfile proposed, Actor actor, DateTimeOffset now) =>
        New(e, changes, proposed, actor, now, EnterpriseProfileChangeStatus.PendingReview);

    private static EnterpriseProfileChange New(Enterprise e, IReadOnlyList<ProfileFieldChange> changes, EnterpriseProfile proposed, Actor actor,
        DateTimeOffset now, EnterpriseProfileChangeStatus status) => new()
    {
        Id = Guid.CreateVersion7(now), EnterpriseId = e.Id, TaxCode = e.TaxCode.Value, At = now, DeclaredBy = actor.Subject,
        Changes = changes, Proposed = proposed, Status = status,
    };

    /// <summary>Whether this change moves the enterprise to another province or size class.</summary>
    public bool Requalifies => Changes.Any(c => c.Field is "provinceCode" or "sizeClass");

    /// <summary>One line for people and the audit trail: "sizeClass: Small → Medium; provinceCode: dong-nai → dong-thap".</summary>
    public string Summary => string.Join("; ", Changes.Select(c => $"{c.Field}: {c.Old ?? "∅"} → {c.New ?? "∅"}"));

    internal void Decide(bool approve, string? note, Actor actor, DateTimeOffset now)
    {
        if (Status != EnterpriseProfileChangeStatus.PendingReview)
            throw new ConflictException("enterprise.profile-change-not-pending", $"Change {Id} was already {Status}.");
        if (string.Equals(actor.Subject, DeclaredBy, StringComparison.Ordinal))
            throw new SegregationOfDutiesException("sod.declarant-cannot-decide-own-change", $"'{actor.Subject}' declared change {Id} and cannot also decide it.");
        DecisionNote = approve ? Text.Optional(note, "note", Text.LongMax) : Text.Required(note, "reason", Text.LongMax);
        Status = approve ? EnterpriseProfileChangeStatus.Approved : EnterpriseProfileChangeStatus.Rejected;
        DecidedBy = actor.Subject;
        DecidedAt = now;
    }
}
