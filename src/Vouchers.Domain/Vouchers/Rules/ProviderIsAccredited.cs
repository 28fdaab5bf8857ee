using Vouchers.Domain.Common;
using Vouchers.Domain.Providers;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>Only a provider with a valid accreditation on the day (Vietnamese calendar) may redeem a voucher.</summary>
public sealed class ProviderIsAccredited(ServiceProvider provider, DateOnly today) : IBusinessRule
{
    public const string Code = "provider.not-accredited";

    public bool IsBroken() => !provider.IsAccreditedOn(today);

    public DomainException Error() => new BusinessRuleException(Code, $"{provider.Name} has no valid accreditation on {today:dd/MM/yyyy}.");
}
