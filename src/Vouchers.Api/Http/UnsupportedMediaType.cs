namespace Vouchers.Api.Http;

/// <summary>
/// A body whose media type no endpoint on the path reads (text/plain, XML, a form to a JSON endpoint) is 415
/// <c>request.unsupported-media-type</c>. Routing answers it with an endpoint of its own (ASP.NET Core's
/// <c>AcceptsMatcherPolicy</c>), which names no policy, so default deny refused it as <c>403 auth.forbidden</c> and the
/// audit trail recorded an authorisation refusal. A caller without a valid token is still told 401 first.
/// </summary>
public static class UnsupportedMediaType
{
    /// <summary>The display name routing gives its 415 endpoint (<c>AcceptsMatcherPolicy.Http415EndpointDisplayName</c>).</summary>
    private const string RoutingEndpoint = "415 HTTP Unsupported Media Type";

    public static void UseUnsupportedMediaTypeProblem(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (http.GetEndpoint() is { DisplayName: RoutingEndpoint } endpoint && endpoint is not RouteEndpoint && http.User.Identity?.IsAuthenticated == true)
            {
                var sent = http.Request.ContentType is { Length: > 0 } t ? t.Length <= 100 ? t : t[..100] + "…" : "(none)";
                await Results.Problem(ProblemMapping.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                    $"The body's media type is {sent}; this endpoint reads application/json.", "request.unsupported-media-type")).ExecuteAsync(http);
                return;
            }
            await next(http);
        });
}
