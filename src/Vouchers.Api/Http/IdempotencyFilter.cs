using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Vouchers.Infrastructure;
using Vouchers.Infrastructure.Idempotency;

namespace Vouchers.Api.Http;

/// <summary>
/// Idempotency-Key on every money-moving endpoint (required). Same key + same request → the stored response, marked
/// <c>Idempotent-Replayed: true</c>; same key + another request → 422; the first still running → 409. The answer is
/// stored in the command's own transaction (see <see cref="IIdempotencyStore"/>), so a crash or a dropped
/// connection after commit is answered from the store on retry, never applied twice.
/// </summary>
public sealed class IdempotencyFilter : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        var http = ctx.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (string.IsNullOrWhiteSpace(key) || key.Length > 100 || key.Any(c => c < 0x21 || c > 0x7e))
            return Results.Problem(ProblemMapping.Validation(new Dictionary<string, string[]>
                { [Header] = ["An Idempotency-Key header (1–100 visible ASCII characters, e.g. a UUID) is required for this request."] },
                "idempotency.key-required"));

        var sp = http.RequestServices;
        var json = sp.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var request = sp.GetRequiredService<RequestContext>();
        var scope = $"{request.Actor.Role}:{request.Actor.Subject}";
        var hash = Fingerprint(http, ctx.Arguments, json);
        var store = sp.GetRequiredService<IIdempotencyStore>();

        var claim = await store.ClaimAsync(scope, key, hash, http.RequestAborted);
        switch (claim.Outcome)
        {
            case ClaimOutcome.Replay:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return Results.Text(claim.ResponseBody ?? "null", "application/json", Encoding.UTF8, claim.ResponseStatus ?? 200);
            case ClaimOutcome.Mismatch:
                return Results.Problem(ProblemMapping.Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                    "This Idempotency-Key was already used for a different request. Use a new key for a new request.", "idempotency.key-reused"));
            case ClaimOutcome.InFlight:
                return Results.Problem(ProblemMapping.Problem(StatusCodes.Status409Conflict, "Request in progress",
                    "A request with this Idempotency-Key is still being processed. Retry later.", "idempotency.in-flight"));
        }

        try
        {
            return await next(ctx);
        }
        catch
        {
            await store.ReleaseAsync(scope, key, claim.Version); // nothing was committed: let a retry run the command again
            throw;
        }
    }

    /// <summary>
    /// What makes two requests "the same": method, path, and the bound route values and body (services that the
    /// endpoint injects are not part of it). SHA-256, hex.
    /// </summary>
    public static string Fingerprint(string method, string path, IEnumerable<object?> arguments, JsonSerializerOptions json)
    {
        var sb = new StringBuilder().Append(method).Append(' ').Append(path).Append('\n');
        foreach (var a in arguments.Where(IsRequestData))
            sb.Append(JsonSerializer.Serialize(a, a!.GetType(), json)).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private static bool IsRequestData(object? a) =>
        a is string or Guid or DateOnly or decimal || (a is not null && (a.GetType().IsPrimitive || a.GetType().Namespace == typeof(Endpoints.ReasonBody).Namespace));

    private static string Fingerprint(HttpContext http, IList<object?> arguments, JsonSerializerOptions json) =>
        Fingerprint(http.Request.Method, http.Request.Path.Value ?? "", arguments, json);
}

public static class IdempotencyExtensions
{
    /// <summary>Stored answers are written with the API's own JSON options, so that a replay reads exactly as the first answer did.</summary>
    public static IServiceCollection AddIdempotentAnswers(this IServiceCollection services)
    {
        services.AddOptions<IdempotencyOptions>().Configure<IOptions<JsonOptions>>((o, json) => o.AnswerJson = json.Value.SerializerOptions);
        return services;
    }

    /// <summary>Marks an endpoint as money-moving: Idempotency-Key required, answers stored and replayed.</summary>
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder b) =>
        b.AddEndpointFilter(new IdempotencyFilter())
         .WithMetadata(new IdempotentEndpoint())
         .ProducesProblem(StatusCodes.Status409Conflict)
         .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>OpenAPI: a required Idempotency-Key header on every idempotent operation.</summary>
    public static Task DocumentHeader(Microsoft.OpenApi.OpenApiOperation operation,
        Microsoft.AspNetCore.OpenApi.OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IdempotentEndpoint>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new Microsoft.OpenApi.OpenApiParameter
            {
                Name = IdempotencyFilter.Header, In = Microsoft.OpenApi.ParameterLocation.Header, Required = true,
                Description = "A unique key per intended operation (e.g. a UUID). Same key + same request → the stored response; same key + another request → 422; still running → 409.",
                Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, MaxLength = 100 },
            });
        }
        return Task.CompletedTask;
    }
}

/// <summary>Metadata marker: this endpoint requires an Idempotency-Key (read by the OpenAPI transformer).</summary>
public sealed class IdempotentEndpoint;
