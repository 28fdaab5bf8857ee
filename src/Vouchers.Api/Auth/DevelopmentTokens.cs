using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Vouchers.Api.Http;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Enterprises;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Api.Auth;

/// <summary>A demo user the development issuer can mint a token for.</summary>
public sealed record DemoUser(string User, string Name, Role Role, string? TaxCode = null, string? ProviderTaxCode = null);

/// <summary>
/// Development only (refused in any other environment at start-up, see <see cref="AuthOptions.Problems"/>): the
/// service acts as its own token issuer for the demo users, with a P-256 key made fresh at every start, so that a
/// newcomer can try every role without an identity provider. The tokens carry the same claims, under the
/// configured claim names, as the real provider's would, and pass through the same validation and mapping.
/// </summary>
public sealed class DevelopmentTokenIssuer
{
    private readonly AuthOptions _options;

    public DevelopmentTokenIssuer(AuthOptions options)
    {
        _options = options;
        SigningKey = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "dev-" + Guid.NewGuid().ToString("N")[..12] };
    }

    public string Issuer => "urn:vouchers:development-issuer";
    public ECDsaSecurityKey SigningKey { get; }

    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new("sme.xoai", DemoData.MangoSmeName, Role.Sme, TaxCode: DemoData.MangoSmeTaxCode),
        new("sme.logistics", DemoData.LogisticsSmeName, Role.Sme, TaxCode: DemoData.LogisticsSmeTaxCode),
        new("sme.food", DemoData.FoodSmeName, Role.Sme, TaxCode: DemoData.FoodSmeTaxCode),
        new("reviewer.an", "Nguyễn Văn An — Sở KH&CN (DEMO)", Role.Reviewer),
        new("finance.binh", "Trần Thị Bình — Sở Tài chính (DEMO)", Role.Finance),
        new("finance.cuong", "Lê Văn Cường — Sở Tài chính (DEMO)", Role.Finance),
        new("finance.hanh", "Đỗ Thị Hạnh — Sở Tài chính (DEMO)", Role.Finance), // a third officer: pays what two others approved (four eyes)
        new("provider.lab", DemoData.LabName, Role.Provider, ProviderTaxCode: DemoData.LabTaxCode),
        new("provider.consultant", DemoData.ConsultantName, Role.Provider, ProviderTaxCode: DemoData.ConsultantTaxCode),
        new("provider.vendor", DemoData.VendorName, Role.Provider, ProviderTaxCode: DemoData.VendorTaxCode),
        new("auditor.dung", "Phạm Thị Dung — Kiểm toán (DEMO)", Role.Auditor),
        new("admin.giang", "Hoàng Văn Giang — Quản trị (DEMO)", Role.Admin),
    ];

    public string Issue(DemoUser user, Guid? providerId, DateTimeOffset now)
    {
        var claims = new Dictionary<string, object>();
        Put(claims, _options.Claims.Subject, "dev|" + user.User);
        Put(claims, _options.Claims.Name, user.User);
        Put(claims, _options.Claims.Roles, new[] { _options.RoleValue(user.Role) });
        if (user.TaxCode is not null) Put(claims, _options.Claims.TaxCode, user.TaxCode);
        if (providerId is { } p) Put(claims, _options.Claims.ProviderId, p.ToString());
        claims["name"] = user.Name;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = _options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.UtcDateTime.AddMinutes(_options.DevelopmentIssuer.TokenLifetimeMinutes),
            Claims = claims,
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.EcdsaSha256),
        });
    }

    public int LifetimeSeconds => _options.DevelopmentIssuer.TokenLifetimeMinutes * 60;

    // A dotted claim path (e.g. realm_access.roles) becomes nested objects, as the real provider would send it.
    private static void Put(Dictionary<string, object> claims, string path, object value)
    {
        var parts = path.Split('.');
        var target = claims;
        foreach (var part in parts[..^1])
        {
            if (!target.TryGetValue(part, out var next) || next is not Dictionary<string, object> nested)
                target[part] = nested = new Dictionary<string, object>();
            target = nested;
        }
        target[parts[^1]] = value;
    }
}

public sealed record DevTokenRequest(string User);
public sealed record DevTokenResponse(string AccessToken, string TokenType, int ExpiresIn, string User, string Role, string? TaxCode, Guid? ProviderId);
public sealed record DevUserView(string User, string Name, string Role, string RoleLabel, string? TaxCode, string? ProviderTaxCode);

public static class DevelopmentTokenEndpoints
{
    /// <summary>Mapped only when the development issuer is enabled, which start-up allows only in Development.</summary>
    public static void MapDevelopmentTokens(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<DevelopmentTokenIssuer>() is null) return;
        var g = app.MapGroup("/api/dev").WithTags("Development only").AllowAnonymous();
        g.MapGet("/users", () => DevelopmentTokenIssuer.Users.Select(u => new DevUserView(u.User, u.Name, u.Role.Name(), u.Role.Vi(), u.TaxCode, u.ProviderTaxCode)))
            .WithName("ListDevelopmentUsers").WithSummary("Demo users the development issuer mints tokens for (Development only)");
        g.MapPost("/tokens", async (DevTokenRequest r, DevelopmentTokenIssuer issuer, MediatR.IMediator mediator, CancellationToken ct) =>
        {
            var user = DevelopmentTokenIssuer.Users.FirstOrDefault(u => u.User == r.User);
            if (user is null)
                return Results.Problem(ProblemMapping.Validation(new Dictionary<string, string[]>
                    { ["user"] = [$"Unknown demo user. Known: {string.Join(", ", DevelopmentTokenIssuer.Users.Select(u => u.User))}."] }, "dev.unknown-user"));
            Guid? providerId = null;
            if (user.ProviderTaxCode is not null)
            {
                var taxCode = TaxCode.Parse(user.ProviderTaxCode);
                providerId = await mediator.Send(new Vouchers.Application.Providers.FindProviderId(taxCode), ct);
                if (providerId is null)
                    return Results.Problem(ProblemMapping.Problem(StatusCodes.Status409Conflict, "Demo provider missing",
                        "The demo provider is not in the database (is DemoData:Enabled false?).", "dev.demo-data-missing"));
            }
            // The wall clock, not the application's TimeProvider: the bearer handler checks a token's lifetime against
            // the wall clock (IdentityModel does not use the TimeProvider), so a token stamped with a moved application
            // clock would be refused by this very service.
            return Results.Ok(new DevTokenResponse(issuer.Issue(user, providerId, TimeProvider.System.GetUtcNow()), "Bearer", issuer.LifetimeSeconds,
                user.User, user.Role.Name(), user.TaxCode, providerId));
        }).WithName("IssueDevelopmentToken").WithSummary("A bearer token for a demo user (Development only)")
          .Produces<DevTokenResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
    }
}
