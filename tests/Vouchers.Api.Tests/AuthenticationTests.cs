using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Vouchers.Api.Auth;
using Vouchers.Application.Abstractions;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Api.Tests;

/// <summary>
/// Who gets in: no token or a token that is not exactly what the identity provider issued for this API is 401; a
/// valid token without the role (or the binding the role needs) is 403. Every refusal is checked against a control
/// that the same endpoint answers the valid token, so a refusal cannot pass for an unrelated reason.
/// </summary>
public class AuthenticationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string FinanceEndpoint = "/api/finance/vouchers";
    private static TestIdentityProvider Idp => TestIdentityProvider.Shared;

    private static string FinanceToken(TimeSpan? lifetime = null, string? audience = null, string? issuer = null,
        SigningCredentials? signWith = null, DateTime? issuedAt = null) =>
        Idp.Token("finance-binh", [Role.Finance.Name()], lifetime: lifetime, audience: audience, issuer: issuer, signWith: signWith, issuedAt: issuedAt);

    private static async Task<JsonNode> Unauthenticated(HttpClient client, string url = FinanceEndpoint)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        var p = await Task.FromResult(response).Problem(401);
        Assert.Equal("auth.unauthenticated", p["code"]!.GetValue<string>());
        return p;
    }

    private Task<JsonNode> Refused(string token) => Unauthenticated(factory.WithToken(token));

    private static string B64(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
    private static string Json(string segment) => Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(segment));

    // ---- the controls ------------------------------------------------------------------------------------------

    [Fact]
    public async Task AValidToken_IsAccepted_OnTheEndpointTheRefusalsBelowUse()
    {
        await factory.WithToken(FinanceToken()).GetAsync(FinanceEndpoint).Ok();
    }

    [Fact]
    public async Task APublicEndpoint_AnswersWithoutAToken()
    {
        var page = await factory.CreateClient().GetAsync("/api/public/programs?province=dong-thap").Ok();
        Assert.NotEmpty(page["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/health/live")).StatusCode);
    }

    // ---- 401 -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task NoToken_IsUnauthenticated_AsAProblem()
    {
        var p = await Unauthenticated(factory.CreateClient());
        Assert.Equal(401, p["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnExpiredToken_IsRefused_BeyondTheOneMinuteSkew()
    {
        // expired two minutes ago: inside the library's default 5-minute skew, outside ours of one minute
        await Refused(FinanceToken(issuedAt: DateTime.UtcNow.AddMinutes(-10), lifetime: TimeSpan.FromMinutes(8)));
    }

    [Fact]
    public async Task ATokenNotYetValid_IsRefused()
    {
        await Refused(FinanceToken(issuedAt: DateTime.UtcNow.AddMinutes(10)));
    }

    [Fact]
    public async Task ATokenForAnotherAudience_IsRefused()
    {
        await Refused(FinanceToken(audience: "some-other-api"));
    }

    [Fact]
    public async Task ATokenFromAnotherIssuer_IsRefused()
    {
        // signed with the right key, but naming an issuer this service does not trust
        await Refused(FinanceToken(issuer: "https://sso.elsewhere.example/realms/test"));
    }

    [Theory]
    [InlineData("test-key-1")]   // pretends to be the provider's key
    [InlineData("attacker-key")] // a key the provider never published
    public async Task ATokenSignedWithAForeignKey_IsRefused(string kid)
    {
        var foreign = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = kid };
        await Refused(FinanceToken(signWith: new SigningCredentials(foreign, SecurityAlgorithms.EcdsaSha256)));
    }

    [Fact]
    public async Task AnHmacToken_IsRefused()
    {
        var secret = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = "test-key-1" };
        await Refused(FinanceToken(signWith: new SigningCredentials(secret, SecurityAlgorithms.HmacSha256)));
    }

    [Fact]
    public async Task AnUnsignedToken_AlgNone_IsRefused()
    {
        // the claims of a token the provider really issued, re-wrapped as "alg": "none" without a signature
        var payload = FinanceToken().Split('.')[1];
        await Refused($"{B64("""{"alg":"none","typ":"JWT"}""")}.{payload}.");
        await Refused($"{B64("""{"alg":"none","typ":"JWT","kid":"test-key-1"}""")}.{payload}.");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0")]
    public async Task AGarbageToken_IsRefused(string token)
    {
        await Refused(token);
    }

    [Fact]
    public async Task ATokenAlteredAfterSigning_IsRefused()
    {
        // a reviewer's genuine token with "finance" written into its roles afterwards
        var parts = Idp.Token("reviewer-an", [Role.Reviewer.Name()]).Split('.');
        var claims = JsonNode.Parse(Json(parts[1]))!;
        claims["roles"] = new JsonArray("reviewer", "finance");
        var altered = $"{parts[0]}.{B64(claims.ToJsonString())}.{parts[2]}";
        await Refused(altered);
    }

    [Fact]
    public async Task ABearerHeaderWithoutAToken_IsRefused()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer");
        await Unauthenticated(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("finance:x"u8.ToArray()));
        await Unauthenticated(client);
    }

    // ---- 403 -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task AValidTokenWithoutTheRole_IsForbidden()
    {
        var p = await factory.As(TestUser.Reviewer).GetAsync(FinanceEndpoint).Problem(403);
        Assert.Equal("auth.forbidden", p["code"]!.GetValue<string>());
        var q = await factory.As(TestUser.Finance).GetAsync("/api/admin/funds").Problem(403);
        Assert.Equal("auth.forbidden", q["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ATokenWithNoRolesAtAll_IsForbidden_EverywhereButInPublic()
    {
        var nobody = factory.As(new TestUser("nobody", []));
        foreach (var url in new[] { FinanceEndpoint, "/api/reviewer/vouchers", "/api/auditor/ledger/check", "/api/sme/enterprise", "/api/provider/vouchers" })
            Assert.Equal("auth.forbidden", (await nobody.GetAsync(url).Problem(403))["code"]!.GetValue<string>());
        await nobody.GetAsync("/api/public/provinces").Ok();
    }

    [Fact]
    public async Task AnSmeTokenWithoutATaxCode_IsForbidden()
    {
        await factory.As(TestUser.Sme(DemoData.MangoSmeTaxCode)).GetAsync("/api/sme/enterprise").Ok(); // control
        var p = await factory.As(new TestUser("sme-unbound", [Role.Sme])).GetAsync("/api/sme/enterprise").Problem(403);
        Assert.Equal("auth.forbidden", p["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task AProviderTokenWithANonUuidProviderId_IsForbidden()
    {
        await factory.As(TestUser.Provider(Guid.NewGuid())).GetAsync("/api/provider/vouchers").Ok(); // control
        var token = Idp.Token("provider-odd", [Role.Provider.Name()], extraClaims: new Dictionary<string, object> { ["provider_id"] = "sen-hong-consulting" });
        var p = await factory.WithToken(token).GetAsync("/api/provider/vouchers").Problem(403);
        Assert.Equal("auth.forbidden", p["code"]!.GetValue<string>());
        var unbound = await factory.As(new TestUser("provider-unbound", [Role.Provider])).GetAsync("/api/provider/vouchers").Problem(403);
        Assert.Equal("auth.forbidden", unbound["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ATokenWithoutASubject_IsForbidden()
    {
        // the roles are there, but without a subject the service cannot say who acted: no role is granted
        var token = Idp.Token("", [Role.Finance.Name()]);
        var p = await factory.WithToken(token).GetAsync(FinanceEndpoint).Problem(403);
        Assert.Equal("auth.forbidden", p["code"]!.GetValue<string>());
    }

    // ---- role mapping from configuration ---------------------------------------------------------------------

    [Fact]
    public async Task Roles_AreReadWhereConfigured_AndMappedFromTheProvidersNames()
    {
        using var keycloak = new ApiFactory();
        keycloak.Settings["Auth:Claims:Roles"] = "realm_access.roles";
        keycloak.Settings["Auth:RoleValues:finance"] = "vouchers-finance-officer";

        string Token(string subject, IEnumerable<string> topLevel, params string[] realmRoles) => Idp.Token(subject, topLevel,
            extraClaims: new Dictionary<string, object> { ["realm_access"] = new Dictionary<string, object> { ["roles"] = realmRoles } });

        // the provider's name for finance, nested in realm_access: finance
        var officer = keycloak.WithToken(Token("finance-officer", [], "offline_access", "vouchers-finance-officer"));
        await officer.GetAsync(FinanceEndpoint).Ok();
        Assert.Equal("auth.forbidden", (await officer.GetAsync("/api/reviewer/vouchers").Problem(403))["code"]!.GetValue<string>());

        // a role without a mapping is expected under its own name, also in realm_access
        await keycloak.WithToken(Token("reviewer-nested", [], "reviewer")).GetAsync("/api/reviewer/vouchers").Ok();

        // our own name for a mapped role no longer counts: only the provider's name does
        await keycloak.WithToken(Token("finance-plain", [], "finance")).GetAsync(FinanceEndpoint).Problem(403);

        // the top-level "roles" claim is no longer where roles are read
        await keycloak.WithToken(Idp.Token("finance-top", ["finance", "vouchers-finance-officer"])).GetAsync(FinanceEndpoint).Problem(403);
    }

    [Fact]
    public async Task Roles_InTheDefaultClaim_AreNotReadFromRealmAccess()
    {
        // the converse of the test above, on the default configuration
        var token = Idp.Token("finance-nested", [], extraClaims: new Dictionary<string, object>
            { ["realm_access"] = new Dictionary<string, object> { ["roles"] = new[] { "finance" } } });
        await factory.WithToken(token).GetAsync(FinanceEndpoint).Problem(403);
    }

    // ---- default deny ----------------------------------------------------------------------------------------

    [Fact]
    public async Task AnEndpointThatNamesNoPolicy_IsRefusedToEveryone_EvenWithEveryRole()
    {
        var fallback = await factory.Services.GetRequiredService<IAuthorizationPolicyProvider>().GetFallbackPolicyAsync();
        Assert.NotNull(fallback);
        var everyRole = new ClaimsIdentity(CallerClaims.IdentityType, CallerClaims.Name, CallerClaims.Role);
        everyRole.AddClaim(new Claim(CallerClaims.Subject, "root"));
        foreach (var role in Roles.All) everyRole.AddClaim(new Claim(CallerClaims.Role, role.Name()));
        var http = new DefaultHttpContext();
        http.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(), "an endpoint someone forgot to protect"));

        var auth = factory.Services.GetRequiredService<IAuthorizationService>();
        Assert.False((await auth.AuthorizeAsync(new ClaimsPrincipal(everyRole), http, fallback)).Succeeded);
        Assert.False((await auth.AuthorizeAsync(new ClaimsPrincipal(new ClaimsIdentity()), http, fallback)).Succeeded);
    }

    [Fact]
    public async Task APathThatMatchesNoEndpoint_IsNotFound_WithOrWithoutAToken()
    {
        // not 401: nothing is there to authenticate for (and the Swagger UI in Development is served the same way)
        var anonymous = await factory.CreateClient().GetAsync("/api/finance/nothing-here").Problem(404);
        Assert.Equal("not-found", anonymous["code"]!.GetValue<string>());
        await factory.As(TestUser.Finance).GetAsync("/api/finance/nothing-here").Problem(404);
        await factory.CreateClient().GetAsync("/swagger/index.html").Problem(404); // Development only
    }
}
