using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vouchers.Application.Audit;
using Vouchers.Infrastructure.Persistence;

namespace Vouchers.Testing;

/// <summary>
/// The business state of the service, read through its own <see cref="VouchersDbContext"/> (so it is the same on
/// SQLite and PostgreSQL: no SQL, no file): every row of every table the model maps, each column as the database
/// stores it (after the model's converters), per table the row count and the rows in key order. Owned rows (the
/// voucher history) come with their owner. A new table is included without a change here.
/// <para>
/// Left out on purpose: the audit trail (<see cref="AuditEntry"/>). Every command, refused or not, and every refused
/// request writes a line there by design (docs/architecture.md, Security), so a refusal changes it and must.
/// </para>
/// </summary>
public sealed record StateFingerprint(IReadOnlyDictionary<string, IReadOnlyList<string>> Tables)
{
    private static readonly Type[] Excluded = [typeof(AuditEntry)];

    public static StateFingerprint Read(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<VouchersDbContext>();
        var set = typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!;
        foreach (var type in db.Model.GetEntityTypes().Where(t => !t.IsOwned() && !t.HasSharedClrType && !Excluded.Contains(t.ClrType)))
            foreach (var _ in (IEnumerable<object>)set.MakeGenericMethod(type.ClrType).Invoke(db, null)!) { } // tracked: owned rows come along

        var tables = db.ChangeTracker.Entries()
            .GroupBy(e => e.Metadata.GetTableName() ?? e.Metadata.Name)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(Row).Order(StringComparer.Ordinal).ToList());
        foreach (var type in db.Model.GetEntityTypes().Where(t => !Excluded.Contains(t.ClrType)))
            tables.TryAdd(type.GetTableName() ?? type.Name, []); // an empty table is part of the state too
        return new StateFingerprint(tables);
    }

    private static string Row(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry e)
    {
        var key = e.Metadata.FindPrimaryKey()!.Properties.Select(p => p.Name).ToHashSet();
        return string.Join(" | ", e.Properties.OrderBy(p => key.Contains(p.Metadata.Name) ? 0 : 1).ThenBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Metadata.Name}={Format(p.Metadata.GetTypeMapping().Converter is { } c && p.CurrentValue is not null ? c.ConvertToProvider(p.CurrentValue) : p.CurrentValue)}"));
    }

    private static string Format(object? v) => v switch
    {
        null => "∅",
        byte[] b => Convert.ToHexStringLower(b),
        DateTimeOffset d => d.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join("\n", Tables.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"## {t.Key} ({t.Value.Count})\n{string.Join("\n", t.Value)}")))));

    public int Rows => Tables.Values.Sum(t => t.Count);

    /// <summary>Runs a call that must be refused and checks that no table but the audit trail changed; answers the call's result (the problem).</summary>
    public static async Task<T> AssertUnchangedBy<T>(IServiceProvider services, Func<Task<T>> refused)
    {
        var before = Read(services);
        var result = await refused();
        var after = Read(services);
        Assert.True(before.Hash == after.Hash, after.DiffFrom(before));
        return result;
    }

    /// <summary>What changed from <paramref name="before"/>, table by table: counts and the rows gone and new (a few of each).</summary>
    public string DiffFrom(StateFingerprint before)
    {
        var sb = new StringBuilder();
        foreach (var name in before.Tables.Keys.Union(Tables.Keys).Order(StringComparer.Ordinal))
        {
            var was = before.Tables.GetValueOrDefault(name) ?? [];
            var now = Tables.GetValueOrDefault(name) ?? [];
            var gone = was.Except(now).ToList();
            var added = now.Except(was).ToList();
            if (gone.Count == 0 && added.Count == 0) continue;
            sb.AppendLine($"table {name}: {was.Count} → {now.Count} rows");
            foreach (var r in gone.Take(3)) sb.AppendLine($"  - {Cut(r)}");
            foreach (var r in added.Take(3)) sb.AppendLine($"  + {Cut(r)}");
        }
        return sb.ToString();
    }

    private static string Cut(string s) => s.Length <= 600 ? s : s[..600] + "…";
}
