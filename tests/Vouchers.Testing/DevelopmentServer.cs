using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Vouchers.Testing;

/// <summary>
/// The service as <c>dotnet run --project src/Vouchers.Api</c> starts it — Development, the demo data, the
/// development token issuer, the wall clock — but over real HTTP on a free loopback port and with a fresh data folder
/// of its own (database and signing keys), never <c>src/Vouchers.Api/data/</c>. Always SQLite, as a newcomer's first run
/// is, whichever database the test project that uses it has chosen.
/// </summary>
public sealed class DevelopmentServer : WebApplicationFactory<Program>
{
    public string DataFolder { get; } = Directory.CreateTempSubdirectory("vouchers-dev-").FullName;

    /// <summary>The settings a second process (the command line) needs to open the same data, as environment variables.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["Database__Provider"] = "Sqlite",
        ["ConnectionStrings__Vouchers"] = $"Data Source={Path.Combine(DataFolder, "vouchers.db")}",
        ["QrSigning__KeyFile"] = Path.Combine(DataFolder, "qr-signing-keys.json"),
        ["CheckpointSigning__KeyFile"] = Path.Combine(DataFolder, "checkpoint-signing-keys.json"),
    };

    public DevelopmentServer()
    {
        UseKestrel(0);
        StartServer();
    }

    /// <summary>The base URL, without the trailing slash (as the walkthrough's <c>BASE</c>).</summary>
    public string Base => ClientOptions.BaseAddress.ToString().TrimEnd('/');

    /// <summary>Clients ask for English problems, as every test client does (<see cref="TestHttp.InEnglish"/>).</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.InEnglish();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in Environment) builder.UseSetting(key.Replace("__", ":", StringComparison.Ordinal), value);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { }
    }
}
