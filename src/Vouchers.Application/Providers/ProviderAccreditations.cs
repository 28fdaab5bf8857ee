using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Providers;

namespace Vouchers.Application.Providers;

// The life of a provider (issue 16): accreditation per province, suspension and reinstatement, renewal, and versioned
// services and list prices. Each is an administrator's command: validated, audited, idempotent, and limited to the
// administrator's province (ProvinceScope.EnsureWithin: 403 province.out-of-scope). No money moves; what a suspended
// provider already redeemed continues, and only the finance officer's cancel command cancels a voucher.

/// <summary>An administrator accredits a registered provider in (another) province, by that province's decision.</summary>
public sealed record AccreditProvider(Guid ProviderId, string ProvinceCode, string AccreditationNumber, DateOnly AccreditedFrom,
    DateOnly AccreditedUntil, string DecisionNumber, DateOnly DecisionDate) : IAccreditationCommand;

/// <summary>An administrator renews a provider's accreditation in a province: new number and validity dates.</summary>
public sealed record RenewAccreditation(Guid ProviderId, string ProvinceCode, string AccreditationNumber, DateOnly AccreditedFrom,
    DateOnly AccreditedUntil, string DecisionNumber, DateOnly DecisionDate) : IAccreditationCommand;

/// <summary>An administrator suspends a provider's accreditation in a province (with the reason and the decision).</summary>
public sealed record SuspendAccreditation(Guid ProviderId, string ProvinceCode, string Reason, string DecisionNumber, DateOnly DecisionDate)
    : IAccreditationCommand;

/// <summary>An administrator lifts a suspension (with the reason and the decision).</summary>
public sealed record ReinstateAccreditation(Guid ProviderId, string ProvinceCode, string Reason, string DecisionNumber, DateOnly DecisionDate)
    : IAccreditationCommand;

/// <summary>
/// An administrator of the provider's home province publishes a new version of its services and list prices. New
/// redemptions are held to it; vouchers already redeemed keep the ceiling they were held to.
/// </summary>
public sealed record UpdateProviderServices(Guid ProviderId, IReadOnlyList<ProviderServiceOffer> Services) : ICommand<ProviderView>, IProviderServicesInput;

internal static class AccreditationInput
{
    public static void Accreditation<T>(AbstractValidator<T> v, Func<T, Guid> provider, Func<T, string> province, Func<T, string> number,
        Func<T, DateOnly> from, Func<T, DateOnly> until, Func<T, string> decision, Func<T, DateOnly> decisionDate)
    {
        Decision(v, provider, province, decision, decisionDate);
        v.RuleFor(c => number(c)).NotEmpty().MaximumLength(Text.ReferenceMax).OverridePropertyName("accreditationNumber");
        v.RuleFor(c => from(c)).SupportedDate().OverridePropertyName("accreditedFrom");
        v.RuleFor(c => until(c)).SupportedDate().OverridePropertyName("accreditedUntil");
        v.RuleFor(c => until(c)).GreaterThanOrEqualTo(c => from(c)).OverridePropertyName("accreditedUntil");
    }

    public static void Decision<T>(AbstractValidator<T> v, Func<T, Guid> provider, Func<T, string> province,
        Func<T, string> decision, Func<T, DateOnly> decisionDate)
    {
        v.RuleFor(c => provider(c)).NotEmpty().OverridePropertyName("providerId");
        v.RuleFor(c => province(c)).NotEmpty().MaximumLength(40).OverridePropertyName("provinceCode");
        v.RuleFor(c => decision(c)).NotEmpty().MaximumLength(Text.ReferenceMax).OverridePropertyName("decisionNumber");
        v.RuleFor(c => decisionDate(c)).SupportedDate().OverridePropertyName("decisionDate");
    }

    public static async Task<ServiceProvider> LoadAsync(IVouchersDb db, Guid id, CancellationToken ct) =>
        await db.Providers.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("provider", id);
}

public sealed class AccreditProviderValidator : AbstractValidator<AccreditProvider>
{
    public AccreditProviderValidator() => AccreditationInput.Accreditation(this, c => c.ProviderId, c => c.ProvinceCode, c => c.AccreditationNumber,
        c => c.AccreditedFrom, c => c.AccreditedUntil, c => c.DecisionNumber, c => c.DecisionDate);
}

public sealed class RenewAccreditationValidator : AbstractValidator<RenewAccreditation>
{
    public RenewAccreditationValidator() => AccreditationInput.Accreditation(this, c => c.ProviderId, c => c.ProvinceCode, c => c.AccreditationNumber,
        c => c.AccreditedFrom, c => c.AccreditedUntil, c => c.DecisionNumber, c => c.DecisionDate);
}

public sealed class SuspendAccreditationValidator : AbstractValidator<SuspendAccreditation>
{
    public SuspendAccreditationValidator()
    {
        AccreditationInput.Decision(this, c => c.ProviderId, c => c.ProvinceCode, c => c.DecisionNumber, c => c.DecisionDate);
        RuleFor(c => c.Reason).NotEmpty().MaximumLength(Text.LongMax);
    }
}

public sealed class ReinstateAccreditationValidator : AbstractValidator<ReinstateAccreditation>
{
    public ReinstateAccreditationValidator()
    {
        AccreditationInput.Decision(this, c => c.ProviderId, c => c.ProvinceCode, c => c.DecisionNumber, c => c.DecisionDate);
        RuleFor(c => c.Reason).NotEmpty().MaximumLength(Text.LongMax);
    }
}

public sealed class UpdateProviderServicesValidator : AbstractValidator<UpdateProviderServices>
{
    public UpdateProviderServicesValidator()
    {
        RuleFor(c => c.ProviderId).NotEmpty();
        ProviderServicesInput.Rules(this);
    }
}

/// <summary>A command on a provider's accreditation in one province (that province's administrator decides it).</summary>
public interface IAccreditationCommand : ICommand<ProviderView>
{
    Guid ProviderId { get; }
    string ProvinceCode { get; }
}

/// <summary>
/// The shape of an accreditation command: refused outside the administrator's province, load the provider, one call on
/// it, the audit line in that province (<paramref name="action"/>: <see cref="Describe"/>), answer with the provider as it
/// now is (the pipeline saves and commits).
/// </summary>
public abstract class AccreditationCommandHandler<TCommand>(IVouchersDb db, TimeProvider clock, IRequestContext request, string action)
    : IRequestHandler<TCommand, ProviderView> where TCommand : IAccreditationCommand
{
    public async Task<ProviderView> Handle(TCommand command, CancellationToken ct)
    {
        ProvinceScope.EnsureWithin(request, command.ProvinceCode);
        var provider = await AccreditationInput.LoadAsync(db, command.ProviderId, ct);
        var a = Apply(provider, command, clock.GetUtcNow());
        request.InProvince(a.ProvinceCode);
        request.Describes(action, Describe(a));
        return ProviderView.From(provider);
    }

    /// <summary>The one aggregate call; returns the accreditation it made or changed.</summary>
    protected abstract ProviderAccreditation Apply(ServiceProvider provider, TCommand command, DateTimeOffset now);

    /// <summary>What the audit line says of the accreditation afterwards.</summary>
    protected abstract string Describe(ProviderAccreditation a);

    /// <summary>An accreditation or renewal: the number and validity, and the decision.</summary>
    protected static string Validity(ProviderAccreditation a) =>
        $"{a.ProvinceCode}: {a.Number} {a.ValidFrom:dd/MM/yyyy}–{a.ValidUntil:dd/MM/yyyy} ({a.DecisionNumber})";

    /// <summary>A suspension or reinstatement: the decision and its reason.</summary>
    protected static string Decision(ProviderAccreditation a) =>
        $"{a.ProvinceCode}: {a.DecisionNumber} {a.DecisionDate:dd/MM/yyyy}: {a.Reason}";
}

public sealed class AccreditProviderHandler(IVouchersDb db, TimeProvider clock, IRequestContext request)
    : AccreditationCommandHandler<AccreditProvider>(db, clock, request, "provider.accredited")
{
    protected override ProviderAccreditation Apply(ServiceProvider provider, AccreditProvider c, DateTimeOffset now) =>
        provider.AccreditIn(c.ProvinceCode, c.AccreditationNumber, c.AccreditedFrom, c.AccreditedUntil, c.DecisionNumber, c.DecisionDate, now);

    protected override string Describe(ProviderAccreditation a) => Validity(a);
}

public sealed class RenewAccreditationHandler(IVouchersDb db, TimeProvider clock, IRequestContext request)
    : AccreditationCommandHandler<RenewAccreditation>(db, clock, request, "provider.renewed")
{
    protected override ProviderAccreditation Apply(ServiceProvider provider, RenewAccreditation c, DateTimeOffset now) =>
        provider.Renew(c.ProvinceCode, c.AccreditationNumber, c.AccreditedFrom, c.AccreditedUntil, c.DecisionNumber, c.DecisionDate, now);

    protected override string Describe(ProviderAccreditation a) => Validity(a);
}

public sealed class SuspendAccreditationHandler(IVouchersDb db, TimeProvider clock, IRequestContext request)
    : AccreditationCommandHandler<SuspendAccreditation>(db, clock, request, "provider.suspended")
{
    protected override ProviderAccreditation Apply(ServiceProvider provider, SuspendAccreditation c, DateTimeOffset now) =>
        provider.Suspend(c.ProvinceCode, c.Reason, c.DecisionNumber, c.DecisionDate, now);

    protected override string Describe(ProviderAccreditation a) => Decision(a);
}

public sealed class ReinstateAccreditationHandler(IVouchersDb db, TimeProvider clock, IRequestContext request)
    : AccreditationCommandHandler<ReinstateAccreditation>(db, clock, request, "provider.reinstated")
{
    protected override ProviderAccreditation Apply(ServiceProvider provider, ReinstateAccreditation c, DateTimeOffset now) =>
        provider.Reinstate(c.ProvinceCode, c.Reason, c.DecisionNumber, c.DecisionDate, now);

    protected override string Describe(ProviderAccreditation a) => Decision(a);
}

public sealed class UpdateProviderServicesHandler(IVouchersDb db, TimeProvider clock, IRequestContext request) : IRequestHandler<UpdateProviderServices, ProviderView>
{
    public async Task<ProviderView> Handle(UpdateProviderServices c, CancellationToken ct)
    {
        var provider = await AccreditationInput.LoadAsync(db, c.ProviderId, ct);
        ProvinceScope.EnsureWithin(request, provider.ProvinceCode); // the price list is the provider's own: its home province keeps it
        provider.SetServices(c.ToServices(), clock.GetUtcNow());
        request.InProvince(provider.ProvinceCode);
        request.Describes("provider.price-list", $"version {provider.PriceListVersion}: " +
            string.Join("; ", provider.Services.Select(s => $"{s.Kind} {s.Name} {s.ListPrice.Dong}")));
        return ProviderView.From(provider);
    }
}
