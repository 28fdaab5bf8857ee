using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Vouchers;

/// <summary>The reviewer's two desks: applications to review, deliveries to accept (nghiệm thu).</summary>
public enum ReviewDesk { Review = 1, Acceptance = 2 }

/// <summary>
/// The reviewer's queue: the applications (or, <see cref="ReviewDesk.Acceptance"/>, the delivered vouchers) of the
/// caller's province (every province with the national scope; <paramref name="ProvinceCode"/> narrows it), by status —
/// the desk's waiting statuses when none is given —, program, size class, service kind and submission date; longest
/// waiting first (in its current status since <c>waitingSince</c>), or newest first.
/// </summary>
public sealed record ListReviewQueue(
    ReviewDesk Desk = ReviewDesk.Review, VoucherStatus? Status = null, Guid? ProgramId = null, string? ProvinceCode = null,
    SizeClass? SizeClass = null, ServiceKind? ServiceKind = null, DateOnly? SubmittedFrom = null, DateOnly? SubmittedTo = null,
    bool NewestFirst = false, int Page = 1, int PageSize = 20) : IQuery<Page<ReviewQueueItem>>, IPagedQuery
{
    /// <summary>The statuses each desk offers to filter by (any status may be asked for); <see cref="Waiting"/> is what it shows when none is.</summary>
    public static readonly IReadOnlyDictionary<ReviewDesk, IReadOnlyList<VoucherStatus>> Statuses = new Dictionary<ReviewDesk, IReadOnlyList<VoucherStatus>>
    {
        [ReviewDesk.Review] = [VoucherStatus.Submitted, VoucherStatus.ReturnedForInfo, VoucherStatus.Recommended, VoucherStatus.AwaitingSecondApproval, VoucherStatus.Rejected],
        [ReviewDesk.Acceptance] = [VoucherStatus.DeliveryConfirmed, VoucherStatus.Delivered, VoucherStatus.Disputed, VoucherStatus.InRework, VoucherStatus.Accepted],
    };

    /// <summary>What waits for the reviewer on each desk: a new or resubmitted application; a delivery (confirmed or not yet).</summary>
    public static readonly IReadOnlyDictionary<ReviewDesk, IReadOnlyList<VoucherStatus>> Waiting = new Dictionary<ReviewDesk, IReadOnlyList<VoucherStatus>>
    {
        [ReviewDesk.Review] = [VoucherStatus.Submitted],
        [ReviewDesk.Acceptance] = [VoucherStatus.DeliveryConfirmed, VoucherStatus.Delivered],
    };
}

/// <summary>One row of the queue: <c>waitingDays</c> are whole days (Vietnam calendar) in its current status.</summary>
public sealed record ReviewQueueItem(Guid Id, string Code, string EnterpriseName, string EnterpriseTaxCode, string SizeClass,
    Guid ProgramId, string ProgramCode, string ServiceKind, long RequestedAmount, long? SupportAmount, string Status,
    DateTimeOffset SubmittedAt, DateTimeOffset WaitingSince, int WaitingDays);

public sealed class ListReviewQueueValidator : AbstractValidator<ListReviewQueue>
{
    public ListReviewQueueValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Desk).IsInEnum();
        RuleFor(q => q.Status).IsInEnum().When(q => q.Status is not null);
        RuleFor(q => q.SizeClass).IsInEnum().When(q => q.SizeClass is not null);
        RuleFor(q => q.ServiceKind).IsInEnum().When(q => q.ServiceKind is not null);
        RuleFor(q => q.SubmittedFrom).SupportedDate();
        RuleFor(q => q.SubmittedTo).SupportedDate();
        RuleFor(q => q.SubmittedTo).GreaterThanOrEqualTo(q => q.SubmittedFrom).When(q => q.SubmittedFrom is not null && q.SubmittedTo is not null);
    }
}

public sealed class ListReviewQueueHandler(IVouchersDb db, IRequestContext request, TimeProvider clock) : IRequestHandler<ListReviewQueue, Page<ReviewQueueItem>>
{
    public async Task<Page<ReviewQueueItem>> Handle(ListReviewQueue q, CancellationToken ct)
    {
        var query = VoucherAccess.Visible(db.Vouchers.AsNoTracking(), request); // the province scope, whatever the filters ask for
        var statuses = (q.Status is { } s ? [s] : ListReviewQueue.Waiting[q.Desk]).ToList();
        query = query.Where(v => statuses.Contains(v.Status));
        if (q.ProgramId is { } programId) query = query.Where(v => v.ProgramId == programId);
        if (q.ProvinceCode is not null) { var province = Province.FromCode(q.ProvinceCode).Code; query = query.Where(v => v.ProvinceCode == province); }
        if (q.SizeClass is { } size) query = query.Where(v => v.SizeClass == size);
        if (q.ServiceKind is { } kind) query = query.Where(v => v.ServiceKind == kind);
        if (q.SubmittedFrom is { } from) { var start = VietnamTime.StartOf(from); query = query.Where(v => v.SubmittedAt >= start); }
        if (q.SubmittedTo is { } to) { var end = VietnamTime.StartOf(to.AddDays(1)); query = query.Where(v => v.SubmittedAt < end); }
        var ordered = q.NewestFirst
            ? query.OrderByDescending(v => v.UpdatedAt).ThenBy(v => v.Id)
            : query.OrderBy(v => v.UpdatedAt).ThenBy(v => v.Id);

        var now = clock.GetUtcNow();
        var page = await ordered.ToPageAsync(q, v => v, ct);
        var programIds = page.Items.Select(v => v.ProgramId).Distinct().ToList();
        var codes = await db.Programs.AsNoTracking().Where(p => programIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Code, ct);
        var today = VietnamTime.Today(now);
        var items = page.Items.Select(v => new ReviewQueueItem(v.Id, v.Code, v.Eligibility?.Name ?? v.EnterpriseTaxCode.Value, v.EnterpriseTaxCode.Value,
            v.SizeClass.ToString(), v.ProgramId, codes.GetValueOrDefault(v.ProgramId, ""), v.ServiceKind.ToString(), v.RequestedAmount.Dong,
            v.SupportAmount?.Dong, v.Status.ToString(), v.SubmittedAt, v.UpdatedAt,
            Math.Max(0, today.DayNumber - VietnamTime.Today(v.UpdatedAt).DayNumber))).ToArray();
        return new Page<ReviewQueueItem>(items, page.PageNumber, page.PageSize, page.Total);
    }
}

/// <summary>
/// What the reviewer weighs beside the voucher itself (<see cref="GetVoucher"/>): each check the program applies to an
/// application (<see cref="SupportProgram.EnsureAcceptsApplication"/>, <see cref="Domain.Vouchers.Rules.SizeDeclaredForProgramYear"/>)
/// with its outcome for the enterprise as it applied (its <see cref="EligibilitySnapshot"/>) — the cap per enterprise
/// and year as it stands now, with the enterprise's other applications and vouchers in the program —; the caps of its
/// size class; and segregation of duties for the caller: each step this voucher's status permits that the caller may
/// not take, and the later steps still ahead (an open voucher that has not taken them) the caller has already excluded themself from, each with the rule's code
/// (<see cref="SegregationOfDuties.Forbidding"/>, the same the commands ask).
/// </summary>
public sealed record GetApplicationReview(Guid VoucherId) : IQuery<ApplicationReview>;

/// <summary>
/// <c>Checks</c>: in the order the program checks them, each named by the code its refusal carries; <c>Actual</c> and
/// <c>Required</c> are the values compared (codes, ISO dates or whole đồng). Empty for a voucher applied for before the
/// enterprise's profile was kept with it. <c>HeldElsewhere</c>: what the enterprise's other applications and vouchers in the
/// program hold against its yearly cap; <c>HeldByThis</c>: what this one holds (or asks for).
/// </summary>
public sealed record ApplicationReview(Guid VoucherId, IReadOnlyList<EligibilityCheckView> Checks, string SizeClass,
    long? PerVoucherCap, long? PerSmePerYearCap, long MinimumSupport, long HeldElsewhere, long HeldByThis, long? LeftThisYear,
    IReadOnlyList<DutyView> Duties);

public sealed record EligibilityCheckView(string Code, bool Passed, string? Actual, string? Required);

/// <summary><c>Now</c>: a step the voucher's status permits now (otherwise a later one); <c>Rule</c>: the segregation-of-duties code that forbids it to the caller.</summary>
public sealed record DutyView(string Step, string Rule, bool Now);

public sealed class GetApplicationReviewHandler(IVouchersDb db, IRequestContext request, TimeProvider clock) : IRequestHandler<GetApplicationReview, ApplicationReview>
{
    /// <summary>The later steps whose segregation from the caller's own is worth saying before they come.</summary>
    private static readonly VoucherTrigger[] LaterSteps = [VoucherTrigger.Approve, VoucherTrigger.Accept, VoucherTrigger.Settle, VoucherTrigger.Disburse];

    public async Task<ApplicationReview> Handle(GetApplicationReview q, CancellationToken ct)
    {
        var voucher = await VoucherAccess.LoadVisibleAsync(db.Vouchers.AsNoTracking(), q.VoucherId, request, ct);
        var program = await db.Programs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == voucher.ProgramId, ct)
                      ?? throw new NotFoundException("program", voucher.ProgramId);
        var now = clock.GetUtcNow();
        var heldElsewhere = await VoucherQueries.HeldByEnterpriseAsync(db, voucher.HeadOfficeTaxCode, program.Id, voucher.Id, ct);
        var heldByThis = VoucherLifecycle.CountsAgainstSmeCap.Contains(voucher.Status)
            ? VoucherLifecycle.AmountHeld(voucher.FaceValue, voucher.ProposedAmount, voucher.RequestedAmount) : Money.Zero;
        var size = voucher.Eligibility?.SizeClass ?? voucher.SizeClass;
        var cap = program.Caps.FirstOrDefault(c => c.Size == size);
        var left = cap is null ? (Money?)null : cap.PerSmePerYear > heldElsewhere + heldByThis ? cap.PerSmePerYear - heldElsewhere - heldByThis : Money.Zero;

        var actor = request.Actor;
        var permitted = voucher.PermittedTriggers(now);
        var duties = new List<DutyView>();
        foreach (var step in permitted.Where(t => VoucherActions.IsSentBy(t, actor.Role)))
            if (SegregationOfDuties.Forbidding(step, voucher.Status, voucher.History, actor, voucher.ProviderId) is { } rule)
                duties.Add(new DutyView(step.ToString(), rule, true));
        // a step of another duty (or one still ahead): the voucher is open and has not taken it yet
        var ahead = VoucherLifecycle.Open.Contains(voucher.Status)
            ? LaterSteps.Where(t => !(permitted.Contains(t) && VoucherActions.IsSentBy(t, actor.Role)) && !voucher.History.Any(h => h.Trigger == t)) : [];
        foreach (var step in ahead)
            if (SegregationOfDuties.Forbidding(step, voucher.Status, voucher.History, actor, voucher.ProviderId) is { } rule)
                duties.Add(new DutyView(step.ToString(), rule, false));

        return new ApplicationReview(voucher.Id, Checks(voucher, program, cap, heldElsewhere), size.ToString(), cap?.PerVoucher.Dong,
            cap?.PerSmePerYear.Dong, program.MinimumSupport.Dong, heldElsewhere.Dong, heldByThis.Dong, left?.Dong, duties);
    }

    /// <summary>
    /// The program's checks of an application, in its order, against the profile the enterprise applied with: the
    /// window (on the day it was submitted), an SME at all, province, sector, service kind, the figures of the program's
    /// year, the minimum support and the two caps (the yearly one with what the enterprise holds now).
    /// </summary>
    private static IReadOnlyList<EligibilityCheckView> Checks(Voucher v, SupportProgram p, ProgramCap? cap, Money heldElsewhere)
    {
        if (v.Eligibility is not { } e) return [];
        var submitted = VietnamTime.Today(v.SubmittedAt);
        static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var requested = v.RequestedAmount;
        var checks = new List<EligibilityCheckView>
        {
            new("program.outside-application-window", submitted >= p.ApplicationOpens && submitted <= p.ApplicationCloses,
                Iso(submitted), $"{Iso(p.ApplicationOpens)}/{Iso(p.ApplicationCloses)}"),
            new("sme.not-an-sme", e.SizeClass != SizeClass.NotSme, e.SizeClass.ToString(), null),
            new("program.province-not-eligible", p.Nationwide || e.ProvinceCode == p.ProvinceCode, e.ProvinceCode, p.Nationwide ? null : p.ProvinceCode),
            new("program.sector-not-eligible", p.EligibleSectors.Count == 0 || p.EligibleSectors.Contains(e.Sector), e.Sector.ToString(),
                p.EligibleSectors.Count == 0 ? null : string.Join(",", p.EligibleSectors)),
            new("program.service-kind-not-eligible", p.EligibleServiceKinds.Contains(v.ServiceKind), v.ServiceKind.ToString(), string.Join(",", p.EligibleServiceKinds)),
            new("enterprise.size-not-declared-for-year", e.FiscalYear == p.FiscalYear, e.FiscalYear?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                p.FiscalYear.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("program.size-not-eligible", cap is not null, e.SizeClass.ToString(), string.Join(",", p.Caps.Select(c => c.Size))),
            new("program.below-minimum-support", requested >= p.MinimumSupport, Whole(requested), Whole(p.MinimumSupport)),
        };
        if (cap is not null)
        {
            checks.Add(new("program.per-voucher-cap-exceeded", requested <= cap.PerVoucher, Whole(requested), Whole(cap.PerVoucher)));
            checks.Add(new("program.per-sme-year-cap-exceeded", heldElsewhere + requested <= cap.PerSmePerYear, Whole(heldElsewhere + requested), Whole(cap.PerSmePerYear)));
        }
        return checks;
    }

    private static string Whole(Money m) => m.Dong.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
