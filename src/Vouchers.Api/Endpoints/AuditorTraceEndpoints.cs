using MediatR;
using Vouchers.Api.Auth;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Exports;
using Vouchers.Application.Trace;

namespace Vouchers.Api.Endpoints;

public static class AuditorTraceEndpoints
{
    /// <summary>
    /// Kiểm toán: every đồng from a fund's budget decision to the provider's bank and back — forward and backward
    /// traces, a voucher's history with its ledger entries, and the exports for a date range. Read-only.
    /// </summary>
    public static void MapAuditorTrace(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/auditor").WithTags("Auditor").ForRole(Role.Auditor);
        g.MapGet("/trace/funds/{fundId:guid}/{fiscalYear:int}", (Guid fundId, int fiscalYear, IMediator m, CancellationToken ct) =>
                m.Send(new TraceFund(fundId, fiscalYear), ct))
            .WithName("TraceFund").WithSummary("Forward trace: a fund's year → budget decisions → program envelopes → program money, with totals and checks");
        g.MapGet("/trace/programs/{programId:guid}", (Guid programId, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
                m.Send(new TraceProgram(programId, page ?? 1, pageSize ?? 20), ct))
            .WithName("TraceProgram").WithSummary("Forward trace: a program → its vouchers' money (paged), from commitment to disbursement and clawback");
        g.MapGet("/trace/transfers/{transferId:guid}", (Guid transferId, IMediator m, CancellationToken ct) => m.Send(new TraceTransfer(transferId), ct))
            .WithName("TraceTransfer").WithSummary("Backward trace: a ledger transfer → its voucher → commitment → envelope approval → budget decisions");
        g.MapGet("/trace/vouchers/{voucherId:guid}", (Guid voucherId, IMediator m, CancellationToken ct) => m.Send(new TraceVoucher(voucherId), ct))
            .WithName("TraceVoucher").WithSummary("Backward trace: a voucher → commitment → envelope approval → budget decisions");
        g.MapGet("/vouchers/{id:guid}/history", (Guid id, IMediator m, CancellationToken ct) => m.Send(new GetVoucherHistory(id), ct))
            .WithName("GetVoucherHistory").WithSummary("Every transition of a voucher with the ledger entries it made");
        g.MapGet("/exports", async (string? from, string? to, HttpContext http, IMediator m, CancellationToken ct) =>
            {
                var archive = await m.Send(new ExportAuditFiles(from, to), ct);
                http.Response.Headers.CacheControl = "private, no-store";
                return Results.File(archive.Content, "application/zip", archive.FileName);
            })
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .WithName("ExportAuditFiles")
            .WithSummary("journal.csv, fund-positions.csv, vouchers.csv and manifest.json for Vietnamese dates from–to (inclusive, at most 366 days), zipped");
    }
}
