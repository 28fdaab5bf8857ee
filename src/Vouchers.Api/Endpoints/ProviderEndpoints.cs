using MediatR;
using Vouchers.Api.Auth;
using Vouchers.Api.Http;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Qr;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Vouchers;
using Vouchers.Infrastructure;

namespace Vouchers.Api.Endpoints;

/// <summary>
/// Nhà cung cấp: redeem, deliver, claim payment. The provider is the one the caller's token is bound to. A provider
/// sees a voucher once it redeemed it; before that only by presenting its signed QR token (verify, redeem).
/// </summary>
public static class ProviderEndpoints
{
    public static void MapProvider(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/provider").WithTags("Provider").ForRole(Role.Provider);

        g.MapGet("/vouchers", (VoucherStatus? status, int? page, int? pageSize, RequestContext rc, IMediator m, CancellationToken ct) =>
            m.Send(new ListVouchers(Status: status, ProviderId: rc.BoundProviderId(), Page: page ?? 1, PageSize: pageSize ?? 20), ct))
            .WithName("ListRedeemedVouchers").WithSummary("Vouchers this provider redeemed");
        g.MapGet("/vouchers/{id:guid}", (Guid id, IMediator m, CancellationToken ct) => m.Send(new GetVoucher(id), ct))
            .WithName("GetRedeemedVoucher").WithSummary("A voucher this provider redeemed, with its history");
        g.MapPost("/vouchers/verify", (ScanBody b, RequestContext rc, IMediator m, CancellationToken ct) =>
                m.Send(new VerifyVoucherToken(b.Token, rc.BoundProviderId()), ct))
            .LimitedAsScan()
            .WithName("VerifyVoucherToken").WithSummary("Check a scanned QR: valid or which check failed; the voucher's state and whether this provider may redeem it");
        g.MapPost("/vouchers/verify-code", (VoucherCodeBody b, RequestContext rc, IMediator m, CancellationToken ct) =>
                m.Send(new VerifyVoucherCode(b.Code, b.TaxCode, rc.BoundProviderId()), ct))
            .LimitedAsScan()
            .WithName("VerifyVoucherCode").WithSummary("Without a scan: the voucher code the card prints and the SME's tax code; the same checks and answer as a scanned QR, and for a valid one its token to redeem with");
        g.MapPost("/vouchers/redeem/quote", (RedemptionQuoteBody b, RequestContext rc, IMediator m, CancellationToken ct) =>
                m.Send(new QuoteRedemption(b.Token, rc.BoundProviderId(), b.ContractValue), ct))
            .LimitedAsScan()
            .WithName("QuoteRedemption").WithSummary("Before redeeming: the support amount and the SME's co-payment this contract value would fix (nothing changes)");
        g.MapPost("/vouchers/redeem", (RedemptionBody b, RequestContext rc, IMediator m, CancellationToken ct) =>
                m.Send(new RedeemVoucher(b.Token, rc.BoundProviderId(), b.ContractValue, b.ContractNumber), ct))
            .Idempotent().LimitedAsScan()
            .WithName("RedeemVoucher").WithSummary("Redeem the scanned voucher: bind it to this provider (once) and fix the support amount");
        g.MapPost("/vouchers/{id:guid}/deliver", (Guid id, NoteBody b, RequestContext rc, IMediator m, CancellationToken ct) =>
            m.Send(new ReportDelivery(id, rc.BoundProviderId(), b.Note), ct)).WithName("ReportDelivery").WithSummary("Report the service delivered");
        g.MapPost("/vouchers/{id:guid}/claim-payment", (Guid id, PaymentClaimBody b, RequestContext rc, IMediator m, CancellationToken ct) =>
            m.Send(new ClaimPayment(id, rc.BoundProviderId(), b.EInvoiceNumber), ct)).Idempotent()
            .WithName("ClaimPayment").WithSummary("Claim payment with the e-invoice number");
    }
}

// The bodies this group binds.
/// <summary>The text scanned from a voucher's QR code.</summary>
public sealed record ScanBody(string Token);
/// <summary>A redemption: the text scanned from the voucher's QR code and the provider's contract with the SME.</summary>
public sealed record RedemptionBody(string Token, long ContractValue, string ContractNumber);
/// <summary>What a voucher card prints for a provider that cannot scan it: the voucher code, and the SME's tax code to check.</summary>
public sealed record VoucherCodeBody(string Code, string TaxCode);
/// <summary>The scanned token and the contract value a redemption would be made under.</summary>
public sealed record RedemptionQuoteBody(string Token, long ContractValue);
public sealed record NoteBody(string Note);
public sealed record PaymentClaimBody(string EInvoiceNumber);
