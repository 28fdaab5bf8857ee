using MediatR;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Api.Endpoints;

/// <summary>Sở Khoa học và Công nghệ: review of applications and acceptance (nghiệm thu).</summary>
public static class ReviewerEndpoints
{
    public static void MapReviewer(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/reviewer").WithTags("Reviewer").AddEndpointFilter(new ActorFilter("reviewer"));

        g.MapGet("/vouchers", (VoucherStatus? status, Guid? programId, string? province, DateOnly? from, DateOnly? to, int? page, int? pageSize,
                IMediator m, CancellationToken ct) =>
            m.Send(new ListVouchers(status, programId, province, null, null, from, to, page ?? 1, pageSize ?? 20), ct))
            .WithSummary("Applications and vouchers, filtered and paged");
        g.MapGet("/vouchers/{id:guid}", (Guid id, IMediator m, CancellationToken ct) => m.Send(new GetVoucher(id), ct));
        g.MapPost("/vouchers/{id:guid}/recommend", (Guid id, OptionalNoteBody b, IMediator m, CancellationToken ct) =>
            m.Send(new RecommendApplication(id, b.Note), ct)).WithSummary("Recommend for approval");
        g.MapPost("/vouchers/{id:guid}/return", (Guid id, ReasonBody b, IMediator m, CancellationToken ct) =>
            m.Send(new ReturnApplication(id, b.Reason), ct)).WithSummary("Return to the SME for more information");
        g.MapPost("/vouchers/{id:guid}/reject", (Guid id, ReasonBody b, IMediator m, CancellationToken ct) =>
            m.Send(new RejectApplication(id, b.Reason), ct)).WithSummary("Reject the application");
        g.MapPost("/vouchers/{id:guid}/accept", (Guid id, AcceptanceBody b, IMediator m, CancellationToken ct) =>
            m.Send(new AcceptDelivery(id, b.DecisionNumber, b.AcceptedAmount), ct)).WithSummary("Acceptance decision (nghiệm thu)");
        g.MapPost("/vouchers/{id:guid}/request-rework", (Guid id, ReasonBody b, IMediator m, CancellationToken ct) =>
            m.Send(new RequestRework(id, b.Reason), ct)).WithSummary("Refuse acceptance: the provider must rework");
        g.MapPost("/vouchers/{id:guid}/dispute", (Guid id, ReasonBody b, IMediator m, CancellationToken ct) =>
            m.Send(new DisputeDelivery(id, b.Reason), ct)).WithSummary("Refuse acceptance as disputed");
    }
}
