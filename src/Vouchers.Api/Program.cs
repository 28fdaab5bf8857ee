using System.Text.Json.Serialization.Metadata;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Vouchers.Api;
using Vouchers.Api.Auth;
using Vouchers.Api.CommandLine;
using Vouchers.Api.Endpoints;
using Vouchers.Api.Http;
using Vouchers.Api.Web;
using Vouchers.Infrastructure;
using Vouchers.Application.Abstractions;
using Vouchers.Infrastructure.Signing;

var builder = WebApplication.CreateBuilder(args);

// A command-line verb (`qr-keys`, `checkpoint-keys`, `schema`, `ledger`: see Commands) instead of the service.
var command = Commands.From(args);
if (command?.Prepare(builder) is { } exitCode)
{
    Environment.ExitCode = exitCode;
    return;
}

const long maxRequestBody = 256 * 1024;
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxRequestBody);
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
    o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow; // no mass assignment: unknown fields are refused
    // A body says each thing once, as the document spells it: the web defaults took the last of two "requestedAmount"s
    // (a check on the first could pass), read "RequestedAmount" and "REQUESTEDAMOUNT" as the same member (now unknown
    // members, refused above) and "1000" as a number. Each is 400 request.malformed naming the member.
    o.SerializerOptions.AllowDuplicateProperties = false;
    o.SerializerOptions.PropertyNameCaseInsensitive = false;
    o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
    // A value the body's constructor needs must be sent: left out, an amount, date, id or enum would bind as 0,
    // 0001-01-01, the empty uuid or the enum's first member, a value the client never chose (400 request.malformed).
    o.SerializerOptions.TypeInfoResolver = (o.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
        .WithAddedModifier(type =>
        {
            foreach (var p in type.Properties)
                // only what a body binds (a setter or init): a read-only shape, e.g. an anonymous answer, is only ever written
                if (p.AssociatedParameter is { HasDefaultValue: false } && p.Set is not null && p.PropertyType.IsValueType && Nullable.GetUnderlyingType(p.PropertyType) is null)
                    p.IsRequired = true;
        });
});
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
{
    c.ProblemDetails.Extensions.TryAdd("traceId", c.HttpContext.TraceIdentifier);
    c.ProblemDetails.Extensions.TryAdd("code", c.ProblemDetails.Status switch { 401 => "auth.unauthenticated", 403 => "auth.forbidden", 404 => "not-found", 413 => "request.too-large", _ => "error" });
    AuditMiddleware.NoteProblem(c.HttpContext, c.ProblemDetails);
    ProblemLanguage.Apply(c); // after the audit noted it: the trail keeps the English detail, the caller reads its language
});
builder.Services.AddExceptionHandler<ProblemMapping>();
builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // binding errors get a detailed problem in every environment
if (command is null)
{
    builder.AddVouchersAuth();
    builder.AddVouchersRateLimits();
    foreach (var purpose in new[] { SigningPurpose.Qr, SigningPurpose.Checkpoints })
    {
        var problems = SigningKeyOptions.From(builder.Configuration, purpose).Problems(builder.Environment.EnvironmentName, builder.Environment.ContentRootPath);
        if (problems.Count > 0)
            throw new InvalidOperationException($"The service refuses to start: its {purpose.Noun} keys are misconfigured.\n- " + string.Join("\n- ", problems));
    }
}
builder.Services.AddOpenApi(o => o.AddOperationTransformer(IdempotencyExtensions.DocumentHeader).AddOperationTransformer(OpenApiSecurity.DocumentRoles)
    .AddOperationTransformer(OpenApiDescription.DescribeOperation)
    .AddDocumentTransformer(OpenApiSecurity.DocumentScheme).AddDocumentTransformer(OpenApiDescription.DescribeDocument));
builder.Services.AddVouchersInfrastructure(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddIdempotentAnswers();
builder.AddVouchersWeb();
builder.AddVouchersTelemetry();

var app = builder.Build();

if (command is not null)
{
    Environment.ExitCode = await command.RunAsync(app.Services);
    return;
}

app.Services.GetRequiredService<SigningKeyRing>(); // loads (or, in Development, generates) the signing keys now, not at the first issuance
app.Services.GetRequiredService<ICheckpointKeys>(); // and the checkpoint keys
app.UseMiddleware<AuditMiddleware>(); // outermost: sees the final status of every request, whatever answered it
// A body declared over the limit is refused before any endpoint runs, and the connection closed. Kestrel enforces the
// limit only when a body is read: an endpoint that reads none answered, then Kestrel failed to drain the body and
// dropped the keep-alive connection under the client's next request ("response ended prematurely").
app.Use(async (http, next) =>
{
    if (http.Request.ContentLength > maxRequestBody)
    {
        http.Response.Headers.Connection = "close";
        await Results.Problem(ProblemMapping.Problem(StatusCodes.Status413PayloadTooLarge, "Request too large",
            $"The body is over {maxRequestBody / 1024} KB.", "request.too-large")).ExecuteAsync(http);
        return;
    }
    await next(http);
});
// An API failure is answered with problem details (ProblemMapping, an IExceptionHandler; UseApiStatusCodes for empty
// answers); a page's failure with the error page, re-executed with routing as the original request was.
// (a refusal answered 404 — an object not found or not the caller's — is an answer, not a failed error page)
app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error", AllowStatusCode404Response = true });
app.UseStatusCodePagesWithReExecute("/error", "?status={0}");
app.UseApiStatusCodes();
app.UseVouchersWeb();
app.UseAuthentication();
app.UseCallerContext();
app.UseRateLimiter();
app.UseUnsupportedMediaTypeProblem(); // before default deny, which would refuse routing's own 415 endpoint as 403
app.UseAuthorization();

// Anonymous on purpose: the API description, health probes. Everything else names a role policy or is refused.
app.MapOpenApi().AllowAnonymous();
if (app.Environment.IsDevelopment())
    app.UseSwaggerUI(o => o.SwaggerEndpoint("/openapi/v1.json", "Vouchers v1"));
// Probes are never rate-limited: behind a load balancer its probes share an address (and a window) with public traffic,
// and a 429 would take a healthy instance out of rotation.
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous().DisableRateLimiting();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous().DisableRateLimiting();
app.MapDevelopmentTokens();
app.MapDevelopmentIdentityProvider();
app.MapVouchersWeb();

var api = app.MapGroup("").AddEndpointFilterFactory(QueryEnums.ByNameOnly);
api.MapSme();
api.MapReviewer();
api.MapFinance();
api.MapProvider();
api.MapAdmin();
api.MapAuditor();
api.MapAuditorTrace();
api.MapPublic();

await Startup.InitializeDatabaseAsync(app.Services);
await app.RunAsync();

public partial class Program;
