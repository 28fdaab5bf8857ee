using Vouchers.Domain.Common;
using Vouchers.Domain.Providers;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>A provider may not redeem a voucher of an enterprise that is, by the facts the service holds, the same party (<see cref="RelatedParty"/>).</summary>
public sealed class ProviderIsNotARelatedParty(Voucher voucher, ServiceProvider provider, Actor actor) : IBusinessRule
{
    public const string Code = RelatedParty.Rule;

    private string? Why => RelatedParty.Between(voucher, provider, actor);

    public bool IsBroken() => Why is not null;

    public DomainException Error() => new BusinessRuleException(Code, $"{provider.Name} may not redeem voucher {voucher.Code}: {Why}.");
}
