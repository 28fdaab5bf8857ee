using Vouchers.Domain.Common;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Providers;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>
/// The contract value is at most the <see cref="Ceiling"/>: the provider's list price for the service plus the program's
/// margin (<see cref="SupportProgram.PriceCeiling"/>). The provider must offer the service (<see cref="ProviderOffersService"/>).
/// </summary>
public sealed class ContractWithinPriceCeiling(SupportProgram program, ServiceProvider provider, ServiceKind kind, Money contractValue) : IBusinessRule
{
    public const string Code = "redemption.contract-above-list-price";

    public Money Ceiling { get; } = program.PriceCeiling(provider.ListPriceOf(kind)!.Value);

    public bool IsBroken() => contractValue > Ceiling;

    public DomainException Error() => new BusinessRuleException(Code,
        $"The contract value {contractValue} is above {Ceiling}: {provider.Name}'s list price for {kind}" +
        (program.PriceMarginPercent > 0 ? $" plus the program's {program.PriceMarginPercent}% margin." : " (the program allows no margin)."))
    { Values = new Dictionary<string, object> { ["contractValue"] = contractValue, ["ceiling"] = Ceiling } };
}
