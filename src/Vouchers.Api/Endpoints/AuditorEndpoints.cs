using MediatR;
using Vouchers.Api.Auth;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Audit;
using Vouchers.Application.Funds;
using Vouchers.Application.Integrity;
using Vouchers.Application.Ledger;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Api.Endpoints;

/// <summary>
/// Kiểm toán: read-only — the journal, the ledger check, positions, vouchers and their history. The money trail
/// (traces, a voucher's history with its ledger entries, the exports) is its own sub-group, <see cref="AuditorTraceEndpoints"/>.
/// </summary>
public static class AuditorEndpoints
{
    public static void MapAuditor(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/auditor").WithTags("Auditor").ForRole(Role.Auditor);
        g.MapGet("/ledger/transfers", (Guid? voucherId, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
            m.Send(new ListTransfers(voucherId, from, to, page ?? 1, pageSize ?? 100), ct)).WithSummary("The journal of ledger transfers").WithName("ListTransfers");
        g.MapGet("/ledger/check", (IMediator m, CancellationToken ct) => m.Send(new CheckLedger(), ct))
            .WithSummary("Σ debits = Σ credits, and stored balances equal a replay of the transfers").WithName("CheckLedger");
        g.MapGet("/ledger/verify", (IMediator m, CancellationToken ct) => m.Send(new VerifyLedger(), ct))
            .WithSummary("Recompute the seal chain, its checkpoints and the balances; name the first record edited, deleted, inserted or reordered")
            .WithName("VerifyLedger");
        g.MapPost("/ledger/verify", (VerifyLedger q, IMediator m, CancellationToken ct) => m.Send(q, ct))
            .WithSummary("The same, also holding the chain to checkpoints kept from publication (a rewrite after one was published contradicts it)")
            .WithName("VerifyLedgerAgainstPublished");
        g.MapGet("/funds/{fundId:guid}/positions/{fiscalYear:int}", (Guid fundId, int fiscalYear, IMediator m, CancellationToken ct) =>
            m.Send(new GetFundPosition(fundId, fiscalYear), ct)).WithSummary("Fund position from the ledger").WithName("GetFundPositionForAuditor");
        g.MapGet("/reconciliation/{fiscalYear:int}", (int fiscalYear, Guid? fundId, IMediator m, CancellationToken ct) => m.Send(new Reconcile(fiscalYear, fundId), ct))
            .WithSummary("Per fund: allocated + brought forward = available + committed + payable + disbursed + carried forward from the ledger, committed = the vouchers holding a commitment in the year's budget, the year-end carry-overs agreeing with the neighbouring years, and every voucher whose state disagrees with its ledger entries")
            .WithName("Reconcile");
        g.MapGet("/vouchers", (VoucherStatus? status, Guid? programId, string? province, DateOnly? from, DateOnly? to, int? page, int? pageSize,
                IMediator m, CancellationToken ct) =>
            m.Send(new ListVouchers(status, programId, province, null, null, from, to, page ?? 1, pageSize ?? 20), ct)).WithSummary("Vouchers of every enterprise, filtered by status, program, province and date").WithName("ListVouchersForAuditor");
        g.MapGet("/vouchers/{id:guid}", (Guid id, IMediator m, CancellationToken ct) => m.Send(new GetVoucher(id), ct)).WithSummary("One voucher with its history").WithName("GetVoucherForAuditor");
        g.MapGet("/audit-trail", (string? subject, string? action, string? objectId, AuditOutcome? outcome, DateOnly? from, DateOnly? to,
                int? page, int? pageSize, IMediator m, CancellationToken ct) =>
            m.Send(new ListAuditTrail(subject, action, objectId, outcome, from, to, page ?? 1, pageSize ?? 50), ct))
            .WithName("ListAuditTrail").WithSummary("Every command, allowed or refused, and every refused request: who, what, on what, when, from where, outcome");
    }
}
