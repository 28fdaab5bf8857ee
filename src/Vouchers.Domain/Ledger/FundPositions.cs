using ReplayedBalances = (long DebitsPending, long DebitsPosted, long CreditsPending, long CreditsPosted);

namespace Vouchers.Domain.Ledger;

/// <summary>
/// A fund's position for one fiscal year, read from its ledger accounts' balances (in đồng). Reconciles when
/// <see cref="Balanced"/>: everything the year received — allocated to the fund, and brought forward from the year
/// before (chuyển nguồn) — is either still available (in the fund's budget or a program's), committed to vouchers,
/// payable to providers, disbursed, or carried forward to the next year.
/// </summary>
public sealed record FundLedgerPosition(long Allocated, long Available, long UnassignedToPrograms, long Committed, long Payable,
    long Disbursed, IReadOnlyList<ProgramLedgerPosition> Programs, long BroughtForward = 0, long CarriedForward = 0)
{
    /// <summary>allocated + brought forward = available + committed + payable + disbursed + carried forward.</summary>
    public bool Balanced => (Int128)Allocated + BroughtForward == (Int128)Available + Committed + Payable + Disbursed + CarriedForward;

    /// <summary>The figures of one program; zero for a program without accounts in this position.</summary>
    public ProgramLedgerPosition Program(Guid programId) =>
        Programs.FirstOrDefault(p => p.ProgramId == programId) ?? new ProgramLedgerPosition(programId, 0, 0, 0, 0);

    /// <summary>Every figure, the fund's and each program's, equals <paramref name="other"/>'s (the same position read two ways).</summary>
    public bool AgreesWith(FundLedgerPosition other) =>
        (Allocated, Available, UnassignedToPrograms, Committed, Payable, Disbursed, BroughtForward, CarriedForward)
        == (other.Allocated, other.Available, other.UnassignedToPrograms, other.Committed, other.Payable, other.Disbursed, other.BroughtForward,
            other.CarriedForward)
        && Programs.Select(p => p.ProgramId).Union(other.Programs.Select(p => p.ProgramId)).All(id => Program(id) == other.Program(id));
}

/// <summary>
/// One program's share of a <see cref="FundLedgerPosition"/>, from its accounts of the year: budget, payable and
/// disbursed, and what its commitments brought forward from the year before or carried forward to the next.
/// </summary>
public sealed record ProgramLedgerPosition(Guid ProgramId, long Available, long Committed, long Payable, long Disbursed,
    long BroughtForward = 0, long CarriedForward = 0)
{
    /// <summary>What the program's accounts of the year hold: available + committed + payable + disbursed.</summary>
    public long Held => Available + Committed + Payable + Disbursed;
}

/// <summary>
/// The one statement of the position formulas, fund and program level alike. Pure: the caller gives the accounts of
/// one fund and fiscal year and their balances: the ones the ledger keeps on the accounts (what a position shows), or
/// <see cref="LedgerReplay.Replay"/> of their transfers (what the reconciliation holds those to; ADR 0016).
/// </summary>
public static class FundPositions
{
    /// <summary>
    /// The position of the fund and fiscal year that <paramref name="accounts"/> belong to. An account absent from
    /// <paramref name="balances"/> (no transfer touched it) counts as zero. Programs are ordered by id. Throws
    /// <see cref="ArgumentException"/> if the accounts belong to more than one fund or fiscal year.
    /// </summary>
    public static FundLedgerPosition Of(IEnumerable<LedgerAccount> accounts, IReadOnlyDictionary<Guid, ReplayedBalances> balances)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(balances);
        var list = accounts.ToList();
        if (list.Select(a => (a.FundId, a.FiscalYear)).Distinct().Count() > 1)
            throw new ArgumentException("A fund position is computed over the accounts of one fund and fiscal year.", nameof(accounts));

        long Sum(AccountCode code, Func<ReplayedBalances, long> reading, Guid? program = null) =>
            list.Where(a => a.Code == code && (program is null || a.ProgramId == program)).Sum(a => reading(balances.GetValueOrDefault(a.Id)));

        var unassigned = Sum(AccountCode.FundBudget, Uncommitted);
        var programs = list.Where(a => a.ProgramId is not null).Select(a => a.ProgramId!.Value).Distinct().Order()
            .Select(p => new ProgramLedgerPosition(p, Sum(AccountCode.ProgramBudget, Uncommitted, p), Sum(AccountCode.ProgramBudget, Committed, p),
                Sum(AccountCode.ProgramPayable, Held, p), Sum(AccountCode.ProgramDisbursed, Held, p),
                Sum(AccountCode.BroughtForward, Paid, p), Sum(AccountCode.CarriedForward, Held, p)))
            .ToArray();
        return new FundLedgerPosition(
            Allocated: Sum(AccountCode.FundingSource, Paid),
            Available: unassigned + Sum(AccountCode.ProgramBudget, Uncommitted),
            UnassignedToPrograms: unassigned,
            Committed: Sum(AccountCode.ProgramBudget, Committed),
            Payable: Sum(AccountCode.ProgramPayable, Held),
            Disbursed: Sum(AccountCode.ProgramDisbursed, Held),
            Programs: programs,
            BroughtForward: Sum(AccountCode.BroughtForward, Paid),
            CarriedForward: Sum(AccountCode.CarriedForward, Held));
    }

    // The four readings of an account's balances that a position is made of (one formula each, fund and program alike).
    /// <summary>What left a source account for good: the funding source's allocations, what a year brought forward.</summary>
    private static long Paid(ReplayedBalances b) => b.DebitsPosted - b.CreditsPosted;
    /// <summary>What a budget account can still commit: credits posted − debits posted − debits pending.</summary>
    private static long Uncommitted(ReplayedBalances b) => b.CreditsPosted - b.DebitsPosted - b.DebitsPending;
    /// <summary>What a budget account has reserved for approvals not yet settled or released.</summary>
    private static long Committed(ReplayedBalances b) => b.DebitsPending;
    /// <summary>What a credit-side account holds: payable, disbursed, or carried forward to the next year.</summary>
    private static long Held(ReplayedBalances b) => b.CreditsPosted - b.DebitsPosted;
}
