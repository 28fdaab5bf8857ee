using Vouchers.Application.Abstractions;

namespace Vouchers.Api.Auth;

/// <summary>
/// "Auth" in configuration: the OpenID Connect provider whose tokens this API accepts (a province's own SSO, e.g.
/// Keycloak), and where in its tokens the subject, roles and bindings are. See docs/architecture.md (configuration).
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const string TestingEnvironment = "Testing";

    /// <summary>The issuer URL; its /.well-known/openid-configuration names the signing keys. Required outside Development.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for (the API's client id at the provider).</summary>
    public string Audience { get; set; } = "vouchers-api";

    /// <summary>Metadata over HTTPS only. May be false only in Development and Testing.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public ClaimNames Claims { get; set; } = new();

    /// <summary>
    /// The longest a token may be valid for, from its issue time (<c>iat</c>, else <c>nbf</c>) to its expiry: a token
    /// that claims a longer life is refused even before it expires (401 <c>auth.token-lifetime-too-long</c>).
    /// </summary>
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// The value of each of our roles in the token's role claim, when the provider names them differently
    /// (e.g. "finance": "vouchers-finance-officer"). A role not listed is expected under its own name.
    /// </summary>
    public Dictionary<string, string> RoleValues { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The value of the province claim (<see cref="ClaimNames.Province"/>) that gives a staff user the national scope
    /// (e.g. a Ministry auditor): every province's data. Any other value must be a province code (<c>dong-thap</c>).
    /// </summary>
    public string NationalScope { get; set; } = "national";

    /// <summary>Development only: the service mints tokens for its demo users itself (POST /api/dev/tokens).</summary>
    public DevelopmentIssuerOptions DevelopmentIssuer { get; set; } = new();

    /// <summary>The web pages' sign-in: an OpenID Connect client (authorization code + PKCE) of the same provider.</summary>
    public WebSignInOptions Web { get; set; } = new();

    /// <summary>
    /// Refuses a configuration that would be unsafe, so that a misconfigured service does not start at all: the
    /// development issuer anywhere but Development, no identity provider at all, metadata over plain HTTP in
    /// production.
    /// </summary>
    public IReadOnlyList<string> Problems(string environment)
    {
        var problems = new List<string>();
        var development = string.Equals(environment, "Development", StringComparison.OrdinalIgnoreCase);
        var relaxed = development || string.Equals(environment, TestingEnvironment, StringComparison.OrdinalIgnoreCase);
        if (DevelopmentIssuer.Enabled && !development)
            problems.Add($"Auth:DevelopmentIssuer:Enabled is true in the '{environment}' environment. The development issuer mints tokens for anyone and is allowed only in Development.");
        if (string.IsNullOrWhiteSpace(Audience))
            problems.Add("Auth:Audience is empty. Set it to the API's client id at the identity provider.");
        if (string.IsNullOrWhiteSpace(Authority))
        {
            if (!DevelopmentIssuer.Enabled)
                problems.Add("Auth:Authority is empty. Set it to the OpenID Connect issuer URL (e.g. https://sso.example.gov.vn/realms/vouchers).");
        }
        else if (!Uri.TryCreate(Authority, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            problems.Add($"Auth:Authority '{Authority}' is not an absolute http(s) URL.");
        else if (!relaxed && (uri.Scheme != Uri.UriSchemeHttps || !RequireHttpsMetadata))
            problems.Add($"Auth:Authority must use HTTPS with RequireHttpsMetadata=true in the '{environment}' environment.");
        foreach (var (role, value) in RoleValues)
        {
            if (!Roles.All.Any(r => string.Equals(r.Name(), role, StringComparison.OrdinalIgnoreCase)))
                problems.Add($"Auth:RoleValues names an unknown role '{role}'. Known roles: {string.Join(", ", Roles.All.Select(r => r.Name()))}.");
            if (string.IsNullOrWhiteSpace(value)) problems.Add($"Auth:RoleValues:{role} is empty.");
        }
        if (string.IsNullOrWhiteSpace(Web.ClientId))
            problems.Add("Auth:Web:ClientId is empty. Set it to the web pages' client id at the identity provider.");
        if (!string.IsNullOrWhiteSpace(Web.Authority))
        {
            if (!Uri.TryCreate(Web.Authority, UriKind.Absolute, out var web) || (web.Scheme != Uri.UriSchemeHttps && web.Scheme != Uri.UriSchemeHttp))
                problems.Add($"Auth:Web:Authority '{Web.Authority}' is not an absolute http(s) URL.");
            else if (!relaxed && web.Scheme != Uri.UriSchemeHttps)
                problems.Add($"Auth:Web:Authority must use HTTPS in the '{environment}' environment.");
        }
        if (!relaxed && string.IsNullOrWhiteSpace(Web.ClientSecret))
            problems.Add($"Auth:Web:ClientSecret is empty in the '{environment}' environment. The web pages are a confidential client: give its secret (from a secret store, never the repository).");
        if (Web.SessionLifetime <= TimeSpan.Zero || Web.SessionLifetime > TimeSpan.FromHours(12))
            problems.Add($"Auth:Web:SessionLifetime is {Web.SessionLifetime}; it must be more than zero and at most 12:00:00.");
        if (string.IsNullOrWhiteSpace(NationalScope))
            problems.Add("Auth:NationalScope is empty. Set it to the province-claim value that means the national scope (e.g. \"national\").");
        else if (Domain.Common.Province.TryFromCode(NationalScope, out _))
            problems.Add($"Auth:NationalScope '{NationalScope}' is a province code; it must be a value no province has.");
        if (MaxTokenLifetime <= TimeSpan.Zero || MaxTokenLifetime > TimeSpan.FromHours(24))
            problems.Add($"Auth:MaxTokenLifetime is {MaxTokenLifetime}; it must be more than zero and at most 24:00:00.");
        else if (DevelopmentIssuer.Enabled && (DevelopmentIssuer.TokenLifetimeMinutes < 1 || DevelopmentIssuer.TokenLifetimeMinutes > MaxTokenLifetime.TotalMinutes))
            problems.Add($"Auth:DevelopmentIssuer:TokenLifetimeMinutes must be between 1 and {MaxTokenLifetime.TotalMinutes:0} (Auth:MaxTokenLifetime): the service refuses longer-lived tokens, its own included.");
        return problems;
    }

    public string RoleValue(Role role) => RoleValues.TryGetValue(role.Name(), out var v) ? v : role.Name();
}

/// <summary>
/// Where the token carries each fact. A dotted path reads inside a JSON claim, e.g. Keycloak's realm roles
/// "realm_access.roles" or a client's "resource_access.vouchers-api.roles".
/// </summary>
public sealed class ClaimNames
{
    public string Subject { get; set; } = "sub";
    public string Name { get; set; } = "preferred_username";
    public string Roles { get; set; } = "roles";
    /// <summary>An SME user's enterprise (10 or 13 digit tax code).</summary>
    public string TaxCode { get; set; } = "tax_code";
    /// <summary>A provider user's provider id (as this service issued it at registration).</summary>
    public string ProviderId { get; set; } = "provider_id";
    /// <summary>A staff user's province (a code such as <c>dong-thap</c>), or <see cref="AuthOptions.NationalScope"/>.</summary>
    public string Province { get; set; } = "province";
}

public sealed class DevelopmentIssuerOptions
{
    public bool Enabled { get; set; }
    public int TokenLifetimeMinutes { get; set; } = 8 * 60;

    /// <summary>
    /// The development OpenID Connect provider's keys (signing and encryption), made at the first start and shared by
    /// every instance that names the same file. Relative to the content root.
    /// </summary>
    public string KeyFile { get; set; } = "data/dev-identity-keys.json";
}

/// <summary>"Auth:Web": the web pages as an OpenID Connect client of the province's identity provider.</summary>
public sealed class WebSignInOptions
{
    /// <summary>The provider's issuer URL; empty means <see cref="AuthOptions.Authority"/> (or, with the development issuer, this service itself).</summary>
    public string? Authority { get; set; }

    /// <summary>The web pages' client id at the provider.</summary>
    public string ClientId { get; set; } = "vouchers-web";

    /// <summary>The client secret (confidential client); required outside Development and Testing. PKCE is used either way.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>How long a page sign-in lasts without activity (sliding); the provider's session may end it sooner.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(1);
}
