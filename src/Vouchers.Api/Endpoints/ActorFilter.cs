using Vouchers.Domain.Common;
using Vouchers.Infrastructure;

namespace Vouchers.Api.Endpoints;

/// <summary>
/// Records the role a request acts in, with the authenticated subject, as the <see cref="Actor"/> on the voucher
/// history and the ledger. The endpoint group's policy has already checked that the caller holds that role.
/// </summary>
public sealed class ActorFilter(string role) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        var request = ctx.HttpContext.RequestServices.GetRequiredService<RequestContext>();
        request.Actor = new Actor(request.Caller.Subject, role, request.Caller.ProviderId);
        return next(ctx);
    }
}
