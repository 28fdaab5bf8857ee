using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vouchers.Application;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Common;
using Vouchers.Domain.Vouchers;
using Vouchers.Infrastructure.Demo;
using Vouchers.Infrastructure.Idempotency;
using Vouchers.Infrastructure.Jobs;
using Vouchers.Infrastructure.Persistence;
using Vouchers.Infrastructure.Qr;
using Vouchers.Infrastructure.Sealing;
using Vouchers.Infrastructure.Signing;
using Vouchers.Infrastructure.Telemetry;

namespace Vouchers.Infrastructure;

public static class DependencyInjection
{
    /// <summary>
    /// Database (by <c>Database:Provider</c>: Sqlite (default), PostgreSql or SqlServer; connection string <c>ConnectionStrings:Vouchers</c>),
    /// the application (<see cref="Vouchers.Application.DependencyInjection.AddVouchersApplication"/>) with Infrastructure's steps of its
    /// pipeline, the ledger, jobs and demo data.
    /// </summary>
    /// <summary>
    /// Npgsql's automatic preparation, unless the connection string sets <c>Max Auto Prepare</c> itself (0 turns it off,
    /// e.g. behind PgBouncer in transaction mode): a statement the service sends again and again — every command sends
    /// the same few — is parsed and planned once per connection instead of every time. Unprepared, PostgreSQL spent more
    /// CPU per redemption than the service did, most of it in its parser and planner (issue 19's profile,
    /// docs/performance.md).
    /// </summary>
    public const int DefaultMaxAutoPrepare = 100;

    public static string WithAutoPrepare(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }; // the keys as written
        if (given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
            return connectionString;
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = DefaultMaxAutoPrepare }.ConnectionString;
    }

    public static IServiceCollection AddVouchersInfrastructure(this IServiceCollection services, IConfiguration config, string contentRoot)
    {
        var provider = ParseProvider(config["Database:Provider"]);
        var connectionString = config.GetConnectionString("Vouchers");
        if (provider == DatabaseProvider.Sqlite)
        {
            var csb = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connectionString) ? "Data Source=data/vouchers.db" : connectionString);
            if (!Path.IsPathRooted(csb.DataSource) && csb.DataSource != ":memory:") csb.DataSource = Path.Combine(contentRoot, csb.DataSource);
            if (Path.GetDirectoryName(csb.DataSource) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
            csb.DefaultTimeout = csb.DefaultTimeout <= 30 ? 30 : csb.DefaultTimeout; // waits on a busy writer instead of failing
            csb.Pooling = true;
            connectionString = csb.ToString();
            services.AddDbContext<VouchersDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(new DatabaseCommandSpans()));
        }
        else
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException($"Database:Provider is {provider} but ConnectionStrings:Vouchers is not set.");
            if (provider == DatabaseProvider.PostgreSql) connectionString = WithAutoPrepare(connectionString);
            // No EnableRetryOnFailure on SQL Server: TransactionBehavior owns the transaction and re-runs the whole command itself.
            services.AddDbContext<VouchersDbContext>(o =>
            {
                if (provider == DatabaseProvider.SqlServer) o.UseSqlServer(connectionString);
                else o.UseNpgsql(connectionString);
            });
        }
        services.AddSingleton(new DatabaseSettings(provider));
        services.AddHealthChecks().AddDbContextCheck<VouchersDbContext>("database", tags: ["ready"]); // /health/ready: the database answers
        services.AddScoped<IVouchersDb>(sp => sp.GetRequiredService<VouchersDbContext>());
        services.AddScoped<SchemaMigrator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<KeyRing.IKeyRingStore, KeyRing.DatabaseKeyRingStore>();
        services.AddScoped<RequestContext>();
        services.AddSingleton<Audit.AuditTrail>();
        services.AddScoped<IRequestContext>(sp => sp.GetRequiredService<RequestContext>());
        services.AddScoped<IIdempotencyStore, IdempotencyStore>();
        services.AddOptions<IdempotencyOptions>().Bind(config.GetSection("Idempotency"))
            .Validate(o => o.Lease >= TimeSpan.FromSeconds(1) && o.Lease <= TimeSpan.FromHours(1), "Idempotency:Lease must be between 1 second and 1 hour.")
            .ValidateOnStart();
        services.AddScoped<LedgerPostings>();
        services.AddSingleton<Vouchers.Application.Exports.IExportArchives, Exports.ZipExportArchives>();
        services.AddScoped<Vouchers.Application.Integrity.LedgerVerifier>();
        services.AddSingleton<Vouchers.Application.Integrity.VerificationGate>();
        services.AddSingleton(ApprovalPolicyFrom(config));
        services.AddVoucherTokens(config, contentRoot);
        services.AddSingleton<ICheckpointKeys>(sp => new CheckpointKeys(
            SigningKeyRing.Load(SigningKeyOptions.From(config, SigningPurpose.Checkpoints), contentRoot, sp.GetRequiredService<TimeProvider>())));

        // The application's pipeline (telemetry → validation → transaction, ordered by AddVouchersApplication), its handlers and validators.
        services.AddVouchersApplication(new PipelineSteps(Telemetry: typeof(TelemetryBehavior<,>), Transaction: typeof(TransactionBehavior<,>)));

        services.AddOptions<ExpiryJobOptions>().Bind(config.GetSection("Jobs:Expiry"));
        services.AddHostedService<ExpiryJob>();
        services.AddOptions<CheckpointJobOptions>().Bind(config.GetSection("Jobs:Checkpoints"));
        services.AddHostedService<CheckpointJob>();
        services.AddOptions<DemoDataOptions>().Bind(config.GetSection("DemoData"));
        services.AddScoped<DemoData>();
        return services;
    }

    /// <summary>Four eyes from <c>Approval:SecondApprovalFrom</c> (VND, whole đồng; default 100,000,000).</summary>
    public static ApprovalPolicy ApprovalPolicyFrom(IConfiguration config)
    {
        const long defaultThreshold = 100_000_000;
        var value = config["Approval:SecondApprovalFrom"];
        if (string.IsNullOrWhiteSpace(value)) return new ApprovalPolicy(Money.Vnd(defaultThreshold));
        if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var dong))
            throw new InvalidOperationException($"Approval:SecondApprovalFrom '{value}' is not a whole, non-negative number of đồng.");
        return new ApprovalPolicy(Money.Vnd(dong));
    }

    public static DatabaseProvider ParseProvider(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgresql" or "postgres" or "npgsql" => DatabaseProvider.PostgreSql,
        "sqlserver" or "mssql" => DatabaseProvider.SqlServer,
        _ => throw new InvalidOperationException($"Database:Provider '{value}' is not supported; use Sqlite, PostgreSql or SqlServer."),
    };
}

public sealed record DatabaseSettings(DatabaseProvider Provider);
