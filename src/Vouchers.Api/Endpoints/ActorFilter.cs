using Vouchers.Domain.Common;
using Vouchers.Infrastructure;

namespace Vouchers.Api.Endpoints;

/// <summary>
/// Records which actor group a request came through, for the voucher history and the ledger. Authentication and
/// per-role authorisation replace this with the token's subject and roles (issue 3); until then every endpoint is open.
/// </summary>
public sealed class ActorFilter(string role) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        var request = ctx.HttpContext.RequestServices.GetRequiredService<RequestContext>();
        request.Actor = new Actor(ctx.HttpContext.User.Identity?.Name ?? "anonymous", role);
        request.IsHttpRequest = true;
        return next(ctx);
    }
}
