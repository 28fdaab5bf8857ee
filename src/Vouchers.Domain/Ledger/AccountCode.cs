namespace Vouchers.Domain.Ledger;

/// <summary>What a ledger account stands for. Stored as a number: never renumber.</summary>
public enum AccountCode
{
    /// <summary>Per fund and fiscal year: the state-budget appropriation. Debited by allocations; no constraint.</summary>
    FundingSource = 1,
    /// <summary>Per fund and fiscal year: credited by allocations, debited by program envelopes.</summary>
    FundBudget = 2,
    /// <summary>Per program: credited by the envelope (and clawbacks), debited by commitments and settlements.</summary>
    ProgramBudget = 3,
    /// <summary>Per program: credited when a settlement posts, debited by disbursement (or a clawback before payment).</summary>
    ProgramPayable = 4,
    /// <summary>Per program: credited by disbursement to a provider, debited by a clawback.</summary>
    ProgramDisbursed = 5,
    /// <summary>
    /// Per program and fiscal year (chuyển nguồn, issue 16): credited by the commitments a finance decision carries over
    /// to the next year (<see cref="TransferKind.CarryForward"/>); its credit balance is what left this year's budget for
    /// the next. Opened by the first carry-over.
    /// </summary>
    CarriedForward = 6,
    /// <summary>
    /// Per program and fiscal year: the other side of <see cref="CarriedForward"/> in the next year, debited when a
    /// carried-over commitment arrives (<see cref="TransferKind.BringForward"/>); its debit balance is this year's
    /// source from the year before. No constraint, like <see cref="FundingSource"/>.
    /// </summary>
    BroughtForward = 7,
}

/// <summary>Balance constraints of an account, checked on the balances a transfer would leave behind.</summary>
[Flags]
public enum AccountFlags
{
    None = 0,
    /// <summary>debits_pending + debits_posted ≤ credits_posted.</summary>
    DebitsMustNotExceedCredits = 1,
    /// <summary>credits_pending + credits_posted ≤ debits_posted.</summary>
    CreditsMustNotExceedDebits = 2,
}

public static class AccountCodeExtensions
{
    /// <summary>True for the accounts that belong to a program (they carry a ProgramId).</summary>
    public static bool IsProgramAccount(this AccountCode code) =>
        code is AccountCode.ProgramBudget or AccountCode.ProgramPayable or AccountCode.ProgramDisbursed
            or AccountCode.CarriedForward or AccountCode.BroughtForward;

    /// <summary>
    /// The flags every account of this code is opened with: all but the two sources (the funding source, and what a year
    /// brought forward from the one before) may not go negative.
    /// </summary>
    public static AccountFlags DefaultFlags(this AccountCode code) =>
        code is AccountCode.FundingSource or AccountCode.BroughtForward ? AccountFlags.None : AccountFlags.DebitsMustNotExceedCredits;
}
