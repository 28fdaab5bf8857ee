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
        SigningCredentials? signWith = null, DateTime? issuedAt = null, DateTime? notBefore = null) =>
        Idp.Token("finance-binh", [Role.Finance.Name()], lifetime: lifetime, audience: audience, issuer: issuer, signWith: signWith, issuedAt: issuedAt, notBefore: notBefore);

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

    // ---- what a genuine token may carry -----------------------------------------------------------------------
    // Signed by the identity provider and otherwise valid, but carrying more than the service stores: refused at the
    // door with a code that says why (the token is genuine, so the reason helps its operator and no forger), before
    // it can reach a varchar(200) column (500 on PostgreSQL) or overflow the idempotency scope (a false "in flight").

    private static async Task<JsonNode> RefusedBecause(HttpResponseMessage response, string code, string claim)
    {
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        var p = await Task.FromResult(response).Problem(401);
        Assert.Equal(code, p["code"]!.GetValue<string>());
        Assert.Equal(claim, p["claim"]!.GetValue<string>());
        return p;
    }

    [Theory]
    [InlineData("sub")]
    [InlineData("preferred_username")]
    [InlineData("tax_code")]
    [InlineData("provider_id")]
    public async Task ATokenWithAClaimLongerThanTheServiceStores_Is401TokenClaimTooLong(string claim)
    {
        var value = claim switch
        {
            "sub" => new string('s', Caller.MaxSubjectLength + 1),
            "preferred_username" => new string('n', Caller.MaxNameLength + 1),
            "tax_code" => DemoData.MangoSmeTaxCode + "-0010000",
            _ => Guid.NewGuid() + "-" + new string('0', 300),
        };
        var token = Idp.Token("finance-binh", [Role.Finance.Name()], extraClaims: new Dictionary<string, object> { [claim] = value });
        await RefusedBecause(await factory.WithToken(token).GetAsync(FinanceEndpoint), "auth.token-claim-too-long", claim);
    }

    [Fact]
    public async Task ASubjectOfTheLongestLengthKept_ActsAndMovesMoney()
    {
        // the control, in every role that writes a subject: history (apply, recommend), money commands whose idempotency
        // scope is "finance:" or the longest prefix, "provider:", + the subject
        var s = new Scenario(factory);
        var taxCode = await s.NewSme();
        string Longest(string role) => role + "-" + new string('x', Caller.MaxSubjectLength - role.Length - 1);
        var program = (await s.Program())["id"]!.GetValue<string>();
        var sme = factory.WithToken(Idp.Token(Longest("sme"), [Role.Sme.Name()], taxCode: taxCode));
        var id = (await sme.Post("/api/sme/applications", new { programId = program, serviceKind = "DigitalTransformationConsulting", requestedAmount = 1_000_000, purpose = "Chủ thể dài" })
            .Ok(201))["id"]!.GetValue<string>();
        await factory.WithToken(Idp.Token(Longest("reviewer"), [Role.Reviewer.Name()])).Post($"/api/reviewer/vouchers/{id}/recommend", new { note = "Đủ điều kiện" }).Ok();
        await factory.WithToken(Idp.Token(Longest("finance"), [Role.Finance.Name()])).Post($"/api/finance/vouchers/{id}/approve", new { }, TestHttp.Key()).Ok();
        var qr = (await sme.GetAsync($"/api/sme/vouchers/{id}/qr").Ok())["token"]!.GetValue<string>();
        var provider = factory.WithToken(Idp.Token(Longest("provider"), [Role.Provider.Name()], providerId: Guid.Parse(await s.ProviderId(DemoData.ConsultantTaxCode))));
        await provider.Post("/api/provider/vouchers/redeem", new { token = qr, contractValue = 2_000_000, contractNumber = "HĐ-DAI" }, TestHttp.Key()).Ok();
    }

    [Fact]
    public async Task ASubjectTooLongToKeep_IsRefused_OnACommandAndAMoneyCommand_AndNothingIsWritten()
    {
        // on PostgreSQL this applied with a 500 (varchar(200)) and every approval retry answered 409 idempotency.in-flight
        var s = new Scenario(factory);
        var taxCode = await s.NewSme();
        var id = await s.Apply(1_000_000);
        await s.Recommend(id);
        var program = (await s.Program())["id"]!.GetValue<string>();
        var tooLong = new string('x', 250);
        var before = StateFingerprint.Read(factory.Services);
        var sme = factory.WithToken(Idp.Token(tooLong, [Role.Sme.Name()], taxCode: taxCode));
        await RefusedBecause(await sme.Post("/api/sme/applications", new { programId = program, serviceKind = "DigitalTransformationConsulting", requestedAmount = 1_000_000, purpose = "Chủ thể quá dài" }),
            "auth.token-claim-too-long", "sub");
        var finance = factory.WithToken(Idp.Token(tooLong, [Role.Finance.Name()]));
        var key = TestHttp.Key();
        for (var attempt = 0; attempt < 2; attempt++) // a retry with the same key is refused the same way, never "in flight"
            await RefusedBecause(await finance.Post($"/api/finance/vouchers/{id}/approve", new { }, key), "auth.token-claim-too-long", "sub");
        Assert.Equal(before.Hash, StateFingerprint.Read(factory.Services).Hash);
        await s.Approve(id); // and the voucher is still there to approve
    }

    [Theory]
    [InlineData("finance\u0000binh")]
    [InlineData("finance\nbinh")]
    [InlineData("finance\u0085binh")]
    [InlineData("\u001b[31mfinance")]
    public async Task ASubjectWithAControlCharacter_Is401TokenClaimInvalid(string escaped)
    {
        var subject = System.Text.RegularExpressions.Regex.Unescape(escaped);
        var response = await factory.WithToken(Idp.Token(subject, [Role.Finance.Name()])).GetAsync(FinanceEndpoint);
        await RefusedBecause(response, "auth.token-claim-invalid", "sub");
    }

    // ---- how long a token may live ---------------------------------------------------------------------------

    [Fact]
    public async Task ATokenLivingLongerThanTheMaximum_Is401()
    {
        await factory.WithToken(FinanceToken(lifetime: TimeSpan.FromHours(12))).GetAsync(FinanceEndpoint).Ok(); // the default maximum, exactly
        foreach (var lifetime in new[] { TimeSpan.FromHours(12) + TimeSpan.FromMinutes(2), TimeSpan.FromDays(36_500) })
        {
            var p = await factory.WithToken(FinanceToken(lifetime: lifetime)).GetAsync(FinanceEndpoint).Problem(401);
            Assert.Equal("auth.token-lifetime-too-long", p["code"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task ATokenIssuedInTheFuture_Is401_EvenWhenAlreadyValid()
    {
        var now = DateTime.UtcNow;
        await factory.WithToken(FinanceToken(issuedAt: now.AddSeconds(30), notBefore: now)).GetAsync(FinanceEndpoint).Ok(); // within the skew
        var p = await factory.WithToken(FinanceToken(issuedAt: now.AddMinutes(10), notBefore: now.AddMinutes(-1))).GetAsync(FinanceEndpoint).Problem(401);
        Assert.Equal("auth.token-issued-in-future", p["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task AMaximumLifetimeFromConfiguration_IsTheOneApplied()
    {
        using var strict = new ApiFactory();
        strict.Settings["Auth:MaxTokenLifetime"] = "00:30:00";
        await strict.WithToken(FinanceToken(lifetime: TimeSpan.FromMinutes(30))).GetAsync(FinanceEndpoint).Ok();
        var p = await strict.WithToken(FinanceToken(lifetime: TimeSpan.FromHours(1))).GetAsync(FinanceEndpoint).Problem(401);
        Assert.Equal("auth.token-lifetime-too-long", p["code"]!.GetValue<string>());
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
        // Development only; outside /api a missing path is the pages' "not found" page
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync("/swagger/index.html")).StatusCode);
    }
}
