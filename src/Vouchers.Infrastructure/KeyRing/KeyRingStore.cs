using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vouchers.Infrastructure.Persistence;

namespace Vouchers.Infrastructure.KeyRing;

/// <summary>One key of the web pages' data-protection key ring, as its XML (table DataProtectionKeys, V0014).</summary>
public sealed class KeyRingEntry
{
    public int Id { get; set; }
    public string? FriendlyName { get; set; }
    public string? Xml { get; set; }
}

/// <summary>
/// Where the pages' key ring lives: the service's own database, so that every instance reads the keys the first one made
/// (a sign-in cookie or an antiforgery token made by one instance opens on another). The host adapts it to ASP.NET
/// Core's key repository; this layer only stores and reads XML text.
/// </summary>
public interface IKeyRingStore
{
    IReadOnlyList<string> ReadAll();
    void Add(string friendlyName, string xml);
}

/// <summary>
/// <see cref="IKeyRingStore"/> on a fresh scope per call (the key ring is a singleton; a context is not). A key is
/// written once and never changed; the key manager reads them all, rarely (it caches the ring).
/// </summary>
public sealed class DatabaseKeyRingStore(IServiceScopeFactory scopes) : IKeyRingStore
{
    public IReadOnlyList<string> ReadAll()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<VouchersDbContext>();
        return db.KeyRing.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).Where(x => x != null).ToList()!;
    }

    public void Add(string friendlyName, string xml)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<VouchersDbContext>();
        db.KeyRing.Add(new KeyRingEntry { FriendlyName = friendlyName, Xml = xml });
        db.SaveChanges();
    }
}
