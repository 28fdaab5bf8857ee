using MediatR;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Integrity;
using Vouchers.Application.Programs;
using Vouchers.Application.Providers;
using Vouchers.Application.Transparency;
using Vouchers.Domain.Common;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Vouchers;
using Vouchers.Infrastructure.Signing;

namespace Vouchers.Api.Endpoints;

/// <summary>Công khai: programs, providers and who received how much. No personal data.</summary>
public static class PublicEndpoints
{
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
        g.MapGet("/support", (Guid? programId, string? province, FundKind? fund, int? fiscalYear, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
            m.Send(new ListPublicSupport(programId, page ?? 1, pageSize ?? 50, province, fund, fiscalYear), ct))
            .WithSummary("Who received how much (settled vouchers), filtered by program, province, fund and fiscal year").WithName("ListPublicSupport");
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
