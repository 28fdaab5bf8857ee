using Vouchers.Domain.Common;
using Vouchers.Domain.Providers;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>The provider lists the service the voucher is for (and so has a list price for it).</summary>
public sealed class ProviderOffersService(ServiceProvider provider, ServiceKind kind) : IBusinessRule
{
    public const string Code = "provider.service-not-offered";

    public bool IsBroken() => !provider.Offers(kind);

    public DomainException Error() => new BusinessRuleException(Code, $"{provider.Name} does not offer {kind}.");
}
