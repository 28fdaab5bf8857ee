using Vouchers.Domain.Common;

namespace Vouchers.Domain.Enterprises;

/// <summary>
/// An SME (doanh nghiệp nhỏ và vừa), identified by its tax code. Its size class under Decree 80/2021 Art. 5 is
/// derived from the declared figures every time they change; "not an SME" makes it ineligible for every program.
/// </summary>
public sealed class Enterprise
{
    public Guid Id { get; private set; }
    public TaxCode TaxCode { get; private set; } = null!;
    public string Name { get; private set; } = "";
    public string ProvinceCode { get; private set; } = "";
    public string CommuneWard { get; private set; } = "";
    public SectorGroup SectorGroup { get; private set; }
    public Sector Sector { get; private set; }
    public int AverageInsuredEmployees { get; private set; }
    public Money AnnualRevenue { get; private set; }
    public Money TotalCapital { get; private set; }
    public SizeClass SizeClass { get; private set; }
    public bool IsDemo { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>Optimistic-concurrency token, moved by the persistence layer on every save.</summary>
    public long Version { get; private set; }

    private Enterprise() { }

    public static Enterprise Register(TaxCode taxCode, EnterpriseProfile profile, DateTimeOffset now, bool isDemo = false)
    {
        var e = new Enterprise { Id = Guid.CreateVersion7(now), TaxCode = taxCode, RegisteredAt = now, IsDemo = isDemo };
        e.Apply(profile, now);
        return e;
    }

    public void UpdateProfile(EnterpriseProfile profile, DateTimeOffset now) => Apply(profile, now);

    private void Apply(EnterpriseProfile p, DateTimeOffset now)
    {
        Name = Text.Required(p.Name, "name", 300);
        ProvinceCode = Province.FromCode(p.ProvinceCode).Code;
        CommuneWard = Text.Required(p.CommuneWard, "communeWard", 200);
        if (!Enum.IsDefined(p.SectorGroup)) throw new InvalidValueException("sectorGroup", "is not a known sector group.");
        if (!Enum.IsDefined(p.Sector)) throw new InvalidValueException("sector", "is not a known sector.");
        SectorGroup = p.SectorGroup;
        Sector = p.Sector;
        SizeClass = SmeSizeClassifier.Classify(p.SectorGroup, p.AverageInsuredEmployees, p.AnnualRevenue, p.TotalCapital);
        AverageInsuredEmployees = p.AverageInsuredEmployees;
        AnnualRevenue = p.AnnualRevenue;
        TotalCapital = p.TotalCapital;
        UpdatedAt = now;
    }
}

/// <summary>What an SME declares about itself; the size class is computed from it, never taken from the client.</summary>
public sealed record EnterpriseProfile(
    string Name, string ProvinceCode, string CommuneWard, SectorGroup SectorGroup, Sector Sector,
    int AverageInsuredEmployees, Money AnnualRevenue, Money TotalCapital);
