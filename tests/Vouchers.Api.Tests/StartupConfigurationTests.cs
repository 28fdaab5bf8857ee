using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Vouchers.Api.Auth;

namespace Vouchers.Api.Tests;

/// <summary>
/// A service whose authentication is misconfigured does not start at all, naming what is wrong; a correct
/// production configuration starts, without the development issuer or the Swagger UI.
/// </summary>
public class StartupConfigurationTests
{
    private const string ProductionAuthority = "https://sso.example.gov.vn/realms/vouchers";

    /// <summary>The real service in the given environment, with the test database and the given Auth settings.</summary>
    private static (ApiFactory Owner, WebApplicationFactory<Program> App) Service(string environment, Dictionary<string, string> settings)
    {
        var owner = new ApiFactory();
        foreach (var (k, v) in settings) owner.Settings[k] = v;
        return (owner, owner.WithWebHostBuilder(b => b.UseEnvironment(environment)));
    }

    private static string Refused(string environment, Dictionary<string, string> settings)
    {
        var (owner, app) = Service(environment, settings);
        using (owner)
        {
            var e = Assert.ThrowsAny<Exception>(() => app.CreateClient());
            var refusal = Unwrap(e).OfType<InvalidOperationException>().FirstOrDefault(x => x.Message.Contains("refuses to start"));
            Assert.True(refusal is not null, $"expected the start-up refusal, got: {e}");
            return refusal.Message;
        }
    }

    private static IEnumerable<Exception> Unwrap(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
            if (x is AggregateException a)
                foreach (var inner in a.InnerExceptions.SelectMany(Unwrap)) yield return inner;
        }
    }

    [Fact]
    public void TheDevelopmentIssuer_IsRefusedInProduction()
    {
        var message = Refused("Production", new()
        {
            ["Auth:Authority"] = ProductionAuthority, ["Auth:RequireHttpsMetadata"] = "true", ["Auth:DevelopmentIssuer:Enabled"] = "true",
        });
        Assert.Contains("Auth:DevelopmentIssuer:Enabled is true in the 'Production' environment", message);
    }

    [Fact]
    public void TheDevelopmentIssuer_IsRefusedInTesting_ItIsForDevelopmentOnly()
    {
        var message = Refused("Testing", new() { ["Auth:DevelopmentIssuer:Enabled"] = "true" });
        Assert.Contains("Auth:DevelopmentIssuer:Enabled is true in the 'Testing' environment", message);
    }

    [Fact]
    public void NoAuthority_IsRefusedInProduction()
    {
        var message = Refused("Production", new() { ["Auth:Authority"] = "", ["Auth:RequireHttpsMetadata"] = "true" });
        Assert.Contains("Auth:Authority is empty", message);
    }

    [Fact]
    public void AnHttpAuthority_IsRefusedInProduction()
    {
        var message = Refused("Production", new() { ["Auth:Authority"] = "http://sso.example.gov.vn/realms/vouchers", ["Auth:RequireHttpsMetadata"] = "true" });
        Assert.Contains("Auth:Authority must use HTTPS with RequireHttpsMetadata=true in the 'Production' environment", message);
    }

    [Fact]
    public void MetadataOverHttp_IsRefusedInProduction_EvenWithAnHttpsAuthority()
    {
        var message = Refused("Production", new() { ["Auth:Authority"] = ProductionAuthority, ["Auth:RequireHttpsMetadata"] = "false" });
        Assert.Contains("RequireHttpsMetadata=true in the 'Production' environment", message);
    }

    [Fact]
    public void AnyOtherEnvironment_IsAsStrictAsProduction()
    {
        // the test settings (plain-HTTP identity provider, RequireHttpsMetadata=false) are fine in Testing, not in Staging
        var message = Refused("Staging", new());
        Assert.Contains("in the 'Staging' environment", message);
    }

    [Fact]
    public void AnUnknownRoleInRoleValues_IsRefused()
    {
        var message = Refused("Testing", new() { ["Auth:RoleValues:treasurer"] = "vouchers-treasurer" });
        Assert.Contains("unknown role 'treasurer'", message);
    }

    [Fact]
    public void QrKeyGeneration_IsRefusedInProduction_EveryInstanceMustShareOneKey()
    {
        var message = Refused("Production", new() { ["Auth:Authority"] = ProductionAuthority, ["Auth:RequireHttpsMetadata"] = "true" });
        Assert.Contains("QrSigning:GenerateIfMissing is true in the 'Production' environment", message);
    }

    [Fact]
    public void AProductionServiceWithoutAnyQrKey_DoesNotStart()
    {
        var message = Refused("Production", new()
        {
            ["Auth:Authority"] = ProductionAuthority, ["Auth:RequireHttpsMetadata"] = "true", ["QrSigning:GenerateIfMissing"] = "false",
        });
        Assert.Contains("QR signing keys are misconfigured", message);
    }

    [Fact]
    public void AProductionServiceWithAQrKeyButNoCheckpointKey_DoesNotStart()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var message = Refused("Production", new()
        {
            ["Auth:Authority"] = ProductionAuthority, ["Auth:RequireHttpsMetadata"] = "true",
            ["QrSigning:GenerateIfMissing"] = "false", ["QrSigning:KeyFile"] = "", ["QrSigning:Keys:0:PrivateKey"] = key.ExportPkcs8PrivateKeyPem(),
            ["CheckpointSigning:GenerateIfMissing"] = "false",
        });
        Assert.Contains("checkpoint signing keys are misconfigured", message);
        Assert.Contains("There is no checkpoint signing key", message);
    }

    [Fact]
    public async Task ACorrectProductionConfiguration_Starts_WithoutTheDevelopmentIssuerOrSwagger()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using var checkpointKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var (owner, app) = Service("Production", new()
        {
            ["Auth:Authority"] = ProductionAuthority, ["Auth:RequireHttpsMetadata"] = "true",
            // Production brings its own QR signing key (here from configuration, as from a secret store) and never generates one
            ["QrSigning:GenerateIfMissing"] = "false", ["QrSigning:KeyFile"] = "", ["QrSigning:Keys:0:PrivateKey"] = key.ExportPkcs8PrivateKeyPem(),
            // and its own checkpoint key, a different one
            ["CheckpointSigning:GenerateIfMissing"] = "false", ["CheckpointSigning:KeyFile"] = "",
            ["CheckpointSigning:Keys:0:PrivateKey"] = checkpointKey.ExportPkcs8PrivateKeyPem(),
        });
        using (owner)
        {
            var client = app.CreateClient();
            var jwks = await client.GetAsync("/api/public/qr-keys").Ok();
            Assert.Equal(Vouchers.Infrastructure.Qr.VoucherTokenFormat.KeyIdOf(key), jwks["keys"]![0]!["kid"]!.GetValue<string>());
            var checkpointKeys = await client.GetAsync("/api/public/ledger/checkpoint-keys").Ok();
            Assert.Equal(Vouchers.Infrastructure.Qr.VoucherTokenFormat.KeyIdOf(checkpointKey), checkpointKeys["keys"]![0]!["kid"]!.GetValue<string>());
            var live = await client.GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
            await client.GetAsync("/api/public/provinces").Ok();

            var tokens = await client.Post("/api/dev/tokens", new { user = "finance.binh" }).Problem(404);
            Assert.Equal("not-found", tokens["code"]!.GetValue<string>());
            await client.GetAsync("/api/dev/users").Problem(404);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/swagger/index.html")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/swagger")).StatusCode);

            // protected endpoints still want a token (the provider's metadata is fetched only when one arrives)
            var p = await client.GetAsync("/api/finance/vouchers").Problem(401);
            Assert.Equal("auth.unauthenticated", p["code"]!.GetValue<string>());
        }
    }
}

/// <summary><see cref="AuthOptions.Problems"/> on its own: what each environment accepts.</summary>
public class AuthOptionsProblemsTests
{
    private static AuthOptions Options(string? authority = "https://sso.example.gov.vn/realms/vouchers", bool requireHttps = true, bool devIssuer = false) =>
        new() { Authority = authority, RequireHttpsMetadata = requireHttps, DevelopmentIssuer = { Enabled = devIssuer } };

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    [InlineData("Development")]
    public void AnHttpsAuthority_IsFineEverywhere(string environment) => Assert.Empty(Options().Problems(environment));

    [Fact]
    public void TheDefaults_AreRefused_ThereIsNoIdentityProvider()
    {
        var problems = new AuthOptions().Problems("Production");
        Assert.Equal("Auth:Authority is empty. Set it to the OpenID Connect issuer URL (e.g. https://sso.example.gov.vn/realms/vouchers).", Assert.Single(problems));
        Assert.Single(new AuthOptions().Problems("Development")); // Development needs one too, unless its own issuer is on
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("development", true)]
    [InlineData("Testing", false)]
    [InlineData("Staging", false)]
    [InlineData("Production", false)]
    public void TheDevelopmentIssuer_IsAllowedOnlyInDevelopment(string environment, bool allowed)
    {
        var problems = Options(authority: null, devIssuer: true).Problems(environment);
        if (allowed) Assert.Empty(problems);
        else Assert.Contains(problems, p => p.StartsWith("Auth:DevelopmentIssuer:Enabled is true", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://sso.example.gov.vn/realms/vouchers", true)]
    [InlineData("https://sso.example.gov.vn/realms/vouchers", false)]
    [InlineData("http://127.0.0.1:8080/realms/test", false)]
    public void PlainHttp_IsForDevelopmentAndTestingOnly(string authority, bool requireHttps)
    {
        var options = Options(authority, requireHttps);
        Assert.Empty(options.Problems("Development"));
        Assert.Empty(options.Problems("Testing"));
        Assert.Contains(options.Problems("Production"), p => p.Contains("must use HTTPS with RequireHttpsMetadata=true"));
        Assert.Contains(options.Problems("Staging"), p => p.Contains("must use HTTPS with RequireHttpsMetadata=true"));
    }

    [Theory]
    [InlineData("sso.example.gov.vn/realms/vouchers")]
    [InlineData("/realms/vouchers")]
    [InlineData("ftp://sso.example.gov.vn/realms/vouchers")]
    public void AnAuthorityThatIsNotAnAbsoluteHttpUrl_IsRefusedEverywhere(string authority)
    {
        foreach (var environment in new[] { "Development", "Testing", "Production" })
            Assert.Contains(Options(authority).Problems(environment), p => p.Contains("is not an absolute http(s) URL"));
    }

    [Fact]
    public void AnEmptyAudience_IsRefused() =>
        Assert.Contains(new AuthOptions { Authority = "https://sso.example.gov.vn/realms/x", Audience = " " }.Problems("Production"),
            p => p.StartsWith("Auth:Audience is empty", StringComparison.Ordinal));

    [Fact]
    public void RoleValues_MustNameKnownRoles_AndNotBeEmpty()
    {
        var options = Options();
        options.RoleValues["finance"] = "vouchers-finance-officer";
        options.RoleValues["Reviewer"] = "vouchers-reviewer"; // role names are matched ignoring case
        Assert.Empty(options.Problems("Production"));
        options.RoleValues["treasurer"] = "x";
        options.RoleValues["auditor"] = "";
        var problems = options.Problems("Production");
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("unknown role 'treasurer'"));
        Assert.Contains("Auth:RoleValues:auditor is empty.", problems);
    }

    [Theory] // by the longest lifetime the service accepts (Auth:MaxTokenLifetime, 12 hours by default): its own tokens included
    [InlineData(0, null, false)]
    [InlineData(1, null, true)]
    [InlineData(8 * 60, null, true)]
    [InlineData(720, null, true)]
    [InlineData(721, null, false)]
    [InlineData(1440, "1.00:00:00", true)]
    [InlineData(1441, "1.00:00:00", false)]
    public void TheDevelopmentTokenLifetime_IsBounded(int minutes, string? maxLifetime, bool ok)
    {
        var options = Options(authority: null, devIssuer: true);
        options.DevelopmentIssuer.TokenLifetimeMinutes = minutes;
        if (maxLifetime is not null) options.MaxTokenLifetime = TimeSpan.Parse(maxLifetime, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(ok, options.Problems("Development").Count == 0);
    }

    [Theory]
    [InlineData("00:00:00", false)]
    [InlineData("-01:00:00", false)]
    [InlineData("00:05:00", true)]
    [InlineData("12:00:00", true)]
    [InlineData("1.00:00:00", true)]
    [InlineData("1.00:00:01", false)]
    [InlineData("36500.00:00:00", false)]
    public void TheMaximumTokenLifetime_IsBounded(string maxLifetime, bool ok)
    {
        var options = Options(authority: "https://sso.example.gov.vn/realms/vouchers", devIssuer: false);
        options.MaxTokenLifetime = TimeSpan.Parse(maxLifetime, System.Globalization.CultureInfo.InvariantCulture);
        var problems = options.Problems("Production");
        Assert.Equal(ok, problems.Count == 0);
        if (!ok) Assert.Contains(problems, p => p.StartsWith("Auth:MaxTokenLifetime", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryProblem_IsReported_NotOnlyTheFirst()
    {
        var options = new AuthOptions { Authority = "http://sso.example.gov.vn", RequireHttpsMetadata = false, Audience = "", DevelopmentIssuer = { Enabled = true, TokenLifetimeMinutes = 0 } };
        options.RoleValues["nobody"] = "x";
        Assert.Equal(5, options.Problems("Production").Count);
    }
}
