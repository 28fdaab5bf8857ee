using MediatR;
using Vouchers.Api.Infrastructure;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Enterprises;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Api.Endpoints;

/// <summary>Doanh nghiệp: the enterprise profile, applications and its vouchers.</summary>
public static class SmeEndpoints
{
    public static void MapSme(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/sme").WithTags("SME").AddEndpointFilter(new ActorFilter("sme"));

        g.MapPut("/enterprises/{taxCode}", (string taxCode, EnterpriseProfileBody b, IMediator m, CancellationToken ct) =>
            m.Send(new RegisterEnterprise(taxCode, b.Name, b.ProvinceCode, b.CommuneWard, b.SectorGroup, b.Sector, b.AverageInsuredEmployees,
                b.AnnualRevenue, b.TotalCapital), ct))
            .WithSummary("Register or update the enterprise profile (size class is computed)");
        g.MapGet("/enterprises/{taxCode}", (string taxCode, IMediator m, CancellationToken ct) => m.Send(new GetEnterprise(taxCode), ct))
            .WithSummary("The enterprise profile");
        g.MapPost("/enterprises/{taxCode}/applications", async (string taxCode, ApplicationBody b, IMediator m, CancellationToken ct) =>
            {
                var v = await m.Send(new ApplyForVoucher(taxCode, b.ProgramId, b.ServiceKind, b.RequestedAmount, b.Purpose), ct);
                return TypedResults.Created($"/api/sme/vouchers/{v.Id}", v);
            })
            .WithSummary("Apply to a program for a voucher");
        g.MapGet("/enterprises/{taxCode}/vouchers", (string taxCode, VoucherStatus? status, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
                m.Send(new ListVouchers(Status: status, TaxCode: taxCode, Page: page ?? 1, PageSize: pageSize ?? 20), ct))
            .WithSummary("The enterprise's applications and vouchers");
        g.MapGet("/vouchers/{id:guid}", (Guid id, IMediator m, CancellationToken ct) => m.Send(new GetVoucher(id), ct))
            .WithSummary("One voucher with its history (expires it on access if its date has passed)");
        g.MapPost("/vouchers/{id:guid}/resubmit", (Guid id, ResubmissionBody b, IMediator m, CancellationToken ct) =>
            m.Send(new ResubmitApplication(id, b.RequestedAmount, b.Purpose), ct)).WithSummary("Answer a request for more information");
        g.MapPost("/vouchers/{id:guid}/withdraw", (Guid id, OptionalReasonBody b, IMediator m, CancellationToken ct) =>
            m.Send(new WithdrawVoucher(id, b.Reason), ct)).Idempotent().WithSummary("Withdraw (releases the commitment of an issued voucher)");
        g.MapPost("/vouchers/{id:guid}/confirm-delivery", (Guid id, OptionalNoteBody b, IMediator m, CancellationToken ct) =>
            m.Send(new ConfirmDelivery(id, b.Note), ct)).WithSummary("Confirm the service was delivered");
        g.MapPost("/vouchers/{id:guid}/dispute", (Guid id, ReasonBody b, IMediator m, CancellationToken ct) =>
            m.Send(new DisputeDelivery(id, b.Reason), ct)).WithSummary("Dispute the delivery");
    }
}
