using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;

namespace Vouchers.Domain.Providers;

public enum AccreditationStatus { Active = 1, Suspended = 2, Revoked = 3 }

/// <summary>A service a provider offers, at its published list price (shown to SMEs; a redemption's contract value is bounded by it).</summary>
public sealed record ProviderService(ServiceKind Kind, string Name, Money ListPrice);

/// <summary>
/// A lab / testing centre, certified consultant or solution vendor. Only an accredited provider whose
/// accreditation is valid on the day, of a kind the program accepts, offering the voucher's service, may redeem.
/// </summary>
public sealed class ServiceProvider
{
    public Guid Id { get; private set; }
    public TaxCode TaxCode { get; private set; } = null!;
    public string Name { get; private set; } = "";
    public ProviderKind Kind { get; private set; }
    public string ProvinceCode { get; private set; } = "";
    public string AccreditationNumber { get; private set; } = "";
    public DateOnly AccreditedFrom { get; private set; }
    public DateOnly AccreditedUntil { get; private set; }
    public AccreditationStatus AccreditationStatus { get; private set; }
    public IReadOnlyList<ProviderService> Services { get; private set; } = [];
    public bool IsDemo { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }
    /// <summary>Optimistic-concurrency token, moved by the persistence layer on every save.</summary>
    public long Version { get; private set; }

    private ServiceProvider() { }

    public static ServiceProvider Register(TaxCode taxCode, string name, ProviderKind kind, string provinceCode,
        string accreditationNumber, DateOnly accreditedFrom, DateOnly accreditedUntil,
        IReadOnlyList<ProviderService> services, DateTimeOffset now, bool isDemo = false)
    {
        if (!Enum.IsDefined(kind)) throw new InvalidValueException("kind", "is not a known provider kind.");
        var p = new ServiceProvider
        {
            Id = Guid.CreateVersion7(now), TaxCode = taxCode, Name = Text.Required(name, "name", Text.NameMax), Kind = kind,
            ProvinceCode = Province.FromCode(provinceCode).Code, AccreditationStatus = AccreditationStatus.Active,
            RegisteredAt = now, IsDemo = isDemo,
        };
        p.Accredit(accreditationNumber, accreditedFrom, accreditedUntil);
        p.SetServices(services);
        return p;
    }

    /// <summary>Records a (renewed) accreditation; it becomes active.</summary>
    public void Accredit(string number, DateOnly from, DateOnly until)
    {
        if (until < from) throw new InvalidValueException("accreditedUntil", "must not be before accreditedFrom.");
        AccreditationNumber = Text.Required(number, "accreditationNumber", Text.ReferenceMax);
        AccreditedFrom = from;
        AccreditedUntil = until;
        AccreditationStatus = AccreditationStatus.Active;
    }

    public void Suspend() { AccreditationStatus = AccreditationStatus.Suspended; }
    public void Revoke() { AccreditationStatus = AccreditationStatus.Revoked; }

    public void SetServices(IReadOnlyList<ProviderService> services)
    {
        if (services.Count == 0) throw new InvalidValueException("services", "must list at least one service.");
        if (services.Count > 200) throw new InvalidValueException("services", "must list at most 200 services.");
        Services = services.Select(s =>
        {
            if (!Enum.IsDefined(s.Kind)) throw new InvalidValueException("services", "contains an unknown service kind.");
            if (s.ListPrice == Money.Zero) throw new InvalidValueException("services", "list prices must be greater than zero.");
            return s with { Name = Text.Required(s.Name, "services.name", Text.NameMax) };
        }).ToArray();
    }

    public bool IsAccreditedOn(DateOnly day) =>
        AccreditationStatus == AccreditationStatus.Active && day >= AccreditedFrom && day <= AccreditedUntil;

    public bool Offers(ServiceKind kind) => Services.Any(s => s.Kind == kind);

    /// <summary>The highest published list price among the services of <paramref name="kind"/> this provider offers; null when it offers none.</summary>
    public Money? ListPriceOf(ServiceKind kind) =>
        Services.Where(s => s.Kind == kind).Select(s => (Money?)s.ListPrice).Max();
}
