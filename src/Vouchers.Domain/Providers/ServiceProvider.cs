using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;

namespace Vouchers.Domain.Providers;

public enum AccreditationStatus { Active = 1, Suspended = 2, Revoked = 3 }

/// <summary>A service a provider offers, at its published list price (shown to SMEs; a redemption's contract value is bounded by it).</summary>
public sealed record ProviderService(ServiceKind Kind, string Name, Money ListPrice);

/// <summary>
/// A provider's accreditation in one province (issue 16): its number and validity, and whether the province's
/// administrator suspended it (with the reason and the decision). A provider may serve several provinces, each by an
/// accreditation of its own; it may redeem a voucher only under an active one of the voucher's province, valid on the day.
/// </summary>
public sealed class ProviderAccreditation
{
    public string ProvinceCode { get; private set; } = "";
    public string Number { get; private set; } = "";
    public DateOnly ValidFrom { get; private set; }
    public DateOnly ValidUntil { get; private set; }
    public AccreditationStatus Status { get; private set; }
    /// <summary>Why it was last suspended or reinstated; null for one never suspended.</summary>
    public string? Reason { get; private set; }
    /// <summary>The decision (số quyết định) of the last accreditation, renewal, suspension or reinstatement, when one was given.</summary>
    public string? DecisionNumber { get; private set; }
    public DateOnly? DecisionDate { get; private set; }
    public DateTimeOffset ChangedAt { get; private set; }

    private ProviderAccreditation() { }

    internal static ProviderAccreditation Grant(string provinceCode, string number, DateOnly from, DateOnly until,
        string? decisionNumber, DateOnly? decisionDate, DateTimeOffset now)
    {
        var a = new ProviderAccreditation { ProvinceCode = Province.FromCode(provinceCode).Code, Status = AccreditationStatus.Active };
        a.SetValidity(number, from, until, decisionNumber, decisionDate, now);
        return a;
    }

    private void SetValidity(string number, DateOnly from, DateOnly until, string? decisionNumber, DateOnly? decisionDate, DateTimeOffset now)
    {
        if (until < from) throw new InvalidValueException("accreditedUntil", "must not be before accreditedFrom.");
        Number = Text.Required(number, "accreditationNumber", Text.ReferenceMax);
        ValidFrom = from;
        ValidUntil = until;
        SetDecision(decisionNumber, decisionDate);
        ChangedAt = now;
    }

    /// <summary>A new number and validity by a renewal decision. A suspension stays until it is lifted; a revoked accreditation is not renewed.</summary>
    internal void Renew(string number, DateOnly from, DateOnly until, string decisionNumber, DateOnly decisionDate, DateTimeOffset now)
    {
        if (Status == AccreditationStatus.Revoked)
            throw new BusinessRuleException(ServiceProvider.AccreditationNotActive, $"The accreditation in {Province.FromCode(ProvinceCode).Name} was revoked.");
        SetValidity(number, from, until, Text.Required(decisionNumber, "decisionNumber", Text.ReferenceMax), decisionDate, now);
    }

    internal void Suspend(string reason, string decisionNumber, DateOnly decisionDate, DateTimeOffset now) =>
        Decide(AccreditationStatus.Active, AccreditationStatus.Suspended, ServiceProvider.AccreditationNotActive, reason, decisionNumber, decisionDate, now);

    internal void Reinstate(string reason, string decisionNumber, DateOnly decisionDate, DateTimeOffset now) =>
        Decide(AccreditationStatus.Suspended, AccreditationStatus.Active, ServiceProvider.AccreditationNotSuspended, reason, decisionNumber, decisionDate, now);

    /// <summary>A decision that moves the accreditation from <paramref name="from"/> to <paramref name="to"/>, with its reason; refused by <paramref name="refusal"/> in any other status.</summary>
    private void Decide(AccreditationStatus from, AccreditationStatus to, string refusal,
        string reason, string decisionNumber, DateOnly decisionDate, DateTimeOffset now)
    {
        if (Status != from)
            throw new BusinessRuleException(refusal, $"The accreditation in {Province.FromCode(ProvinceCode).Name} is {Status}, not {from.ToString().ToLowerInvariant()}.");
        Reason = Text.Required(reason, "reason", Text.LongMax);
        SetDecision(Text.Required(decisionNumber, "decisionNumber", Text.ReferenceMax), decisionDate);
        Status = to;
        ChangedAt = now;
    }

    private void SetDecision(string? number, DateOnly? date)
    {
        DecisionNumber = number is null ? null : Text.Required(number, "decisionNumber", Text.ReferenceMax);
        DecisionDate = date;
    }

    /// <summary>Active (not suspended, not revoked) and within its validity on <paramref name="day"/>.</summary>
    public bool IsValidOn(DateOnly day) => Status == AccreditationStatus.Active && day >= ValidFrom && day <= ValidUntil;
}

/// <summary>
/// One version of a provider's services and list prices, kept for ever (append-only). The newest is the provider's
/// current <see cref="ServiceProvider.Services"/>, which new redemptions are held to; a redemption made before a change
/// keeps the ceiling it was held to (<c>Voucher.PriceCeiling</c>), and the version it saw is the one in effect at its
/// <c>RedeemedAt</c>.
/// </summary>
public sealed class ProviderPriceList
{
    public int Version { get; private set; }
    public IReadOnlyList<ProviderService> Services { get; private set; } = [];
    public DateTimeOffset EffectiveAt { get; private set; }

    private ProviderPriceList() { }

    internal ProviderPriceList(int version, IReadOnlyList<ProviderService> services, DateTimeOffset effectiveAt)
    {
        Version = version;
        Services = services;
        EffectiveAt = effectiveAt;
    }
}

/// <summary>
/// A lab / testing centre, certified consultant or solution vendor, registered under a home province. It is accredited
/// per province (<see cref="Accreditations"/>; the home one at registration); only a provider whose accreditation in
/// the voucher's province is active and valid on the day, of a kind the program accepts, offering the voucher's
/// service, may redeem.
/// </summary>
public sealed class ServiceProvider
{
    public const string NotAccreditedInProvince = "provider.not-accredited-in-province";
    public const string AlreadyAccreditedInProvince = "provider.already-accredited-in-province";
    public const string AccreditationNotActive = "provider.accreditation-not-active";
    public const string AccreditationNotSuspended = "provider.accreditation-not-suspended";

    public Guid Id { get; private set; }
    public TaxCode TaxCode { get; private set; } = null!;
    public string Name { get; private set; } = "";
    public ProviderKind Kind { get; private set; }
    /// <summary>The province the provider is registered in (its head office); its first accreditation is there.</summary>
    public string ProvinceCode { get; private set; } = "";
    /// <summary>The current services and list prices: the newest of <see cref="PriceLists"/>.</summary>
    public IReadOnlyList<ProviderService> Services { get; private set; } = [];
    public bool IsDemo { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }
    /// <summary>Optimistic-concurrency token, moved by the persistence layer on every save.</summary>
    public long Version { get; private set; }

    // Declared last: V0009 appends them.
    /// <summary>The version of <see cref="Services"/> (1 at registration).</summary>
    public int PriceListVersion { get; private set; }
    /// <summary>When an accreditation or the price list last changed (it moves <see cref="Version"/>, so two changes cannot race).</summary>
    public DateTimeOffset? ChangedAt { get; private set; }

    private readonly List<ProviderAccreditation> _accreditations = [];
    private readonly List<ProviderPriceList> _priceLists = [];

    /// <summary>One per province the provider is accredited in.</summary>
    public IReadOnlyList<ProviderAccreditation> Accreditations => _accreditations.OrderBy(a => a.ProvinceCode, StringComparer.Ordinal).ToArray();

    /// <summary>Every version of the services and list prices, oldest first.</summary>
    public IReadOnlyList<ProviderPriceList> PriceLists => _priceLists.OrderBy(p => p.Version).ToArray();

    private ServiceProvider() { }

    public static ServiceProvider Register(TaxCode taxCode, string name, ProviderKind kind, string provinceCode,
        string accreditationNumber, DateOnly accreditedFrom, DateOnly accreditedUntil,
        IReadOnlyList<ProviderService> services, DateTimeOffset now, bool isDemo = false)
    {
        if (!Enum.IsDefined(kind)) throw new InvalidValueException("kind", "is not a known provider kind.");
        var p = new ServiceProvider
        {
            Id = Guid.CreateVersion7(now), TaxCode = taxCode, Name = Text.Required(name, "name", Text.NameMax), Kind = kind,
            ProvinceCode = Province.FromCode(provinceCode).Code, RegisteredAt = now, IsDemo = isDemo,
        };
        p._accreditations.Add(ProviderAccreditation.Grant(p.ProvinceCode, accreditationNumber, accreditedFrom, accreditedUntil, null, null, now));
        p.SetServices(services, now);
        p.ChangedAt = null;
        return p;
    }

    /// <summary>The accreditation in <paramref name="provinceCode"/>, or null when the provider has none there.</summary>
    public ProviderAccreditation? AccreditationIn(string provinceCode) =>
        _accreditations.FirstOrDefault(a => a.ProvinceCode == provinceCode);

    /// <summary>The home province's accreditation (every provider has one from its registration).</summary>
    public ProviderAccreditation HomeAccreditation => AccreditationIn(ProvinceCode)!;

    private ProviderAccreditation Existing(string provinceCode)
    {
        var code = Province.FromCode(provinceCode).Code;
        return AccreditationIn(code) ?? throw new BusinessRuleException(NotAccreditedInProvince,
            $"{Name} has no accreditation in {Province.FromCode(code).Name}.");
    }

    /// <summary>Accredits the provider in another province (a decision of that province).</summary>
    public ProviderAccreditation AccreditIn(string provinceCode, string number, DateOnly from, DateOnly until,
        string decisionNumber, DateOnly decisionDate, DateTimeOffset now)
    {
        var code = Province.FromCode(provinceCode).Code;
        if (AccreditationIn(code) is not null)
            throw new BusinessRuleException(AlreadyAccreditedInProvince, $"{Name} is already accredited in {Province.FromCode(code).Name}; renew it instead.");
        var a = ProviderAccreditation.Grant(code, number, from, until, Text.Required(decisionNumber, "decisionNumber", Text.ReferenceMax), decisionDate, now);
        _accreditations.Add(a);
        ChangedAt = now;
        return a;
    }

    /// <summary>Renews the accreditation in a province: a new number and validity. A suspension stays until it is lifted.</summary>
    public ProviderAccreditation Renew(string provinceCode, string number, DateOnly from, DateOnly until,
        string decisionNumber, DateOnly decisionDate, DateTimeOffset now) =>
        Change(provinceCode, a => a.Renew(number, from, until, decisionNumber, decisionDate, now), now);

    /// <summary>
    /// Suspends the accreditation in a province: from now on the provider can neither verify-for-redeem nor redeem that
    /// province's vouchers. What it already redeemed continues (deliver, acceptance, payment); a voucher is cancelled only
    /// by the finance officer's own decision.
    /// </summary>
    public ProviderAccreditation Suspend(string provinceCode, string reason, string decisionNumber, DateOnly decisionDate, DateTimeOffset now) =>
        Change(provinceCode, a => a.Suspend(reason, decisionNumber, decisionDate, now), now);

    /// <summary>Lifts a suspension: the accreditation is active again (within its validity).</summary>
    public ProviderAccreditation Reinstate(string provinceCode, string reason, string decisionNumber, DateOnly decisionDate, DateTimeOffset now) =>
        Change(provinceCode, a => a.Reinstate(reason, decisionNumber, decisionDate, now), now);

    /// <summary>One decision on the existing accreditation in a province; it moves <see cref="ChangedAt"/> (and so <see cref="Version"/>).</summary>
    private ProviderAccreditation Change(string provinceCode, Action<ProviderAccreditation> decide, DateTimeOffset now)
    {
        var a = Existing(provinceCode);
        decide(a);
        ChangedAt = now;
        return a;
    }

    /// <summary>
    /// A new version of the services and list prices: it becomes the current list new redemptions are held to, and the
    /// old one is kept. Vouchers already redeemed keep the ceiling they were held to.
    /// </summary>
    public void SetServices(IReadOnlyList<ProviderService> services, DateTimeOffset now)
    {
        if (services.Count == 0) throw new InvalidValueException("services", "must list at least one service.");
        if (services.Count > 200) throw new InvalidValueException("services", "must list at most 200 services.");
        Services = services.Select(s =>
        {
            if (!Enum.IsDefined(s.Kind)) throw new InvalidValueException("services", "contains an unknown service kind.");
            if (s.ListPrice == Money.Zero) throw new InvalidValueException("services", "list prices must be greater than zero.");
            return s with { Name = Text.Required(s.Name, "services.name", Text.NameMax) };
        }).ToArray();
        PriceListVersion += 1;
        _priceLists.Add(new ProviderPriceList(PriceListVersion, Services, now));
        ChangedAt = now;
    }

    /// <summary>Accredited (active, not suspended) in <paramref name="provinceCode"/> and within that accreditation's validity on <paramref name="day"/>.</summary>
    public bool IsAccreditedOn(string provinceCode, DateOnly day) => AccreditationIn(provinceCode)?.IsValidOn(day) == true;

    public bool Offers(ServiceKind kind) => Services.Any(s => s.Kind == kind);

    /// <summary>The highest published list price among the services of <paramref name="kind"/> this provider offers; null when it offers none.</summary>
    public Money? ListPriceOf(ServiceKind kind) =>
        Services.Where(s => s.Kind == kind).Select(s => (Money?)s.ListPrice).Max();
}
