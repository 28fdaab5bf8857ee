using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Vouchers.Api.Auth;

/// <summary>
/// The OpenAPI document states who may call what: a bearer scheme, a security requirement on every operation that
/// is not anonymous (an empty one, explicit, on those that are), and <c>x-roles</c> listing the role policies it requires (empty for anonymous operations). The
/// role × endpoint matrix test reads these.
/// </summary>
public static class OpenApiSecurity
{
    public const string Scheme = "Bearer";
    public const string RolesExtension = "x-roles";

    public static Task DocumentScheme(OpenApiDocument doc, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        doc.Components ??= new OpenApiComponents();
        doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        doc.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
            Description = "An access token from the province's OpenID Connect provider (in Development: POST /api/dev/tokens).",
        };
        return Task.CompletedTask;
    }

    public static Task DocumentRoles(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var roles = anonymous ? [] : metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct().ToArray();
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions[RolesExtension] = new JsonNodeExtension(new JsonArray(roles.Select(r => (JsonNode)JsonValue.Create(r)!).ToArray()));
        operation.Security ??= [];
        // anonymous on purpose, and said so: an empty requirement ("security: [{}]") rather than none at all
        if (anonymous) operation.Security.Add(new OpenApiSecurityRequirement());
        else
        {
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [] });
            operation.Responses ??= new OpenApiResponses();
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid bearer token" });
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The token lacks the role (or binding) this operation requires" });
        }
        return Task.CompletedTask;
    }
}
