using Vouchers.Domain.Common;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>
/// The program's rule for extensions: all extensions of one voucher together add at most the program's validity period
/// (<see cref="Programs.SupportProgram.VoucherValidityDays"/>) to the validity it was issued with, so a voucher is
/// never valid beyond its issue date plus twice that period.
/// </summary>
public sealed class ExtensionWithinProgramLimit(DateOnly issuedOn, int validityDays, DateOnly requested) : IBusinessRule
{
    public const string Code = "voucher.extension-beyond-limit";

    /// <summary>The latest date an extension may give.</summary>
    public DateOnly Latest { get; } = issuedOn.AddDays(2 * validityDays);

    public bool IsBroken() => requested > Latest;

    public DomainException Error() =>
        new BusinessRuleException(Code, $"The program allows extensions of at most {validityDays} days in all: this voucher may be valid until {Latest:dd/MM/yyyy} at the latest, not {requested:dd/MM/yyyy}.")
        { Values = new Dictionary<string, object> { ["days"] = validityDays, ["latest"] = Latest, ["requested"] = requested } };
}
