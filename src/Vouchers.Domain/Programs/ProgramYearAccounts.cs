using Vouchers.Domain.Ledger;

namespace Vouchers.Domain.Programs;

/// <summary>
/// The three accounts that hold a program's money in one fiscal year: its budget, what is payable to providers and what
/// was disbursed. A program has them for its own year from the approval of its envelope
/// (<see cref="SupportProgram.OwnYearAccounts"/>), and for each later year into which a finance decision carried one of its
/// commitments over (chuyển nguồn). A voucher's money moves in the set of its <see cref="Vouchers.Voucher.BudgetYear"/>.
/// </summary>
public sealed record ProgramYearAccounts(Guid ProgramId, int FiscalYear, Guid Budget, Guid Payable, Guid Disbursed)
{
    /// <summary>The set of <paramref name="programId"/> and <paramref name="fiscalYear"/> among <paramref name="accounts"/>; null if one of the three is missing.</summary>
    public static ProgramYearAccounts? Find(Guid programId, int fiscalYear, IEnumerable<LedgerAccount> accounts)
    {
        Guid? Of(AccountCode code) => accounts.FirstOrDefault(a => a.ProgramId == programId && a.FiscalYear == fiscalYear && a.Code == code)?.Id;
        return Of(AccountCode.ProgramBudget) is { } budget && Of(AccountCode.ProgramPayable) is { } payable && Of(AccountCode.ProgramDisbursed) is { } disbursed
            ? new ProgramYearAccounts(programId, fiscalYear, budget, payable, disbursed)
            : null;
    }
}

/// <summary>
/// What carrying one commitment over from <see cref="From"/>'s year to the next moves through: the year that ended
/// (its program accounts and its <see cref="AccountCode.CarriedForward"/>) and the next one (its
/// <see cref="AccountCode.BroughtForward"/> and program accounts), all the same program's.
/// </summary>
public sealed record CarryOverAccounts(ProgramYearAccounts From, Guid CarriedForward, Guid BroughtForward, ProgramYearAccounts To)
{
    public void EnsureConsistent(Guid programId)
    {
        if (From.ProgramId != programId || To.ProgramId != programId)
            throw new InvalidOperationException("The carry-over accounts are not this program's.");
        if (To.FiscalYear != From.FiscalYear + 1)
            throw new InvalidOperationException($"A commitment is carried over to the next year: {From.FiscalYear} → {From.FiscalYear + 1}, not {To.FiscalYear}.");
    }
}
