using Vouchers.Domain.Common;
using Vouchers.Domain.Providers;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>
/// Only a provider accredited in the voucher's province, its accreditation there active and valid on the day
/// (Vietnamese calendar), may verify-for-redeem or redeem it (issue 16: accreditation is per province). A suspended
/// accreditation is refused with its own code, so that the provider's screen can say why.
/// </summary>
public sealed class ProviderIsAccredited(ServiceProvider provider, string provinceCode, DateOnly today) : IBusinessRule
{
    public const string Code = "provider.not-accredited";
    public const string SuspendedCode = "provider.suspended";

    public bool IsBroken() => !provider.IsAccreditedOn(provinceCode, today);

    public DomainException Error()
    {
        var province = Province.TryFromCode(provinceCode, out var p) ? p.Name : provinceCode;
        return provider.AccreditationIn(provinceCode) is { Status: AccreditationStatus.Suspended } a
            ? new BusinessRuleException(SuspendedCode, $"{provider.Name}'s accreditation in {province} is suspended ({a.DecisionNumber}): {a.Reason}")
            : new BusinessRuleException(Code, $"{provider.Name} has no valid accreditation in {province} on {today:dd/MM/yyyy}.");
    }
}
