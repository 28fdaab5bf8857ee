using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Vouchers.Api.Auth;

/// <summary>
/// The web pages' sign-in: an HttpOnly, SameSite=Lax cookie made after an OpenID Connect authorization-code flow with
/// PKCE against the province's identity provider (<c>Auth:Web</c>). The cookie carries the provider's ID-token claims;
/// <see cref="CallerClaims"/> reads them per request exactly as it reads a bearer token's, so pages and API see the
/// same caller, roles and bindings. No server-side session: the cookie is the whole state, protected by the
/// data-protection key ring that every instance shares through the database.
/// </summary>
public static class WebSignIn
{
    public const string ByPathScheme = "vouchers";
    public const string CookieScheme = "vouchers-pages";
    public const string OidcScheme = "vouchers-oidc";
    public const string CookieName = "vouchers.signin";

    /// <summary>Paths answered by the API (bearer tokens); everything else is a page (the sign-in cookie).</summary>
    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/health") || path.StartsWithSegments("/connect");

    public static void AddWebSignIn(this AuthenticationBuilder authentication, AuthOptions options, IWebHostEnvironment environment, bool developmentIssuer)
    {
        var relaxed = environment.IsDevelopment() || environment.IsEnvironment(AuthOptions.TestingEnvironment);
        var web = options.Web;
        authentication.AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax; // sent on the provider's top-level redirect back, never on a cross-site POST
            o.Cookie.SecurePolicy = relaxed ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.ExpireTimeSpan = web.SessionLifetime;
            o.SlidingExpiration = true;
            o.LoginPath = "/account/sign-in";
            o.LogoutPath = "/account/sign-out";
            o.AccessDeniedPath = "/account/denied";
            o.ReturnUrlParameter = "returnUrl";
        });
        authentication.AddOpenIdConnect(OidcScheme, o =>
        {
            o.SignInScheme = CookieScheme;
            o.ClientId = web.ClientId;
            o.ClientSecret = string.IsNullOrWhiteSpace(web.ClientSecret) ? null : web.ClientSecret;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.ResponseMode = OpenIdConnectResponseMode.Query; // a top-level GET back: the Lax correlation cookies travel with it
            o.UsePkce = true;
            o.SaveTokens = false;           // the cookie keeps the claims, not the provider's tokens
            o.MapInboundClaims = false;     // claim names as the provider sends them: CallerClaims maps them (Auth:Claims)
            o.GetClaimsFromUserInfoEndpoint = false;
            o.RequireHttpsMetadata = options.RequireHttpsMetadata;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("profile");
            o.CallbackPath = "/signin-oidc";
            o.SignedOutCallbackPath = "/signout-callback-oidc";
            o.SignedOutRedirectUri = "/";
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = o.NonceCookie.SecurePolicy = relaxed ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                NameClaimType = options.Claims.Name,
                ValidAlgorithms = AuthSetup.Algorithms,
            };
            // The page a failed sign-in lands on (the provider refused, or the user cancelled), not an exception page.
            o.Events.OnRemoteFailure = context =>
            {
                context.Response.Redirect("/account/sign-in?failed=1");
                context.HandleResponse();
                return Task.CompletedTask;
            };
            var authority = !string.IsNullOrWhiteSpace(web.Authority) ? web.Authority : options.Authority;
            if (!string.IsNullOrWhiteSpace(authority)) o.Authority = authority;
        });
        // With the development issuer and no authority named, the provider is this very service (Auth/DevelopmentIdentityProvider):
        // its address is known only once Kestrel listens, so the metadata is found then.
        if (developmentIssuer && string.IsNullOrWhiteSpace(web.Authority) && string.IsNullOrWhiteSpace(options.Authority))
            authentication.Services.AddOptions<OpenIdConnectOptions>(OidcScheme).Configure<IServer>((o, server) =>
                o.ConfigurationManager = new SelfAuthority(server, o));
    }

    /// <summary>The service's own discovery document, at the first address Kestrel listens on, read when first needed.</summary>
    private sealed class SelfAuthority(IServer server, OpenIdConnectOptions options) : IConfigurationManager<OpenIdConnectConfiguration>
    {
        private ConfigurationManager<OpenIdConnectConfiguration>? _inner;

        public Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
        {
            if (_inner is null)
            {
                var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
                    ?? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                    ?? throw new InvalidOperationException("The service listens on no address, so its development identity provider has none.");
                var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
                if (uri.Host is "0.0.0.0" or "[::]" or "::") uri.Host = "localhost";
                var metadata = new Uri(uri.Uri, ".well-known/openid-configuration").AbsoluteUri;
                _inner = new ConfigurationManager<OpenIdConnectConfiguration>(metadata, new OpenIdConnectConfigurationRetriever(),
                    new HttpDocumentRetriever(options.Backchannel) { RequireHttps = false });
            }
            return _inner.GetConfigurationAsync(cancel);
        }

        public void RequestRefresh() => _inner?.RequestRefresh();
    }
}
