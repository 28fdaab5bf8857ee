using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vouchers.Infrastructure;
using Vouchers.Infrastructure.Idempotency;
using Vouchers.Infrastructure.Persistence;

namespace Vouchers.Api.Infrastructure;

/// <summary>
/// Idempotency-Key on every money-moving endpoint (required). Same key + same request → the stored response, marked
/// <c>Idempotent-Replayed: true</c>; same key + another request → 422; the first still running → 409. The answer is
/// stored in the command's own transaction (see <see cref="IdempotencyContext"/>), so a crash or a dropped
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
        var clock = sp.GetRequiredService<TimeProvider>();
        var lease = sp.GetRequiredService<IOptions<IdempotencyOptions>>().Value.Lease;

        var (outcome, record, claim) = await ClaimAsync(sp, scope, key, hash, clock, lease, http.RequestAborted);
        switch (outcome)
        {
            case Claim.Replay:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return Results.Text(record!.ResponseBody ?? "null", "application/json", Encoding.UTF8, record.ResponseStatus ?? 200);
            case Claim.Mismatch:
                return Results.Problem(ProblemMapping.Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                    "This Idempotency-Key was already used for a different request. Use a new key for a new request.", "idempotency.key-reused"));
            case Claim.InFlight:
                return Results.Problem(ProblemMapping.Problem(StatusCodes.Status409Conflict, "Request in progress",
                    "A request with this Idempotency-Key is still being processed. Retry later.", "idempotency.in-flight"));
        }

        sp.GetRequiredService<IdempotencyContext>().Claimed(scope, key, claim);
        try
        {
            return await next(ctx);
        }
        catch
        {
            await ReleaseAsync(sp, scope, key, claim); // nothing was committed: let a retry run the command again
            throw;
        }
    }

    private enum Claim { Claimed, Replay, Mismatch, InFlight }

    /// <returns>The outcome, the stored record (replay, mismatch) and the claim's <c>Version</c>, which names this claim.</returns>
    private static async Task<(Claim, IdempotencyRecord?, long)> ClaimAsync(IServiceProvider root, string scope, string key, string hash,
        TimeProvider clock, TimeSpan lease, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await using var s = root.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            var db = s.ServiceProvider.GetRequiredService<VouchersDbContext>();
            var now = clock.GetUtcNow();
            var existing = await db.IdempotencyRecords.FirstOrDefaultAsync(r => r.Scope == scope && r.Key == key, ct);
            try
            {
                if (existing is null)
                {
                    db.IdempotencyRecords.Add(new IdempotencyRecord
                    {
                        Scope = scope, Key = key, RequestHash = hash, Status = IdempotencyStatus.InFlight, CreatedAt = now, LockedUntil = now + lease,
                    });
                    await db.SaveChangesAsync(ct);
                    return (Claim.Claimed, null, 0);
                }
                if (existing.Status == IdempotencyStatus.Completed)
                    return (existing.RequestHash == hash ? Claim.Replay : Claim.Mismatch, existing, existing.Version);
                if (existing.LockedUntil > now) return (Claim.InFlight, existing, existing.Version);
                if (existing.RequestHash != hash) return (Claim.Mismatch, existing, existing.Version);
                existing.LockedUntil = now + lease; // the previous holder died before committing anything: take the claim over
                await db.SaveChangesAsync(ct); // moves Version on: the claim is ours now, not the previous holder's
                return (Claim.Claimed, null, existing.Version);
            }
            catch (DbUpdateException)
            {
                // lost the race for the claim: read again
            }
        }
        return (Claim.InFlight, null, 0);
    }

    /// <summary>Gives up this claim, and only this one: not a claim a retry took over after the lease, nor a completed one.</summary>
    private static async Task ReleaseAsync(IServiceProvider root, string scope, string key, long claim)
    {
        await using var s = root.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<VouchersDbContext>();
        await db.IdempotencyRecords.Where(r => r.Scope == scope && r.Key == key && r.Status == IdempotencyStatus.InFlight && r.Version == claim)
            .ExecuteDeleteAsync();
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
