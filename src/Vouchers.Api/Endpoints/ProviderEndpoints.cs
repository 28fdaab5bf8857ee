using MediatR;
using Vouchers.Api.Infrastructure;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Api.Endpoints;

/// <summary>Nhà cung cấp: redeem, deliver, claim payment.</summary>
public static class ProviderEndpoints
{
    public static void MapProvider(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/provider/providers/{providerId:guid}").WithTags("Provider").AddEndpointFilter(new ActorFilter("provider"));

        g.MapGet("/vouchers", (Guid providerId, VoucherStatus? status, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
            m.Send(new ListVouchers(Status: status, ProviderId: providerId, Page: page ?? 1, PageSize: pageSize ?? 20), ct))
            .WithSummary("Vouchers this provider redeemed");
        g.MapPost("/vouchers/{id:guid}/redeem", (Guid providerId, Guid id, RedemptionBody b, IMediator m, CancellationToken ct) =>
            m.Send(new RedeemVoucher(id, providerId, b.ContractValue, b.ContractNumber), ct))
            .Idempotent().WithSummary("Redeem: bind the voucher to this provider and fix the support amount");
        g.MapPost("/vouchers/{id:guid}/deliver", (Guid providerId, Guid id, NoteBody b, IMediator m, CancellationToken ct) =>
            m.Send(new ReportDelivery(id, providerId, b.Note), ct)).WithSummary("Report the service delivered");
        g.MapPost("/vouchers/{id:guid}/claim-payment", (Guid providerId, Guid id, PaymentClaimBody b, IMediator m, CancellationToken ct) =>
            m.Send(new ClaimPayment(id, providerId, b.EInvoiceNumber), ct)).Idempotent().WithSummary("Claim payment with the e-invoice number");
    }
}
