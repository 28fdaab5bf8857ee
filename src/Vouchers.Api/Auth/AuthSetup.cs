using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;
using Vouchers.Application.Abstractions;
using Vouchers.Infrastructure;

namespace Vouchers.Api.Auth;

/// <summary>
/// JWT bearer authentication against the configured OpenID Connect provider (plus, in Development only, the
/// service's own development issuer), one authorization policy per role, and deny as the default for any endpoint
/// that names no policy.
/// </summary>
public static class AuthSetup
{
    /// <summary>Signature algorithms accepted. Asymmetric only: no "none", no HMAC (no key confusion).</summary>
    public static readonly string[] Algorithms =
        [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256];

    public static void AddVouchersAuth(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(AuthOptions.Section);
        var options = section.Get<AuthOptions>() ?? new AuthOptions();
        var problems = options.Problems(builder.Environment.EnvironmentName);
        if (problems.Count > 0)
            throw new InvalidOperationException("The service refuses to start: its authentication is misconfigured.\n- " + string.Join("\n- ", problems));
        builder.Services.Configure<AuthOptions>(section);

        DevelopmentTokenIssuer? issuer = null;
        if (options.DevelopmentIssuer.Enabled)
        {
            issuer = new DevelopmentTokenIssuer(options);
            builder.Services.AddSingleton(issuer);
        }

        builder.Services.AddTransient<IClaimsTransformation, CallerClaims>();
        var authentication = builder.Services.AddAuthentication(o =>
        {
            // One default that forwards by path: the API takes bearer tokens only (a browser's cookie never
            // authenticates an API call, so the API needs no antiforgery), the pages take their sign-in cookie only.
            o.DefaultScheme = WebSignIn.ByPathScheme;
            o.DefaultChallengeScheme = WebSignIn.ByPathScheme;
        });
        authentication.AddPolicyScheme(WebSignIn.ByPathScheme, "API bearer or page cookie", o =>
            o.ForwardDefaultSelector = http => WebSignIn.IsApi(http.Request.Path) ? JwtBearerDefaults.AuthenticationScheme : WebSignIn.CookieScheme);
        authentication.AddWebSignIn(options, builder.Environment, issuer is not null);
        if (issuer is not null) builder.AddDevelopmentIdentityProvider(options);
        authentication.AddJwtBearer(o =>
        {
            if (!string.IsNullOrWhiteSpace(options.Authority)) o.Authority = options.Authority;
            o.Audience = options.Audience;
            o.RequireHttpsMetadata = options.RequireHttpsMetadata;
            o.MapInboundClaims = false;
            o.IncludeErrorDetails = builder.Environment.IsDevelopment(); // why a token failed is for developers, not for callers
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidAudience = options.Audience,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidateIssuerSigningKey = true,
                ClockSkew = TimeSpan.FromMinutes(1),
                ValidAlgorithms = Algorithms,
                ValidIssuers = issuer is null ? null : [issuer.Issuer],
                IssuerSigningKeys = issuer is null ? null : [issuer.SigningKey],
            };
            o.Events = TokenRules.Events(options);
        });

        builder.Services.AddAuthorization(o =>
        {
            // Default deny: an endpoint that names no policy (and is not explicitly anonymous) is refused to everyone.
            // The fallback policy also runs for a request that matched no endpoint at all; that one is let through to
            // the 404 (or, in Development, to the Swagger UI middleware) instead of being answered 401 as if it existed.
            o.FallbackPolicy = new AuthorizationPolicyBuilder()
                .RequireAssertion(c => c.Resource is HttpContext http && http.GetEndpoint() is null).Build();
            foreach (var role in Roles.All)
                o.AddPolicy(role.Name(), p =>
                {
                    p.RequireAuthenticatedUser().RequireClaim(CallerClaims.Role, role.Name());
                    if (role == Role.Sme) p.RequireClaim(CallerClaims.TaxCode);          // an SME user is bound to one enterprise
                    if (role == Role.Provider) p.RequireClaim(CallerClaims.ProviderId);  // a provider user to one provider
                    if (ProvinceScope.IsStaff(role))                                      // staff to one province, or the national scope
                        p.RequireAssertion(c => c.User.HasClaim(x => x.Type is CallerClaims.Province or CallerClaims.National));
                });
        });
    }

    /// <summary>After authentication: the caller the token describes into the request context.</summary>
    public static void UseCallerContext(this WebApplication app) =>
        app.Use((http, next) =>
        {
            http.RequestServices.GetRequiredService<RequestContext>().Caller = CallerClaims.ToCaller(http.User);
            return next(http);
        });

    /// <summary>Requires the role's policy on a group of endpoints and records that role as the actor.</summary>
    public static RouteGroupBuilder ForRole(this RouteGroupBuilder group, Role role) =>
        group.RequireAuthorization(role.Name()).AddEndpointFilter(new Endpoints.ActorFilter(role.Name()));
}
