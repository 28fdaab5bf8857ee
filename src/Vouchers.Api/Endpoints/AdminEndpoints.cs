using MediatR;
using Vouchers.Api.Auth;
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
        g.MapPost("/ledger/checkpoints", (IMediator m, CancellationToken ct) => m.Send(new MakeCheckpoint(), ct))
            .WithSummary("Sign the seal chain's head as a checkpoint now (the checkpoint job also does, hourly)").WithName("MakeCheckpoint");
    }
}
