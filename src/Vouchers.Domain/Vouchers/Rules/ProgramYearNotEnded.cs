using Vouchers.Domain.Common;
using Vouchers.Domain.Programs;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>
/// A program commits its own fiscal year's budget: once that year has ended it approves no more vouchers (a commitment
/// made in January against last year's budget would be one no decision ever funded).
/// </summary>
public sealed class ProgramYearNotEnded(SupportProgram program, DateTimeOffset now) : IBusinessRule
{
    public const string Code = "program.fiscal-year-ended";

    public bool IsBroken() => VietnamTime.FiscalYear(now) > program.FiscalYear;

    public DomainException Error() => new BusinessRuleException(Code,
        $"Program {program.Code} is funded by {program.FiscalYear}'s budget, which ended on 31/12/{program.FiscalYear}: it approves no more vouchers.")
    { Values = new Dictionary<string, object> { ["fiscalYear"] = program.FiscalYear } };
}
