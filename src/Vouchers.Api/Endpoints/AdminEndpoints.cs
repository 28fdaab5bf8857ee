using MediatR;
using Vouchers.Api.Auth;
using Vouchers.Api.Http;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Funds;
using Vouchers.Application.Integrity;
using Vouchers.Application.Programs;
using Vouchers.Application.Providers;

namespace Vouchers.Api.Endpoints;

/// <summary>Quản trị: reference data — funds, programs, providers. No money moves here.</summary>
public static class AdminEndpoints
{
    public static void MapAdmin(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/admin").WithTags("Administrator").ForRole(Role.Admin);
        g.MapPost("/funds", (CreateFund c, IMediator m, CancellationToken ct) => m.Send(c, ct)).WithSummary("Create a fund (quỹ) of a province").WithName("CreateFund");
        g.MapGet("/funds", (string? province, IMediator m, CancellationToken ct) => m.Send(new ListFunds(province), ct)).WithSummary("The funds, optionally of one province").WithName("ListFunds");
        g.MapPost("/programs", (CreateProgram c, IMediator m, CancellationToken ct) => m.Send(c, ct)).WithSummary("Draft a program (its envelope is approved by finance)").WithName("CreateProgram");
        g.MapPost("/providers", (RegisterProvider c, IMediator m, CancellationToken ct) => m.Send(c, ct)).WithSummary("Register an accredited provider").WithName("RegisterProvider");
        g.MapGet("/providers/{id:guid}", (Guid id, IMediator m, CancellationToken ct) => m.Send(new GetProvider(id), ct))
            .Produces<ProviderView>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One provider: its accreditation in each province and its current services and list prices").WithName("GetProvider");
        // the life of a provider (issue 16): accreditation per province, suspension, renewal, versioned prices
        g.MapPost("/providers/{id:guid}/accreditations", (Guid id, AccreditationBody b, IMediator m, CancellationToken ct) =>
                m.Send(new AccreditProvider(id, b.ProvinceCode, b.AccreditationNumber, b.AccreditedFrom, b.AccreditedUntil, b.DecisionNumber, b.DecisionDate), ct))
            .Idempotent().Produces<ProviderView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Accredit a provider in a province (a decision of that province)").WithName("AccreditProvider");
        g.MapPost("/providers/{id:guid}/accreditations/{province}/renew", (Guid id, string province, RenewalBody b, IMediator m, CancellationToken ct) =>
                m.Send(new RenewAccreditation(id, province, b.AccreditationNumber, b.AccreditedFrom, b.AccreditedUntil, b.DecisionNumber, b.DecisionDate), ct))
            .Idempotent().Produces<ProviderView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Renew a provider's accreditation in a province: new number and validity dates").WithName("RenewAccreditation");
        g.MapPost("/providers/{id:guid}/accreditations/{province}/suspend", (Guid id, string province, AccreditationDecisionBody b, IMediator m, CancellationToken ct) =>
                m.Send(new SuspendAccreditation(id, province, b.Reason, b.DecisionNumber, b.DecisionDate), ct))
            .Idempotent().Produces<ProviderView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Suspend a provider's accreditation in a province: no new verify-for-redeem or redemption there").WithName("SuspendAccreditation");
        g.MapPost("/providers/{id:guid}/accreditations/{province}/reinstate", (Guid id, string province, AccreditationDecisionBody b, IMediator m, CancellationToken ct) =>
                m.Send(new ReinstateAccreditation(id, province, b.Reason, b.DecisionNumber, b.DecisionDate), ct))
            .Idempotent().Produces<ProviderView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Lift the suspension of a provider's accreditation in a province").WithName("ReinstateAccreditation");
        g.MapPost("/providers/{id:guid}/price-lists", (Guid id, PriceListBody b, IMediator m, CancellationToken ct) =>
                m.Send(new UpdateProviderServices(id, b.Services), ct))
            .Idempotent().Produces<ProviderView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Publish a new version of a provider's services and list prices (redemptions already made keep theirs)").WithName("UpdateProviderServices");
        g.MapPost("/ledger/checkpoints", (IMediator m, CancellationToken ct) => m.Send(new MakeCheckpoint(), ct))
            .WithSummary("Sign the seal chain's head as a checkpoint now (the checkpoint job also does, hourly)").WithName("MakeCheckpoint");
    }
}

// The bodies this group binds (the provider and the province are in the route).
public sealed record AccreditationBody(string ProvinceCode, string AccreditationNumber, DateOnly AccreditedFrom, DateOnly AccreditedUntil,
    string DecisionNumber, DateOnly DecisionDate);
public sealed record RenewalBody(string AccreditationNumber, DateOnly AccreditedFrom, DateOnly AccreditedUntil, string DecisionNumber, DateOnly DecisionDate);
public sealed record AccreditationDecisionBody(string Reason, string DecisionNumber, DateOnly DecisionDate);
public sealed record PriceListBody(IReadOnlyList<ProviderServiceOffer> Services);
