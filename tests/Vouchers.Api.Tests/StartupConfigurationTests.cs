using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

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
            ["Auth:Authority"] = ProductionAuthority, ["Auth:RequireHttpsMetadata"] = "true", ["Auth:Web:ClientSecret"] = "from-a-secret-store", ["Auth:DevelopmentIssuer:Enabled"] = "true",
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
    public void APagesClientWithoutASecret_IsRefusedInProduction()
    {
        var message = Refused("Production", new() { ["Auth:Authority"] = ProductionAuthority, ["Auth:RequireHttpsMetadata"] = "true" });
        Assert.Contains("Auth:Web:ClientSecret is empty in the 'Production' environment", message);
    }

    [Fact]
    public void QrKeyGeneration_IsRefusedInProduction_EveryInstanceMustShareOneKey()
    {
        var message = Refused("Production", new() { ["Auth:Authority"] = ProductionAuthority, ["Auth:RequireHttpsMetadata"] = "true", ["Auth:Web:ClientSecret"] = "from-a-secret-store" });
        Assert.Contains("QrSigning:GenerateIfMissing is true in the 'Production' environment", message);
    }

    [Fact]
    public void AProductionServiceWithoutAnyQrKey_DoesNotStart()
    {
        var message = Refused("Production", new()
        {
            ["Auth:Authority"] = ProductionAuthority, ["Auth:RequireHttpsMetadata"] = "true", ["Auth:Web:ClientSecret"] = "from-a-secret-store", ["QrSigning:GenerateIfMissing"] = "false",
        });
        Assert.Contains("QR signing keys are misconfigured", message);
    }

    [Fact]
    public void AProductionServiceWithAQrKeyButNoCheckpointKey_DoesNotStart()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var message = Refused("Production", new()
        {
            ["Auth:Authority"] = ProductionAuthority, ["Auth:RequireHttpsMetadata"] = "true", ["Auth:Web:ClientSecret"] = "from-a-secret-store",
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
            ["Auth:Authority"] = ProductionAuthority, ["Auth:RequireHttpsMetadata"] = "true", ["Auth:Web:ClientSecret"] = "from-a-secret-store",
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
            // the pages: the home is public, with the strict policy naming the provider for sign-out; no development provider
            var home = await client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            Assert.EndsWith("form-action 'self' https://sso.example.gov.vn", home.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dev/sign-in")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/connect/authorize?client_id=vouchers-web")).StatusCode);

            // protected endpoints still want a token (the provider's metadata is fetched only when one arrives)
            var p = await client.GetAsync("/api/finance/vouchers").Problem(401);
            Assert.Equal("auth.unauthenticated", p["code"]!.GetValue<string>());
        }
    }
}
