using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Programs;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>
/// An application is judged on the enterprise's declaration for its program's fiscal year: the size class (Decree 80)
/// comes from that year's figures, which change yearly. A declaration for another year, or one made before declarations
/// carried a year, is not that year's: the SME declares the program year's figures first (<c>PUT /api/sme/enterprise</c>
/// with <c>fiscalYear</c>).
/// </summary>
public sealed class SizeDeclaredForProgramYear(SupportProgram program, Enterprise sme) : IBusinessRule
{
    public const string Code = "enterprise.size-not-declared-for-year";

    public bool IsBroken() => sme.ProfileFiscalYear != program.FiscalYear;

    public DomainException Error() => new BusinessRuleException(Code,
        $"Program {program.Code} is for fiscal year {program.FiscalYear}, but {sme.TaxCode}'s declared figures are "
        + (sme.ProfileFiscalYear is { } y ? $"for {y}" : "for no stated year") + $"; declare the figures for {program.FiscalYear} first.")
    { Values = new Dictionary<string, object> { ["fiscalYear"] = program.FiscalYear } };
}
