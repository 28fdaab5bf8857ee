using Vouchers.Domain.Common;

namespace Vouchers.Domain.Enterprises;

/// <summary>
/// An SME (doanh nghiệp nhỏ và vừa), identified by its tax code. Its size class under Decree 80/2021 Art. 5 is
/// derived from the declared figures every time they change; "not an SME" makes it ineligible for every program.
/// <para>What it declares decides eligibility and caps, so every change is recorded with its old and new values
/// (<see cref="EnterpriseProfileChange"/>), and a change of province or size class while the enterprise has open
/// applications or vouchers is not applied: it waits for a reviewer (<see cref="PendingProfileChangeId"/>), and no new
/// application is taken meanwhile. Applications keep the profile they were made under (<see cref="EligibilitySnapshot"/>).</para>
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

    // Declared last: V0007 appends the column.
    /// <summary>The declared change of province or size class that waits for a reviewer; null when none does.</summary>
    public Guid? PendingProfileChangeId { get; private set; }

    // Declared last: V0011 appends the column.
    /// <summary>
    /// The fiscal year whose figures (staff, revenue, capital) the current profile declares: the Decree 80 figures change
    /// yearly, and an application is judged on the declaration of its program's year (<c>SizeDeclaredForProgramYear</c>).
    /// V0011 filled it in for profiles declared before it, with the year (in Vietnam) they were last changed in; a null year
    /// is no program's year, so an application then asks for a declaration first. Each year's declaration stays in the
    /// recorded changes (<see cref="EnterpriseProfileChange.Proposed"/>).
    /// </summary>
    public int? ProfileFiscalYear { get; private set; }

    private Enterprise() { }

    /// <summary>Registers an enterprise; the registration is its first recorded change (every field from nothing).</summary>
    public static Enterprise Register(TaxCode taxCode, EnterpriseProfile profile, Actor actor, DateTimeOffset now, bool isDemo = false) =>
        Register(taxCode, profile, actor, now, out _, isDemo);

    public static Enterprise Register(TaxCode taxCode, EnterpriseProfile profile, Actor actor, DateTimeOffset now,
        out EnterpriseProfileChange registration, bool isDemo = false)
    {
        var e = new Enterprise { Id = Guid.CreateVersion7(now), TaxCode = taxCode, RegisteredAt = now, IsDemo = isDemo };
        var declared = Declared.Of(profile, now);
        registration = EnterpriseProfileChange.Applied(e, Declared.Empty.Diff(declared), declared.Profile, actor, now);
        e.Apply(declared, now);
        return e;
    }

    /// <summary>
    /// The SME declares its profile anew. Returns the recorded change (null when nothing changed):
    /// <list type="bullet">
    /// <item>applied at once, unless it moves the enterprise to another province or size class while it has open
    /// applications or vouchers (<paramref name="hasOpenVouchers"/>);</item>
    /// <item>in that case it waits for a reviewer (<see cref="EnterpriseProfileChangeStatus.PendingReview"/>) and the
    /// profile stays as it was. Refused while another change waits (<c>enterprise.profile-change-pending</c>).</item>
    /// </list>
    /// </summary>
    public EnterpriseProfileChange? UpdateProfile(EnterpriseProfile profile, bool hasOpenVouchers, Actor actor, DateTimeOffset now)
    {
        if (PendingProfileChangeId is not null)
            throw new ConflictException("enterprise.profile-change-pending",
                $"A change of {TaxCode}'s province or size class waits for a reviewer; the profile cannot be changed again until it is decided.");
        var current = Declared.Of(this);
        var declared = Declared.Of(profile, now);
        var changes = current.Diff(declared);
        if (changes.Count == 0) return null;
        var requalifies = current.ProvinceCode != declared.ProvinceCode || current.SizeClass != declared.SizeClass;
        if (requalifies && hasOpenVouchers)
        {
            var pending = EnterpriseProfileChange.Pending(this, changes, declared.Profile, actor, now);
            PendingProfileChangeId = pending.Id;
            UpdatedAt = now;
            return pending;
        }
        Apply(declared, now);
        return EnterpriseProfileChange.Applied(this, changes, declared.Profile, actor, now);
    }

    /// <summary>A reviewer decides a change that waited: approved, the declared profile applies from now on; rejected, it never does.</summary>
    public void DecideProfileChange(EnterpriseProfileChange change, bool approve, string? note, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.EnterpriseId != Id || PendingProfileChangeId != change.Id)
            throw new ConflictException("enterprise.profile-change-not-pending", $"Change {change.Id} of {TaxCode} is not waiting for a decision.");
        change.Decide(approve, note, actor, now);
        if (approve) Apply(Declared.Of(change.Proposed, change.At), now);
        PendingProfileChangeId = null;
        UpdatedAt = now;
    }

    /// <summary>New applications wait while a change of province or size class waits for a reviewer.</summary>
    public void EnsureProfileSettled()
    {
        if (PendingProfileChangeId is not null)
            throw new BusinessRuleException("enterprise.profile-under-review",
                $"A change of {TaxCode}'s province or size class waits for a reviewer; applications are taken again once it is decided.");
    }

    /// <summary>The profile an application is made under, fixed on the voucher for the reviewer and for every later check.</summary>
    public EligibilitySnapshot Snapshot(DateTimeOffset now) => new(TaxCode.Value, TaxCode.HeadOffice.Value, Name, ProvinceCode, CommuneWard,
        SectorGroup, Sector, AverageInsuredEmployees, AnnualRevenue.Dong, TotalCapital.Dong, SizeClass, now, ProfileFiscalYear);

    private void Apply(Declared d, DateTimeOffset now)
    {
        Name = d.Name;
        ProvinceCode = d.ProvinceCode;
        CommuneWard = d.CommuneWard;
        SectorGroup = d.SectorGroup;
        Sector = d.Sector;
        SizeClass = d.SizeClass;
        AverageInsuredEmployees = d.Profile.AverageInsuredEmployees;
        AnnualRevenue = d.Profile.AnnualRevenue;
        TotalCapital = d.Profile.TotalCapital;
        ProfileFiscalYear = d.Profile.FiscalYear;
        UpdatedAt = now;
    }

    /// <summary>A profile as validated and classified, and the field-by-field difference of two of them.</summary>
    private sealed record Declared(EnterpriseProfile Profile, string Name, string ProvinceCode, string CommuneWard, SectorGroup SectorGroup,
        Sector Sector, SizeClass SizeClass)
    {
        public static readonly Declared Empty = new(new EnterpriseProfile("", "", "", default, default, 0, Money.Zero, Money.Zero), "", "", "",
            default, default, default);

        /// <summary>The profile validated and classified; its fiscal year, when not given, is the one of <paramref name="declaredAt"/> (Vietnam's calendar year).</summary>
        public static Declared Of(EnterpriseProfile p, DateTimeOffset declaredAt)
        {
            var year = p.FiscalYear ?? VietnamTime.Today(declaredAt).Year;
            if (year is < FiscalYears.First or > FiscalYears.Last)
                throw new InvalidValueException("fiscalYear", $"must be between {FiscalYears.First} and {FiscalYears.Last}.",
                    $"phải từ năm {FiscalYears.First} đến năm {FiscalYears.Last}.");
            var name = Text.Required(p.Name, "name", Text.NameMax);
            var province = Province.FromCode(p.ProvinceCode).Code;
            var commune = Text.Required(p.CommuneWard, "communeWard", 200);
            if (!Enum.IsDefined(p.SectorGroup)) throw new InvalidValueException("sectorGroup", "is not a known sector group.", "không phải nhóm ngành hợp lệ.");
            if (!Enum.IsDefined(p.Sector)) throw new InvalidValueException("sector", "is not a known sector.", "không phải ngành nghề hợp lệ.");
            var size = SmeSizeClassifier.Classify(p.SectorGroup, p.AverageInsuredEmployees, p.AnnualRevenue, p.TotalCapital);
            return new Declared(p with { Name = name, ProvinceCode = province, CommuneWard = commune, FiscalYear = year }, name, province, commune, p.SectorGroup, p.Sector, size);
        }

        public static Declared Of(Enterprise e) => new(new EnterpriseProfile(e.Name, e.ProvinceCode, e.CommuneWard, e.SectorGroup, e.Sector,
            e.AverageInsuredEmployees, e.AnnualRevenue, e.TotalCapital, e.ProfileFiscalYear), e.Name, e.ProvinceCode, e.CommuneWard, e.SectorGroup, e.Sector, e.SizeClass);

        /// <summary>Every field whose value differs, with the old and the new value as text (the size class included, as it follows).</summary>
        public IReadOnlyList<ProfileFieldChange> Diff(Declared to)
        {
            var empty = ReferenceEquals(this, Empty);
            var list = new List<ProfileFieldChange>();
            void Add(string field, string? before, string after)
            {
                if (empty) before = null;
                if (before != after) list.Add(new ProfileFieldChange(field, before, after));
            }
            Add("name", Name, to.Name);
            Add("provinceCode", ProvinceCode, to.ProvinceCode);
            Add("communeWard", CommuneWard, to.CommuneWard);
            Add("sectorGroup", SectorGroup.ToString(), to.SectorGroup.ToString());
            Add("sector", Sector.ToString(), to.Sector.ToString());
            Add("averageInsuredEmployees", Profile.AverageInsuredEmployees.ToString(System.Globalization.CultureInfo.InvariantCulture),
                to.Profile.AverageInsuredEmployees.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Add("annualRevenue", Profile.AnnualRevenue.Dong.ToString(System.Globalization.CultureInfo.InvariantCulture),
                to.Profile.AnnualRevenue.Dong.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Add("totalCapital", Profile.TotalCapital.Dong.ToString(System.Globalization.CultureInfo.InvariantCulture),
                to.Profile.TotalCapital.Dong.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Add("sizeClass", SizeClass.ToString(), to.SizeClass.ToString());
            if (Profile.FiscalYear != to.Profile.FiscalYear)
                list.Add(new ProfileFieldChange("fiscalYear", empty ? null : Profile.FiscalYear?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    to.Profile.FiscalYear?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return list;
        }
    }
}

/// <summary>
/// What an SME declares about itself; the size class is computed from it, never taken from the client.
/// <see cref="FiscalYear"/>: the year whose figures these are (Decree 80's figures change yearly); when not given, the
/// year of the declaration.
/// </summary>
public sealed record EnterpriseProfile(
    string Name, string ProvinceCode, string CommuneWard, SectorGroup SectorGroup, Sector Sector,
    int AverageInsuredEmployees, Money AnnualRevenue, Money TotalCapital, int? FiscalYear = null);

/// <summary>
/// The enterprise as it was when it applied: what the program's eligibility and caps were checked against, what the
/// reviewer sees, and what later steps (approval caps, related-party checks) keep using whatever the profile says now.
/// </summary>
public sealed record EligibilitySnapshot(string TaxCode, string HeadOfficeTaxCode, string Name, string ProvinceCode, string CommuneWard,
    SectorGroup SectorGroup, Sector Sector, int AverageInsuredEmployees, long AnnualRevenue, long TotalCapital, SizeClass SizeClass,
    DateTimeOffset TakenAt, int? FiscalYear = null);
