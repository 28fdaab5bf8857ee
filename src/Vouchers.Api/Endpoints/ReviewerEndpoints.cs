using MediatR;
using Vouchers.Api.Auth;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Enterprises;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Api.Endpoints;

/// <summary>Sở Khoa học và Công nghệ: review of applications and acceptance (nghiệm thu).</summary>
public static class ReviewerEndpoints
{
    public static void MapReviewer(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/reviewer").WithTags("Reviewer").ForRole(Role.Reviewer);

        g.MapGet("/vouchers", (VoucherStatus? status, Guid? programId, string? province, DateOnly? from, DateOnly? to, int? page, int? pageSize,
                IMediator m, CancellationToken ct) =>
            m.Send(new ListVouchers(status, programId, province, null, null, from, to, page ?? 1, pageSize ?? 20), ct))
            .WithSummary("Applications and vouchers, filtered and paged").WithName("ListVouchersForReview");
        g.MapGet("/vouchers/{id:guid}", (Guid id, IMediator m, CancellationToken ct) => m.Send(new GetVoucher(id), ct)).WithSummary("One voucher with its history").WithName("GetVoucherForReview");
        g.MapGet("/queue", (ReviewDesk? desk, VoucherStatus? status, Guid? programId, string? province, SizeClass? sizeClass, ServiceKind? serviceKind,
                DateOnly? from, DateOnly? to, bool? newestFirst, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
            m.Send(new ListReviewQueue(desk ?? ReviewDesk.Review, status, programId, province, sizeClass, serviceKind, from, to, newestFirst ?? false,
                page ?? 1, pageSize ?? 20), ct))
            .WithSummary("The review queue (desk=Review: applications, submitted ones unless a status is asked for) or the acceptance queue (desk=Acceptance: delivered vouchers), longest waiting first")
            .WithName("ListReviewQueue");
        g.MapGet("/vouchers/{id:guid}/review", (Guid id, IMediator m, CancellationToken ct) => m.Send(new GetApplicationReview(id), ct))
            .WithSummary("The program's eligibility checks with their outcome, the caps and what the enterprise holds, and the steps segregation of duties forbids the caller")
            .WithName("GetApplicationReview");
        g.MapPost("/vouchers/{id:guid}/recommend", (Guid id, OptionalNoteBody b, IMediator m, CancellationToken ct) =>
            m.Send(new RecommendApplication(id, b.Note), ct)).WithSummary("Recommend for approval").WithName("RecommendApplication");
        g.MapPost("/vouchers/{id:guid}/return", (Guid id, ReasonBody b, IMediator m, CancellationToken ct) =>
            m.Send(new ReturnApplication(id, b.Reason), ct)).WithSummary("Return to the SME for more information").WithName("ReturnApplication");
        g.MapPost("/vouchers/{id:guid}/reject", (Guid id, ReasonBody b, IMediator m, CancellationToken ct) =>
            m.Send(new RejectApplication(id, b.Reason), ct)).WithSummary("Reject the application").WithName("RejectApplication");
        g.MapPost("/vouchers/{id:guid}/accept", (Guid id, AcceptanceBody b, IMediator m, CancellationToken ct) =>
            m.Send(new AcceptDelivery(id, b.DecisionNumber, b.AcceptedAmount), ct)).WithSummary("Acceptance decision (nghiệm thu)").WithName("AcceptDelivery");
        g.MapPost("/vouchers/{id:guid}/request-rework", (Guid id, ReasonBody b, IMediator m, CancellationToken ct) =>
            m.Send(new RequestRework(id, b.Reason), ct)).WithSummary("Refuse acceptance: the provider must rework").WithName("RequestRework");
        g.MapPost("/vouchers/{id:guid}/dispute", (Guid id, ReasonBody b, IMediator m, CancellationToken ct) =>
            m.Send(new DisputeDelivery(id, b.Reason), ct)).WithSummary("Refuse acceptance as disputed").WithName("DisputeDeliveryAsReviewer");

        // an enterprise's declared changes of province or size class made while it had open applications or vouchers
        g.MapGet("/enterprise-changes", (EnterpriseProfileChangeStatus? status, string? taxCode, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
                m.Send(new ListProfileChanges(status, taxCode, page ?? 1, pageSize ?? 20), ct))
            .WithSummary("Declared enterprise profile changes: those waiting for a decision (default), or one enterprise's record (taxCode)")
            .WithName("ListEnterpriseProfileChanges");
        g.MapPost("/enterprise-changes/{id:guid}/approve", (Guid id, OptionalNoteBody b, IMediator m, CancellationToken ct) =>
                m.Send(new DecideProfileChange(id, true, b.Note), ct))
            .WithSummary("Approve a waiting change of province or size class: it applies from now on").WithName("ApproveEnterpriseProfileChange");
        g.MapPost("/enterprise-changes/{id:guid}/reject", (Guid id, ReasonBody b, IMediator m, CancellationToken ct) =>
                m.Send(new DecideProfileChange(id, false, b.Reason), ct))
            .WithSummary("Reject a waiting change of province or size class: the profile stays as it was").WithName("RejectEnterpriseProfileChange");
    }
}

// The body only this group binds; ReasonBody and OptionalNoteBody, which other groups bind too, are in ReasonAndNoteBodies.cs.
public sealed record AcceptanceBody(string DecisionNumber, long? AcceptedAmount);
