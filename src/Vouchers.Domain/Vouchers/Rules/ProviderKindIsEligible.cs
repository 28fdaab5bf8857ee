using Vouchers.Domain.Common;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Providers;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>The program names the kinds of provider (consultant, testing lab, …) whose services it pays for.</summary>
public sealed class ProviderKindIsEligible(SupportProgram program, ServiceProvider provider) : IBusinessRule
{
    public const string Code = "program.provider-kind-not-eligible";

    public bool IsBroken() => !program.EligibleProviderKinds.Contains(provider.Kind);

    public DomainException Error() => new BusinessRuleException(Code, $"Program {program.Code} does not accept {provider.Kind} providers.");
}
