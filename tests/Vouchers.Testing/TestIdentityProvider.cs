using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Vouchers.Application.Abstractions;

namespace Vouchers.Testing;

/// <summary>
/// A real OpenID Connect provider as far as the API can tell: a Kestrel server on loopback that serves the
/// discovery document and the JWKS (as Keycloak does under /realms/{realm}), and mints ES256 tokens with the claims
/// a province's SSO would put in them. The API under test is configured with its <see cref="Authority"/>, so every
/// API test goes through the real metadata fetch, signature, issuer, audience and lifetime checks. The performance
/// harness (bench/run.sh) starts one on a port it chose beforehand (<see cref="StartOn"/>), for the service it runs in
/// another process.
/// </summary>
public sealed class TestIdentityProvider
{
    public const string Audience = "vouchers-api";
    private static readonly Lazy<TestIdentityProvider> Instance = new(() => new TestIdentityProvider(0), LazyThreadSafetyMode.ExecutionAndPublication);
    public static TestIdentityProvider Shared => Instance.Value;

    /// <summary>A provider on a given loopback port: its <see cref="Authority"/> is <c>http://127.0.0.1:{port}/realms/test</c>.</summary>
    public static TestIdentityProvider StartOn(int port) => new(port);

    private readonly ECDsaSecurityKey _key = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "test-key-1" };

    private TestIdentityProvider(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/realms/test/.well-known/openid-configuration", (HttpContext http) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Authority,
            ["jwks_uri"] = Authority + "/protocol/openid-connect/certs",
            ["id_token_signing_alg_values_supported"] = new[] { "ES256" },
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
        }));
        app.MapGet("/realms/test/protocol/openid-connect/certs", () =>
        {
            var p = _key.ECDsa.ExportParameters(false);
            return Results.Json(new { keys = new[] { new
            {
                kty = "EC", crv = "P-256", use = "sig", alg = "ES256", kid = _key.KeyId,
                x = Base64UrlEncoder.Encode(p.Q.X!), y = Base64UrlEncoder.Encode(p.Q.Y!),
            } } });
        });
        app.StartAsync().GetAwaiter().GetResult();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Authority = address.TrimEnd('/') + "/realms/test";
    }

    public string Authority { get; private set; } = "";

    /// <summary>A token as the SSO would issue it. Everything can be bent for negative tests.</summary>
    public string Token(string subject, IEnumerable<string> roles, string? taxCode = null, Guid? providerId = null,
        TimeSpan? lifetime = null, string? audience = null, string? issuer = null, SigningCredentials? signWith = null,
        IDictionary<string, object>? extraClaims = null, DateTime? issuedAt = null, DateTime? notBefore = null, string? province = TestUser.HomeProvince)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["preferred_username"] = subject, ["roles"] = roles.ToArray() };
        if (province is not null) claims["province"] = province;
        if (taxCode is not null) claims["tax_code"] = taxCode;
        if (providerId is not null) claims["provider_id"] = providerId.Value.ToString();
        foreach (var (k, v) in extraClaims ?? new Dictionary<string, object>()) claims[k] = v;
        var now = issuedAt ?? DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Authority, Audience = audience ?? Audience, IssuedAt = now, NotBefore = notBefore ?? now,
            Expires = now + (lifetime ?? TimeSpan.FromHours(1)), Claims = claims,
            SigningCredentials = signWith ?? new SigningCredentials(_key, SecurityAlgorithms.EcdsaSha256),
        });
    }

    public string Token(TestUser user) => Token(user.Subject, user.Roles.Select(r => r.Name()), user.TaxCode, user.ProviderId, province: user.Province);
}

/// <summary>Someone the tests act as. Staff act for <see cref="HomeProvince"/> unless a test says otherwise (<see cref="In"/>).</summary>
public sealed record TestUser(string Subject, IReadOnlyList<Role> Roles, string? TaxCode = null, Guid? ProviderId = null, string? Province = TestUser.HomeProvince)
{
    /// <summary>The province the scenarios' funds, programs and SMEs are in, and the staff users' province.</summary>
    public const string HomeProvince = "dong-thap";

    /// <summary>The value of the province claim that gives the national scope (the service's default <c>Auth:NationalScope</c>).</summary>
    public const string National = "national";

    /// <summary>The same user, acting for another province (or <see cref="National"/>); a different subject, as a different officer would be.</summary>
    public TestUser In(string province) => this with { Subject = $"{Subject}@{province}", Province = province };

    /// <summary>This user if it already acts for <paramref name="province"/>, else <see cref="In"/> it.</summary>
    public TestUser For(string province) => Province == province ? this : In(province);

    public static readonly TestUser Reviewer = new("reviewer-an", [Role.Reviewer]);
    public static readonly TestUser Finance = new("finance-binh", [Role.Finance]);
    public static readonly TestUser Finance2 = new("finance-cuong", [Role.Finance]);
    /// <summary>Records payments (disburse): neither who approved nor who authorised the payment may (segregation of duties).</summary>
    public static readonly TestUser Finance3 = new("finance-hanh", [Role.Finance]);
    public static readonly TestUser Auditor = new("auditor-dung", [Role.Auditor]);
    public static readonly TestUser Admin = new("admin-giang", [Role.Admin]);

    public static TestUser Sme(string taxCode) => new($"sme-{taxCode}", [Role.Sme], TaxCode: taxCode, Province: null);
    public static TestUser Provider(Guid providerId, string who = "staff") => new($"provider-{providerId:N}-{who}", [Role.Provider], ProviderId: providerId, Province: null);
}
