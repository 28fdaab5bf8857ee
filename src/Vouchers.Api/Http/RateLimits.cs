using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Vouchers.Infrastructure;

namespace Vouchers.Api.Http;

/// <summary>"RateLimits" in configuration. Fixed windows; a request over a limit gets 429 with Retry-After.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Every request, per authenticated subject (or per client address when anonymous).</summary>
    public Limit General { get; set; } = new() { PermitLimit = 600, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Scanning and redeeming vouchers, per user.</summary>
    public Limit ScanPerUser { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Scanning and redeeming vouchers, per provider (all its users together).</summary>
    public Limit ScanPerProvider { get; set; } = new() { PermitLimit = 120, Window = TimeSpan.FromMinutes(1) };

    public sealed class Limit
    {
        public int PermitLimit { get; set; }
        public TimeSpan Window { get; set; }
    }
}

/// <summary>
/// Endpoint metadata: this endpoint scans or redeems vouchers and is limited per user and per provider. On a page
/// model (an attribute becomes its endpoints' metadata) with <see cref="PostsOnly"/>: its form posts are, drawing the page is not.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ScanRateLimited : Attribute
{
    public bool PostsOnly { get; init; }
}

public static class RateLimits
{
    public static RouteHandlerBuilder LimitedAsScan(this RouteHandlerBuilder b) => b.WithMetadata(new ScanRateLimited());

    public static void AddVouchersRateLimits(this WebApplicationBuilder builder)
    {
        var o = builder.Configuration.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        foreach (var (name, limit) in new[] { ("General", o.General), ("ScanPerUser", o.ScanPerUser), ("ScanPerProvider", o.ScanPerProvider) })
            if (limit.PermitLimit < 1 || limit.Window <= TimeSpan.Zero)
                throw new InvalidOperationException($"RateLimits:{name} needs PermitLimit ≥ 1 and a positive Window.");

        builder.Services.AddRateLimiter(r =>
        {
            r.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            r.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => Window(o.General, "general:" + Who(http))),
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsScan(http)
                    ? Window(o.ScanPerUser, "scan-user:" + Who(http)) : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsScan(http) && CallerOf(http).ProviderId is { } p
                    ? Window(o.ScanPerProvider, "scan-provider:" + p) : RateLimitPartition.GetNoLimiter("")));
            r.OnRejected = async (ctx, ct) =>
            {
                if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    ctx.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Results.Problem(ProblemMapping.Problem(StatusCodes.Status429TooManyRequests, "Too many requests",
                    "The rate limit for this kind of request was reached. Retry after the time in the Retry-After header.", "rate-limit.exceeded"))
                    .ExecuteAsync(ctx.HttpContext);
            };
        });
    }

    private static bool IsScan(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<ScanRateLimited>() is { } scan && (!scan.PostsOnly || HttpMethods.IsPost(http.Request.Method));

    // The caller was put into the request context right after authentication (UseCallerContext runs before the limiter).
    private static Application.Abstractions.Caller CallerOf(HttpContext http) => http.RequestServices.GetRequiredService<RequestContext>().Caller;

    private static string Who(HttpContext http) =>
        CallerOf(http) is { } c && !ReferenceEquals(c, Application.Abstractions.Caller.Anonymous)
            ? "sub:" + c.Subject
            : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static RateLimitPartition<string> Window(RateLimitOptions.Limit limit, string key) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit, Window = limit.Window, QueueLimit = 0, AutoReplenishment = true,
        });
}
