using Vouchers.Domain.Common;
using Vouchers.Domain.Programs;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>
/// A redemption's support is more than zero and at least the program's minimum: a redemption that could never be paid
/// would only burn the voucher and hold its budget.
/// </summary>
public sealed class SupportAtLeastMinimum(SupportProgram program, Money contractValue, Money support) : IBusinessRule
{
    public const string Code = "redemption.support-below-minimum";

    public bool IsBroken() => support == Money.Zero || support < program.MinimumSupport;

    public DomainException Error() => new BusinessRuleException(Code,
        $"A contract of {contractValue} gives {support} of support; program {program.Code} pays at least {Money.Max(program.MinimumSupport, Money.Vnd(1))}.")
    { Values = new Dictionary<string, object> { ["contractValue"] = contractValue, ["support"] = support, ["minimum"] = Money.Max(program.MinimumSupport, Money.Vnd(1)) } };
}
