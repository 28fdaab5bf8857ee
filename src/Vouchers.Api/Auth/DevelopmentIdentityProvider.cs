using System.Diagnostics;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;
using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using Vouchers.Domain.Enterprises;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Vouchers.Api.Auth;

/// <summary>
/// Development only (registered only with <c>Auth:DevelopmentIssuer:Enabled</c>, which start-up refuses outside
/// Development): the service is a real OpenID Connect provider for its demo users, built on OpenIddict, so that the
/// pages sign in through the same authorization-code + PKCE flow, callback and claim mapping as against a province's
/// provider. Its "login" is a list of demo users, one click each (<c>/dev/sign-in</c>).
/// </summary>
/// <remarks>
/// OpenIddict runs in its degraded mode: no client, authorization or token store. The one client is the pages
/// (<c>Auth:Web:ClientId</c>, public, PKCE required, redirect URIs on this service's own host), checked by the handlers
/// below; authorization codes are self-contained, encrypted with the key in <see cref="DevelopmentIssuerOptions.KeyFile"/>,
/// so any instance that shares the file can redeem a code another issued (the two-instance tests do). What that mode
/// gives up, acceptable for demo users only: a code is not revoked when redeemed (it stays usable for its five
/// minutes by whoever holds it and the PKCE verifier), and there is no consent screen.
/// </remarks>
public static class DevelopmentIdentityProvider
{
    /// <summary>The provider's own sign-in cookie (who chose which demo user), separate from the pages' cookie.</summary>
    public const string Scheme = "vouchers-dev-idp";

    public static void AddDevelopmentIdentityProvider(this WebApplicationBuilder builder, AuthOptions options)
    {
        var keys = DevelopmentIdentityKeys.LoadOrCreate(Path.Combine(builder.Environment.ContentRootPath, options.DevelopmentIssuer.KeyFile));
        var clientId = options.Web.ClientId;
        builder.Services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "vouchers.dev-idp";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/dev/sign-in";
            o.ReturnUrlParameter = "returnUrl";
            o.ExpireTimeSpan = TimeSpan.FromHours(1);
        });
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token").SetEndSessionEndpointUris("connect/logout");
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            o.RegisterScopes(Scopes.OpenId, Scopes.Profile);
            o.AddSigningKey(keys.Signing).AddEncryptionKey(keys.Encryption);
            o.SetAuthorizationCodeLifetime(TimeSpan.FromMinutes(5)).SetIdentityTokenLifetime(TimeSpan.FromMinutes(10));
            o.EnableDegradedMode().DisableTokenStorage().DisableAuthorizationStorage();
            o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableEndSessionEndpointPassthrough().DisableTransportSecurityRequirement();

            o.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.ClientId != clientId)
                    context.Reject(Errors.InvalidClient, $"The only client is '{clientId}'.");
                else if (!OwnCallback(context.RedirectUri, context.Transaction, "/signin-oidc"))
                    context.Reject(Errors.InvalidRequest, "The redirect URI must be this service's /signin-oidc.");
                return default;
            }));
            o.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.ClientId != clientId) context.Reject(Errors.InvalidClient, $"The only client is '{clientId}'.");
                return default;
            }));
            o.AddEventHandler<OpenIddictServerEvents.ValidateEndSessionRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.PostLogoutRedirectUri is { } uri && !OwnCallback(uri, context.Transaction, "/signout-callback-oidc"))
                    context.Reject(Errors.InvalidRequest, "The post-logout redirect URI must be this service's /signout-callback-oidc.");
                return default;
            }));
        });
    }

    // A redirect back to this service itself (the host the request came to), at the pages' callback path.
    private static bool OwnCallback(string? uri, OpenIddictServerTransaction transaction, string path)
    {
        if (uri is null || !Uri.TryCreate(uri, UriKind.Absolute, out var target)) return false;
        var request = transaction.GetHttpRequest();
        return request is not null && target.AbsolutePath == path && target.Query.Length == 0 &&
               string.Equals(target.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase) && target.Scheme == request.Scheme;
    }

    public static void MapDevelopmentIdentityProvider(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<DevelopmentTokenIssuer>() is null) return;

        app.MapMethods("/connect/authorize", ["GET", "POST"], async (HttpContext http, MediatR.IMediator mediator, Microsoft.Extensions.Options.IOptions<AuthOptions> auth) =>
        {
            var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
            var chosen = await http.AuthenticateAsync(Scheme);
            var user = chosen.Succeeded ? DevelopmentTokenIssuer.Users.FirstOrDefault(u => u.User == chosen.Principal!.Identity!.Name) : null;
            if (user is null || request.HasPromptValue(PromptValues.Login))
                return Results.Challenge(new AuthenticationProperties { RedirectUri = http.Request.PathBase + http.Request.Path + QueryOf(request) }, [Scheme]);

            var claims = auth.Value.Claims;
            Guid? providerId = null;
            if (user.ProviderTaxCode is not null)
                providerId = await mediator.Send(new Vouchers.Application.Providers.FindProviderId(TaxCode.Parse(user.ProviderTaxCode)), http.RequestAborted);
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, claims.Name, claims.Roles);
            identity.SetClaim(Claims.Subject, "dev|" + user.User);
            if (claims.Subject != Claims.Subject) identity.SetClaim(claims.Subject, "dev|" + user.User);
            identity.SetClaim(claims.Name, user.User);
            identity.SetClaim(Claims.Name, user.Name);
            identity.SetClaim(claims.Roles, auth.Value.RoleValue(user.Role));
            if (user.TaxCode is not null) identity.SetClaim(claims.TaxCode, user.TaxCode);
            if (providerId is { } p) identity.SetClaim(claims.ProviderId, p.ToString());
            if (user.Province is not null)
                identity.SetClaim(claims.Province, user.Province == DemoUser.National ? auth.Value.NationalScope : user.Province);
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.IdentityToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }).ExcludeFromDescription().AllowAnonymous().DisableAntiforgery();

        app.MapMethods("/connect/logout", ["GET", "POST"], async (HttpContext http) =>
        {
            await http.SignOutAsync(Scheme);
            return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }).ExcludeFromDescription().AllowAnonymous().DisableAntiforgery();
    }

    private static string QueryOf(OpenIddictRequest request) =>
        QueryString.Create(request.GetParameters().Where(p => p.Key != Parameters.Prompt)
            .Select(p => new KeyValuePair<string, string?>(p.Key, (string?)p.Value))).ToUriComponent();

    /// <summary>Signs the chosen demo user in to the provider (not yet to the pages: the code flow does that).</summary>
    public static Task ChooseAsync(HttpContext http, DemoUser user) =>
        http.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.User)], "dev-idp")));
}

/// <summary>
/// The development provider's keys: a P-256 signing key (ES256 ID tokens) and an AES-256 key (its codes), made at the
/// first start into one file (mode 0600, written whole and renamed into place) and read by every later start.
/// </summary>
public sealed record DevelopmentIdentityKeys(SecurityKey Signing, SecurityKey Encryption)
{
    private sealed record Stored(string Signing, string Encryption);

    public static DevelopmentIdentityKeys LoadOrCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var started = Stopwatch.StartNew();
        while (true)
        {
            if (File.Exists(path)) return Read(path);
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var stored = new Stored(Convert.ToBase64String(ec.ExportPkcs8PrivateKey()), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(temp, options)) JsonSerializer.Serialize(stream, stored);
            try
            {
                File.Move(temp, path, overwrite: false); // the first of two starting instances wins; the other reads its keys
                return Read(path);
            }
            catch (IOException) when (File.Exists(path) && started.Elapsed < TimeSpan.FromSeconds(30))
            {
                File.Delete(temp);
            }
        }
    }

    private static DevelopmentIdentityKeys Read(string path)
    {
        var stored = JsonSerializer.Deserialize<Stored>(File.ReadAllBytes(path)) ?? throw new InvalidOperationException($"{path} holds no keys.");
        var ec = ECDsa.Create();
        ec.ImportPkcs8PrivateKey(Convert.FromBase64String(stored.Signing), out _);
        var id = Convert.ToHexStringLower(SHA256.HashData(ec.ExportSubjectPublicKeyInfo()))[..16];
        return new DevelopmentIdentityKeys(new ECDsaSecurityKey(ec) { KeyId = "dev-idp-" + id },
            new SymmetricSecurityKey(Convert.FromBase64String(stored.Encryption)) { KeyId = "dev-idp-enc-" + id });
    }
}
