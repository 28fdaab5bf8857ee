using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vouchers.Benchmarks.Harness;

/// <summary>
/// The identity provider of a harness run: the discovery document and JWKS on a loopback port (the service under load
/// is started with <c>Auth:Authority</c> pointing here, as the API tests' provider does), and ES256 tokens minted for
/// any user the run needs — thousands of SMEs, each bound to its own tax code, which the development issuer's
/// twelve demo users cannot give. Tokens go through the service's real validation (metadata, signature, lifetime).
/// </summary>
public sealed class BenchIssuer : IAsyncDisposable
{
    public const string Audience = "vouchers-api";
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly string _kid = "bench-" + Guid.NewGuid().ToString("N")[..8];
    private WebApplication? _app;

    public string Authority { get; }

    private BenchIssuer(int port) => Authority = $"http://127.0.0.1:{port}/realms/bench";

    public static async Task<BenchIssuer> StartAsync(int port)
    {
        var issuer = new BenchIssuer(port);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/realms/bench/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer.Authority,
            ["jwks_uri"] = issuer.Authority + "/protocol/openid-connect/certs",
            ["id_token_signing_alg_values_supported"] = new[] { "ES256" },
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
        }));
        app.MapGet("/realms/bench/protocol/openid-connect/certs", () =>
        {
            var p = issuer._key.ExportParameters(false);
            return Results.Json(new { keys = new[] { new { kty = "EC", crv = "P-256", use = "sig", alg = "ES256", kid = issuer._kid, x = B64(p.Q.X!), y = B64(p.Q.Y!) } } });
        });
        await app.StartAsync();
        issuer._app = app;
        return issuer;
    }

    /// <summary>
    /// A one-hour ES256 token with the service's default claim names (sub, preferred_username, roles, tax_code,
    /// provider_id, province). Officers act for Đồng Tháp, where the harness seeds (staff are bound to a province).
    /// </summary>
    public string Token(string subject, string role, string? taxCode = null, Guid? providerId = null, string province = "dong-thap")
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Authority, ["aud"] = Audience, ["sub"] = subject, ["preferred_username"] = subject, ["roles"] = new[] { role },
            ["iat"] = now, ["nbf"] = now, ["exp"] = now + 3600,
        };
        if (taxCode is not null) claims["tax_code"] = taxCode;
        if (providerId is not null) claims["provider_id"] = providerId.Value.ToString();
        if (Vouchers.Application.Abstractions.ProvinceScope.IsStaff(role)) claims["province"] = province;
        var header = B64(JsonSerializer.SerializeToUtf8Bytes(new { alg = "ES256", typ = "JWT", kid = _kid }));
        var payload = B64(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256); // IEEE P1363 (r‖s), as JWS wants
        return $"{header}.{payload}.{B64(signature)}";
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _key.Dispose();
    }
}
