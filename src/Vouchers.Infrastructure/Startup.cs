using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vouchers.Infrastructure.Demo;
using Vouchers.Infrastructure.Persistence;

namespace Vouchers.Infrastructure;

public static class Startup
{
    /// <summary>Before the service takes traffic: apply schema migrations, switch SQLite to WAL, seed demo data if enabled.</summary>
    public static async Task InitializeDatabaseAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var settings = sp.GetRequiredService<DatabaseSettings>();
        var db = sp.GetRequiredService<VouchersDbContext>();
        if (settings.Provider == DatabaseProvider.Sqlite)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        await sp.GetRequiredService<SchemaMigrator>().MigrateAsync(settings.Provider, ct);
        if (sp.GetRequiredService<IOptions<DemoDataOptions>>().Value.Enabled)
            await sp.GetRequiredService<DemoData>().SeedAsync(ct);
    }

    /// <summary>The schema the model implies, for the configured provider (the starting point of a new migration script; ADR 0003).</summary>
    public static string CreateScript(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<VouchersDbContext>().Database.GenerateCreateScript();
    }
}
