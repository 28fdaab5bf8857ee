using Vouchers.Domain.Common;
using Vouchers.Domain.Programs;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>
/// A closed program issues no more vouchers: its unused envelope went back to the fund. Vouchers it already issued
/// are redeemed, settled or released as before.
/// </summary>
public sealed class ProgramNotClosed(SupportProgram program) : IBusinessRule
{
    public const string Code = "program.closed";

    public bool IsBroken() => program.Status == ProgramStatus.Closed;

    public DomainException Error() => new BusinessRuleException(Code, $"Program {program.Code} is closed: it approves no more vouchers.");
}
