using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Vouchers.Api.Auth;
using Vouchers.Api.Http;
using Vouchers.Application.Programs;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Enterprises;
using Vouchers.Application.Qr;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Vouchers;
using Vouchers.Infrastructure;
using Vouchers.Infrastructure.Qr;

namespace Vouchers.Api.Endpoints;

/// <summary>
/// Doanh nghiệp: the enterprise profile, applications and its vouchers. The enterprise is the one the caller's
/// token is bound to — never a route value — and a voucher of another enterprise is answered 404.
/// </summary>
public static class SmeEndpoints
{
    public static void MapSme(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/sme").WithTags("SME").ForRole(Role.Sme);

        g.MapPut("/enterprise", async Task<Results<Ok<EnterpriseView>, Accepted<EnterpriseView>>> (EnterpriseProfileBody b, RequestContext rc, IMediator m, CancellationToken ct) =>
            {
                var view = await m.Send(new RegisterEnterprise(rc.BoundTaxCode(), b.Name, b.ProvinceCode, b.CommuneWard, b.SectorGroup, b.Sector,
                    b.AverageInsuredEmployees, b.AnnualRevenue, b.TotalCapital, b.FiscalYear), ct);
                // a change of province or size class with applications open waits for a reviewer: accepted, not applied
                return view.PendingChange is null ? TypedResults.Ok(view) : TypedResults.Accepted("/api/sme/enterprise", view);
            })
            .WithName("RegisterEnterprise")
            .WithSummary("Register or update the caller's enterprise profile (size class is computed); 202 when a change of province or size class waits for a reviewer");
        g.MapGet("/enterprise", (RequestContext rc, IMediator m, CancellationToken ct) => m.Send(new GetEnterprise(rc.BoundTaxCode()), ct))
            .WithName("GetEnterprise").WithSummary("The caller's enterprise profile");
        g.MapGet("/programs", (int? page, int? pageSize, RequestContext rc, IMediator m, CancellationToken ct) =>
                m.Send(new ListProgramsForEnterprise(rc.BoundTaxCode(), page ?? 1, pageSize ?? 20), ct))
            .WithName("ListProgramsForSme").WithSummary("The open programs the enterprise may apply to: its province's and those open to every province");
        g.MapGet("/programs/{id:guid}/allowance", (Guid id, RequestContext rc, IMediator m, CancellationToken ct) =>
                m.Send(new GetApplicationAllowance(rc.BoundTaxCode(), id), ct))
            .WithName("GetApplicationAllowance")
            .WithSummary("Before applying: the caps of the program for the enterprise's size class, what it already holds this year and the most it can ask for now");
        g.MapPost("/applications", async (ApplicationBody b, RequestContext rc, IMediator m, CancellationToken ct) =>
            {
                var v = await m.Send(new ApplyForVoucher(rc.BoundTaxCode(), b.ProgramId, b.ServiceKind, b.RequestedAmount, b.Purpose), ct);
                return TypedResults.Created($"/api/sme/vouchers/{v.Id}", v);
            })
            .WithName("ApplyForVoucher").WithSummary("Apply to a program for a voucher");
        g.MapGet("/vouchers", (VoucherStatus? status, int? page, int? pageSize, RequestContext rc, IMediator m, CancellationToken ct) =>
                m.Send(new ListVouchers(Status: status, TaxCode: rc.BoundTaxCode(), Page: page ?? 1, PageSize: pageSize ?? 20), ct))
            .WithName("ListOwnVouchers").WithSummary("The enterprise's applications and vouchers");
        g.MapGet("/vouchers/{id:guid}", (Guid id, IMediator m, CancellationToken ct) => m.Send(new GetVoucher(id), ct))
            .WithName("GetOwnVoucher").WithSummary("One voucher with its history (expires it on access if its date has passed)");
        g.MapPost("/vouchers/{id:guid}/resubmit", (Guid id, ResubmissionBody b, IMediator m, CancellationToken ct) =>
            m.Send(new ResubmitApplication(id, b.RequestedAmount, b.Purpose), ct)).WithName("ResubmitApplication").WithSummary("Answer a request for more information");
        g.MapPost("/vouchers/{id:guid}/withdraw", (Guid id, OptionalReasonBody b, IMediator m, CancellationToken ct) =>
            m.Send(new WithdrawVoucher(id, b.Reason), ct)).Idempotent().WithName("WithdrawVoucher").WithSummary("Withdraw (releases the commitment of an issued voucher)");
        g.MapPost("/vouchers/{id:guid}/confirm-delivery", (Guid id, OptionalNoteBody b, IMediator m, CancellationToken ct) =>
            m.Send(new ConfirmDelivery(id, b.Note), ct)).WithName("ConfirmDelivery").WithSummary("Confirm the service was delivered");
        g.MapPost("/vouchers/{id:guid}/dispute", (Guid id, ReasonBody b, IMediator m, CancellationToken ct) =>
            m.Send(new DisputeDelivery(id, b.Reason), ct)).WithName("DisputeDeliveryAsSme").WithSummary("Dispute the delivery");
        g.MapGet("/vouchers/{id:guid}/qr", async (Guid id, HttpContext http, IMediator m, CancellationToken ct) =>
                QrPictures.Private(http, TypedResults.Ok(await m.Send(new GetVoucherQr(id), ct))))
            .WithName("GetVoucherQr").WithSummary("The voucher's signed QR token and the details printed beside it");
        g.MapGet("/vouchers/{id:guid}/qr.png", (Guid id, int? scale, HttpContext http, IMediator m, CancellationToken ct) =>
                QrPictures.Picture(id, scale, http, m, (token, pixels) => Results.File(QrImages.Png(token, pixels), "image/png"), ct))
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .WithName("GetVoucherQrPng").WithSummary("The voucher's QR code as PNG (scale: pixels per module, 2–20, default 8)");
        g.MapGet("/vouchers/{id:guid}/qr.svg", (Guid id, int? scale, HttpContext http, IMediator m, CancellationToken ct) =>
                QrPictures.Picture(id, scale, http, m, (token, pixels) => Results.Text(QrImages.Svg(token, pixels), "image/svg+xml; charset=utf-8"), ct))
            .Produces(StatusCodes.Status200OK, contentType: "image/svg+xml")
            .WithName("GetVoucherQrSvg").WithSummary("The voucher's QR code as SVG (scale: pixels per module, 2–20, default 8)");
        g.MapGet("/vouchers/{id:guid}/card", async (Guid id, HttpContext http, IMediator m, CancellationToken ct) =>
                QrPictures.Private(http, Results.Text(VoucherCard.Render(QrPictures.Card(await m.Send(new GetVoucherQr(id), ct))), "text/html; charset=utf-8")))
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .WithName("GetVoucherCard").WithSummary("The printable voucher card (Vietnamese): QR, program, face value in figures and words, valid-until date");
        g.MapPost("/vouchers/{id:guid}/qr/reissue", async (Guid id, HttpContext http, IMediator m, CancellationToken ct) =>
                QrPictures.Private(http, TypedResults.Ok(await m.Send(new ReissueVoucherQr(id), ct))))
            .WithName("ReissueVoucherQr").WithSummary("Card lost or copied: sign a new QR; every earlier one is refused from now on");
    }
}

// The bodies this group binds; ReasonBody and OptionalNoteBody, which other groups bind too, are in ReasonAndNoteBodies.cs.
public sealed record EnterpriseProfileBody(string Name, string ProvinceCode, string CommuneWard, SectorGroup SectorGroup, Sector Sector,
    int AverageInsuredEmployees, long AnnualRevenue, long TotalCapital, int? FiscalYear = null);
public sealed record ApplicationBody(Guid ProgramId, ServiceKind ServiceKind, long RequestedAmount, string Purpose);
public sealed record ResubmissionBody(long RequestedAmount, string Purpose);
public sealed record OptionalReasonBody(string? Reason);
