using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Vouchers.Testing;

/// <summary>A settable clock, so tests can move through windows, validity dates and fiscal years.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>
/// The real service (whole ASP.NET Core pipeline, MediatR, EF Core) on a real database of its own — an SQLite file, or a
/// PostgreSQL or SQL Server database in the suites that choose those (<see cref="TestDatabase"/>) — migrated by the real
/// migrator and seeded with the demo data through the real commands.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>, ITestService
{
    public static readonly DateTimeOffset Start = new(2026, 3, 16, 9, 0, 0, TimeSpan.FromHours(7));
    public TestClock Clock { get; } = new(Start);
    public TestDatabase Database { get; init; } = TestDatabase.Create();

    /// <summary>The QR signing key file (generated at the first start; a test may prepare or rotate it).</summary>
    public string KeyFilePath { get; init; } = Path.Combine(Path.GetTempPath(), "vouchers-tests", $"{Guid.NewGuid():N}.qr-keys.json");

    /// <summary>Leave the database and key file behind on dispose (a test that restarts the service on them disposes them itself).</summary>
    public bool KeepFiles { get; init; }

    /// <summary>Extra configuration for a test class that needs it (set before the first client is created).</summary>
    public Dictionary<string, string> Settings { get; } = new();

    /// <summary>A client that sends the user's token, as issued by the test identity provider.</summary>
    public HttpClient As(TestUser user) => WithToken(TestIdentityProvider.Shared.Token(user));

    public HttpClient WithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// Every client asks for English problems (<c>Accept-Language: en</c>), the language the suites' assertions were written
    /// in; the service's default is Vietnamese, which the tests of it ask for by sending none or <c>vi</c>.
    /// </summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.InEnglish();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Vouchers", Database.ConnectionString);
        builder.UseSetting("Database:Provider", Database.ProviderSetting);
        builder.UseSetting("DemoData:Enabled", "true");
        builder.UseSetting("Jobs:Expiry:Enabled", "false");
        builder.UseSetting("Jobs:Checkpoints:Enabled", "false");
        builder.UseSetting("Auth:Authority", TestIdentityProvider.Shared.Authority);
        builder.UseSetting("Auth:Audience", TestIdentityProvider.Audience);
        builder.UseSetting("Auth:RequireHttpsMetadata", "false");
        builder.UseSetting("QrSigning:KeyFile", KeyFilePath);
        builder.UseSetting("QrSigning:GenerateIfMissing", "true");
        builder.UseSetting("CheckpointSigning:KeyFile", KeyFilePath + ".checkpoints");
        builder.UseSetting("CheckpointSigning:GenerateIfMissing", "true");
        builder.UseSetting("RateLimits:General:PermitLimit", "100000");
        builder.UseSetting("RateLimits:ScanPerUser:PermitLimit", "100000");
        builder.UseSetting("RateLimits:ScanPerProvider:PermitLimit", "100000");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (KeepFiles) return;
        Database.Dispose();
        foreach (var file in new[] { KeyFilePath, KeyFilePath + ".lock", KeyFilePath + ".checkpoints", KeyFilePath + ".checkpoints.lock" })
            try { File.Delete(file); } catch (IOException) { }
    }
}

/// <summary>A running service the tests talk to: in this process (<see cref="ApiFactory"/>) or in processes of its own.</summary>
public interface ITestService
{
    /// <summary>An anonymous client.</summary>
    HttpClient CreateClient();

    /// <summary>A client that sends the user's token, as issued by the test identity provider.</summary>
    HttpClient As(TestUser user);

    /// <summary><paramref name="client"/>, sending <paramref name="user"/>'s token from the test identity provider.</summary>
    static HttpClient Signed(HttpClient client, TestUser user)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestIdentityProvider.Shared.Token(user));
        return client;
    }
}

/// <summary>
/// Small helpers that keep the tests reading like the walkthrough. (Not named Http: inside <c>Vouchers.Api.Tests</c> that
/// name is the service's own <c>Vouchers.Api.Http</c> namespace.)
/// </summary>
public static class TestHttp
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The test clients' default: problems in English (<c>Accept-Language: en</c>; the service's own default is Vietnamese).</summary>
    public static HttpClient InEnglish(this HttpClient client)
    {
        client.DefaultRequestHeaders.AcceptLanguage.Clear();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return client;
    }

    /// <summary>A zip's entries by name (an auditor's export), each as its bytes.</summary>
    public static Dictionary<string, byte[]> ZipEntries(byte[] zip)
    {
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip), System.IO.Compression.ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var s = e.Open();
            using var copy = new MemoryStream();
            s.CopyTo(copy);
            return copy.ToArray();
        });
    }

    public static async Task<JsonNode> Ok(this Task<HttpResponseMessage> call, int status = 200)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public static async Task<JsonNode> Problem(this Task<HttpResponseMessage> call, int status)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!;
    }

    public static Task<HttpResponseMessage> Post(this HttpClient c, string url, object? body = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body ?? new { }, options: Json) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return c.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostRaw(this HttpClient c, string url, string json, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return c.SendAsync(request);
    }

    public static string Key() => Guid.NewGuid().ToString();
}
