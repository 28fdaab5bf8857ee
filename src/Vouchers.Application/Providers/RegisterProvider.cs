using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Providers;
using Vouchers.Application.Localization;

namespace Vouchers.Application.Providers;

/// <summary>A service and its list price in whole đồng, as clients send and read them.</summary>
public sealed record ProviderServiceOffer(ServiceKind Kind, string Name, long ListPrice);

/// <summary>A command that carries a provider's services and list prices (a registration, a new price list).</summary>
public interface IProviderServicesInput
{
    IReadOnlyList<ProviderServiceOffer> Services { get; }
}

internal static class ProviderServicesInput
{
    /// <summary>1–200 services, none null, each of a known kind, named, at a list price above zero (what <see cref="ServiceProvider.SetServices"/> holds to).</summary>
    public static void Rules<T>(AbstractValidator<T> v) where T : IProviderServicesInput
    {
        v.RuleFor(c => c.Services).Cascade(CascadeMode.Stop).NotEmpty().Must(s => s.Count <= 200);
        v.RuleForEach(c => c.Services).NotNull().WithMessage("'services' must not contain null.").WithErrorCode(ValidationCodes.NoNullItems);
        v.RuleForEach(c => c.Services).ChildRules(s =>
        {
            s.RuleFor(x => x.Kind).IsInEnum();
            s.RuleFor(x => x.Name).NotEmpty().MaximumLength(Text.NameMax);
            s.RuleFor(x => x.ListPrice).GreaterThan(0);
        });
    }

    /// <summary>The services as the domain holds them (list prices in <see cref="Money"/>).</summary>
    public static ProviderService[] ToServices(this IProviderServicesInput c) =>
        c.Services.Select(s => new ProviderService(s.Kind, s.Name, Money.Vnd(s.ListPrice))).ToArray();
}

/// <summary>An administrator registers an accredited provider and the services it offers. No money moves.</summary>
public sealed record RegisterProvider(string TaxCode, string Name, ProviderKind Kind, string ProvinceCode, string AccreditationNumber,
    DateOnly AccreditedFrom, DateOnly AccreditedUntil, IReadOnlyList<ProviderServiceOffer> Services) : ICommand<ProviderView>, IProviderServicesInput;

public sealed class RegisterProviderValidator : AbstractValidator<RegisterProvider>
{
    public RegisterProviderValidator()
    {
        RuleFor(c => c.TaxCode).NotEmpty().MaximumLength(20);
        RuleFor(c => c.Name).NotEmpty().MaximumLength(Text.NameMax);
        RuleFor(c => c.Kind).IsInEnum();
        RuleFor(c => c.ProvinceCode).NotEmpty().MaximumLength(40);
        RuleFor(c => c.AccreditationNumber).NotEmpty().MaximumLength(Text.ReferenceMax);
        RuleFor(c => c.AccreditedFrom).SupportedDate();
        RuleFor(c => c.AccreditedUntil).SupportedDate();
        RuleFor(c => c.AccreditedUntil).GreaterThanOrEqualTo(c => c.AccreditedFrom);
        ProviderServicesInput.Rules(this);
    }
}

/// <summary>A provider's accreditation in one province, as clients read it.</summary>
public sealed record AccreditationView(string ProvinceCode, string Number, DateOnly ValidFrom, DateOnly ValidUntil, string Status,
    string? Reason, string? DecisionNumber, DateOnly? DecisionDate)
{
    public static AccreditationView From(ProviderAccreditation a) =>
        new(a.ProvinceCode, a.Number, a.ValidFrom, a.ValidUntil, a.Status.ToString(), a.Reason, a.DecisionNumber, a.DecisionDate);
}

/// <param name="AccreditationNumber">The home province's accreditation (also in <paramref name="Accreditations"/>).</param>
/// <param name="Accreditations">One per province the provider is accredited in.</param>
/// <param name="PriceListVersion">The version of <paramref name="Services"/>, the list new redemptions are held to.</param>
public sealed record ProviderView(Guid Id, string TaxCode, string Name, string Kind, string ProvinceCode, string AccreditationNumber,
    DateOnly AccreditedFrom, DateOnly AccreditedUntil, string AccreditationStatus, IReadOnlyList<ProviderServiceOffer> Services, bool IsDemo,
    IReadOnlyList<AccreditationView> Accreditations, int PriceListVersion)
{
    public static ProviderView From(ServiceProvider p)
    {
        var home = p.HomeAccreditation;
        return new(p.Id, p.TaxCode.Value, p.Name, p.Kind.ToString(), p.ProvinceCode,
            home.Number, home.ValidFrom, home.ValidUntil, home.Status.ToString(),
            p.Services.Select(s => new ProviderServiceOffer(s.Kind, s.Name, s.ListPrice.Dong)).ToArray(), p.IsDemo,
            p.Accreditations.Select(AccreditationView.From).ToArray(), p.PriceListVersion);
    }
}

public sealed class RegisterProviderHandler(IVouchersDb db, TimeProvider clock, IRequestContext request) : IRequestHandler<RegisterProvider, ProviderView>
{
    public async Task<ProviderView> Handle(RegisterProvider c, CancellationToken ct)
    {
        var taxCode = TaxCode.Parse(c.TaxCode);
        ProvinceScope.EnsureWithin(request, c.ProvinceCode);
        if (await db.Providers.AnyAsync(p => p.TaxCode == taxCode, ct))
            throw new BusinessRuleException("provider.already-registered", $"A provider with tax code {taxCode} is already registered.");
        var provider = ServiceProvider.Register(taxCode, c.Name, c.Kind, c.ProvinceCode, c.AccreditationNumber, c.AccreditedFrom, c.AccreditedUntil,
            c.ToServices(), clock.GetUtcNow());
        db.Providers.Add(provider);
        return ProviderView.From(provider);
    }
}
