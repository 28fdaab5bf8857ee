using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Application.Localization;

namespace Vouchers.Application.Enterprises;

/// <summary>A recorded change of an enterprise's declared profile, as the SME and the reviewer see it.</summary>
public sealed record ProfileChangeView(Guid Id, Guid EnterpriseId, string TaxCode, DateTimeOffset At, string DeclaredBy, string Status,
    IReadOnlyList<ProfileFieldChange> Changes, bool Requalifies, string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionNote)
{
    public static ProfileChangeView Of(EnterpriseProfileChange c) => new(c.Id, c.EnterpriseId, c.TaxCode, c.At, c.DeclaredBy, c.Status.ToString(),
        c.Changes, c.Requalifies, c.DecidedBy, c.DecidedAt, c.DecisionNote);
}

/// <summary>
/// The reviewer's queue of declared changes (default: those waiting for a decision), oldest first; or one enterprise's
/// whole record of changes (<c>taxCode</c>), newest first.
/// </summary>
public sealed record ListProfileChanges(EnterpriseProfileChangeStatus? Status = null, string? TaxCode = null, int Page = 1, int PageSize = 20) : IQuery<Page<ProfileChangeView>>, IPagedQuery;

public sealed class ListProfileChangesValidator : AbstractValidator<ListProfileChanges>
{
    public ListProfileChangesValidator()
    {
        RuleFor(q => q.Status).IsInEnum();
        RuleFor(q => q.TaxCode).Must(t => t is null || Domain.Enterprises.TaxCode.TryParse(t, out _)).WithMessage("'{PropertyValue}' is not a tax code.").WithErrorCode(ValidationCodes.NotATaxCode);
        this.AddPagingRules();
    }
}

public sealed class ListProfileChangesHandler(IVouchersDb db) : IRequestHandler<ListProfileChanges, Page<ProfileChangeView>>
{
    public async Task<Page<ProfileChangeView>> Handle(ListProfileChanges q, CancellationToken ct)
    {
        var query = db.ProfileChanges.AsNoTracking();
        if (q.TaxCode is { } t)
        {
            var code = Domain.Enterprises.TaxCode.Parse(t).Value;
            query = query.Where(c => c.TaxCode == code);
            if (q.Status is { } st) query = query.Where(c => c.Status == st);
            return await query.OrderByDescending(c => c.At).ThenByDescending(c => c.Id).ToPageAsync(q, ProfileChangeView.Of, ct);
        }
        var status = q.Status ?? EnterpriseProfileChangeStatus.PendingReview;
        return await query.Where(c => c.Status == status).OrderBy(c => c.At).ThenBy(c => c.Id).ToPageAsync(q, ProfileChangeView.Of, ct);
    }
}

/// <summary>
/// A reviewer decides a change of province or size class that waited: approved, it applies to the enterprise from now
/// on (its open vouchers keep the profile they were applied for under; cancel them if it voids their eligibility);
/// rejected (with a reason), it never applies. The declarant cannot decide their own change.
/// </summary>
public sealed record DecideProfileChange(Guid ChangeId, bool Approve, string? Note) : ICommand<ProfileChangeView>;

public sealed class DecideProfileChangeValidator : AbstractValidator<DecideProfileChange>
{
    public DecideProfileChangeValidator()
    {
        RuleFor(c => c.ChangeId).NotEmpty();
        RuleFor(c => c.Note).MaximumLength(Text.LongMax);
        RuleFor(c => c.Note).NotEmpty().When(c => !c.Approve).WithMessage("A rejection needs a reason.").WithErrorCode(ValidationCodes.RejectionNeedsReason);
    }
}

public sealed class DecideProfileChangeHandler(IVouchersDb db, IRequestContext request, TimeProvider clock) : IRequestHandler<DecideProfileChange, ProfileChangeView>
{
    public async Task<ProfileChangeView> Handle(DecideProfileChange c, CancellationToken ct)
    {
        var change = await db.ProfileChanges.FirstOrDefaultAsync(x => x.Id == c.ChangeId, ct) ?? throw new NotFoundException("profile change", c.ChangeId);
        await db.QueueForEnterpriseAsync(Domain.Enterprises.TaxCode.Parse(change.TaxCode).HeadOffice.Value, ct);
        var enterprise = await db.Enterprises.FirstAsync(e => e.Id == change.EnterpriseId, ct);
        enterprise.DecideProfileChange(change, c.Approve, c.Note, request.Actor, clock.GetUtcNow());
        request.Describes(c.Approve ? "enterprise.profile-change-approved" : "enterprise.profile-change-rejected", change.Summary);
        return ProfileChangeView.Of(change);
    }
}
