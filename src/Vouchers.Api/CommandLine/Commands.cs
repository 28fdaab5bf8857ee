using Vouchers.Infrastructure;
using Vouchers.Infrastructure.Persistence;
using Vouchers.Infrastructure.Signing;

namespace Vouchers.Api.CommandLine;

/// <summary>
/// Every command-line verb of the service, in one place. <c>dotnet run --project src/Vouchers.Api -- VERB …</c>:
/// <list type="bullet">
/// <item><c>qr-keys list|rotate|jwks</c>, <c>checkpoint-keys list|rotate|jwks</c>: the signing keys
/// (<see cref="SigningKeysCommand"/>; no database, no auth).</item>
/// <item><c>schema [sqlite|postgresql|sqlserver]</c>: prints the schema the model implies (the starting point of a new
/// migration script; see docs/decisions/0003).</item>
/// <item><c>ledger verify|checkpoint</c>: the ledger's integrity, from the database (<see cref="LedgerCommand"/>).</item>
/// </list>
/// No verb: the service runs.
/// </summary>
public sealed class Commands
{
    private const string Schema = "schema";
    private readonly string[] _args;
    private Commands(string[] args) => _args = args;

    /// <summary>The command the arguments name, or null when the service should run.</summary>
    public static Commands? From(string[] args) =>
        args.Length > 0 && (args[0] is Schema or LedgerCommand.Name || SigningKeysCommand.Named(args[0]) is not null) ? new Commands(args) : null;

    private string Verb => _args[0];

    /// <summary>
    /// Before the host is built: a signing-keys verb runs now and its exit code is returned (it needs no services);
    /// <c>schema</c> and <c>ledger</c> adjust the configuration they run with and return null (run them with <see cref="RunAsync"/>).
    /// </summary>
    public int? Prepare(WebApplicationBuilder builder)
    {
        if (SigningKeysCommand.Named(Verb) is { } keyPurpose)
            return SigningKeysCommand.Run(keyPurpose, _args[1..], builder.Configuration, builder.Environment.ContentRootPath,
                builder.Environment.EnvironmentName, Console.Out, Console.Error);
        if (Verb == LedgerCommand.Name)
        {
            builder.Configuration[$"{SigningPurpose.Checkpoints.Section}:GenerateIfMissing"] = "false"; // checking never makes a key
            builder.Logging.ClearProviders(); // the command reports for itself; EF Core's command log would bury it
        }
        if (Verb == Schema)
        {
            builder.Configuration["Database:Provider"] = _args.Length > 1 ? _args[1] : "sqlite";
            builder.Configuration["ConnectionStrings:Vouchers"] ??= (_args.Length > 1 ? DependencyInjection.ParseProvider(_args[1]) : DatabaseProvider.Sqlite) switch
            {
                DatabaseProvider.PostgreSql => "Host=localhost",
                DatabaseProvider.SqlServer => "Server=localhost", // never opened: the script comes from the model
                _ => "Data Source=:memory:",
            };
        }
        return null;
    }

    /// <summary>After the host is built (no migration, no demo data, no HTTP): <c>schema</c> or <c>ledger</c>; the exit code.</summary>
    public async Task<int> RunAsync(IServiceProvider services)
    {
        if (Verb == Schema)
        {
            Console.WriteLine(Startup.CreateScript(services));
            return 0;
        }
        return await LedgerCommand.RunAsync(services, _args[1..], Console.Out, Console.Error);
    }
}
