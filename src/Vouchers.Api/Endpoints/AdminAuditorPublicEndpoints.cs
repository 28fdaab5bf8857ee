using Vouchers.Infrastructure.Signing;
using MediatR;
using Vouchers.Infrastructure.Qr;
using Vouchers.Api.Auth;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Audit;
using Vouchers.Application.Funds;
using Vouchers.Application.Integrity;
using Vouchers.Application.Ledger;
using Vouchers.Application.Programs;
using Vouchers.Application.Providers;
using Vouchers.Application.Transparency;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Common;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Api.Endpoints;

public static class AdminAuditorPublicEndpoints
{
    /// <summary>Quản trị: reference data — funds, programs, providers. No money moves here.</summary>
    public static void MapAdmin(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/admin").WithTags("Administrator").ForRole(Role.Admin);
        g.MapPost("/funds", (CreateFund c, IMediator m, CancellationToken ct) => m.Send(c, ct)).WithSummary("Create a fund (quỹ) of a province").WithName("CreateFund");
        g.MapGet("/funds", (string? province, IMediator m, CancellationToken ct) => m.Send(new ListFunds(province), ct)).WithSummary("The funds, optionally of one province").WithName("ListFunds");
        g.MapPost("/programs", (CreateProgram c, IMediator m, CancellationToken ct) => m.Send(c, ct)).WithSummary("Draft a program (its envelope is approved by finance)").WithName("CreateProgram");
        g.MapPost("/providers", (RegisterProvider c, IMediator m, CancellationToken ct) => m.Send(c, ct)).WithSummary("Register an accredited provider").WithName("RegisterProvider");
        g.MapPost("/ledger/checkpoints", (IMediator m, CancellationToken ct) => m.Send(new MakeCheckpoint(), ct))
            .WithSummary("Sign the seal chain's head as a checkpoint now (the checkpoint job also does, hourly)").WithName("MakeCheckpoint");
    }

    /// <summary>Kiểm toán: read-only — the journal, the ledger check, positions, vouchers and their history.</summary>
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
            .WithSummary("Per fund: allocated = available + committed + payable + disbursed from the ledger, committed = the vouchers holding a commitment, and every voucher whose state disagrees with its ledger entries")
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

    /// <summary>Công khai: programs, providers and who received how much. No personal data.</summary>
    public static void MapPublic(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/public").WithTags("Public").AllowAnonymous().AddEndpointFilter(new ActorFilter("public"));
        g.MapGet("/provinces", () => Province.Catalogue).WithSummary("The provinces the service knows (code and name)").WithName("ListProvinces");
        g.MapGet("/programs", (string? province, ProgramStatus? status, int? fiscalYear, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
            m.Send(new ListPrograms(province, status, fiscalYear, null, page ?? 1, pageSize ?? 20), ct)).WithSummary("Support programs, filtered by province, status and fiscal year").WithName("ListPublicPrograms");
        g.MapGet("/programs/{id:guid}", (Guid id, IMediator m, CancellationToken ct) => m.Send(new GetProgram(id), ct)).WithSummary("One program: fund, support rate, caps, eligibility, validity").WithName("GetPublicProgram")
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapGet("/providers", (string? province, ProviderKind? kind, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
            m.Send(new ListProviders(province, kind, page ?? 1, pageSize ?? 20), ct)).WithSummary("Accredited providers, filtered by province and kind").WithName("ListPublicProviders");
        g.MapGet("/support", (Guid? programId, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
            m.Send(new ListPublicSupport(programId, page ?? 1, pageSize ?? 50), ct)).WithSummary("Who received how much (settled vouchers)").WithName("ListPublicSupport");
        g.MapGet("/ledger/checkpoints", (int? page, int? pageSize, IMediator m, CancellationToken ct) =>
                m.Send(new ListCheckpoints(page ?? 1, pageSize ?? 100), ct))
            .WithName("ListCheckpoints").WithSummary("Signed checkpoints of the ledger's seal chain, oldest first: keep a copy to hold the ledger to later");
        g.MapGet("/ledger/checkpoint-keys", (ICheckpointKeys keys, HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "public, max-age=300";
                return Results.Text(keys.Jwks(), "application/jwk-set+json");
            })
            .Produces(StatusCodes.Status200OK, contentType: "application/jwk-set+json")
            .WithName("GetCheckpointKeys").WithSummary("The public keys that sign the checkpoints (JWK set, active and retired)");
        g.MapGet("/lifecycle", () => Results.Text(VoucherLifecycle.Table.ToMermaid(VoucherLifecycle.Initial), "text/plain; charset=utf-8"))
            .WithName("GetLifecycleDiagram").WithSummary("The voucher lifecycle as a Mermaid diagram, from the transition table");
        g.MapGet("/qr-keys", (SigningKeyRing ring, HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "public, max-age=300"; // a rotation reaches offline verifiers within minutes
                return Results.Text(ring.Jwks(), "application/jwk-set+json");
            })
            .Produces(StatusCodes.Status200OK, contentType: "application/jwk-set+json")
            .WithName("GetQrKeys").WithSummary("The public keys that sign voucher QR tokens (JWK set, active and retired), for verifying offline");
    }
}
