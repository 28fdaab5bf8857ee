using Vouchers.Domain.Common;
using Vouchers.Domain.Programs;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>An approval commits budget: the program must have an approved envelope (its budget and payable accounts).</summary>
public sealed class ProgramHasApprovedEnvelope(SupportProgram program) : IBusinessRule
{
    public const string Code = "program.not-open";

    public bool IsBroken() => program.BudgetAccountId is null || program.PayableAccountId is null;

    public DomainException Error() => new BusinessRuleException(Code, $"Program {program.Code} has no approved envelope.");
}
