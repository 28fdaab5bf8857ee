using Vouchers.Domain.Common;

namespace Vouchers.Domain.Ledger;

/// <summary>What a transfer means to the business. Stored as a number: never renumber.</summary>
public enum TransferKind
{
    /// <summary>FundingSource → FundBudget (a finance budget decision). Single.</summary>
    Allocation = 1,
    /// <summary>FundBudget → ProgramBudget (a program's envelope). Single.</summary>
    EnvelopeApproval = 2,
    /// <summary>ProgramBudget → ProgramPayable, reserved for a voucher. Pending.</summary>
    Commitment = 3,
    /// <summary>Posts a commitment (all or part of it). PostPending.</summary>
    Settlement = 4,
    /// <summary>Voids a commitment (expired, cancelled). VoidPending.</summary>
    Release = 5,
    /// <summary>ProgramPayable → ProgramDisbursed, paid to a provider. Single.</summary>
    Disbursement = 6,
    /// <summary>ProgramDisbursed (or, before payment, ProgramPayable) → ProgramBudget: money recovered. Single.</summary>
    Clawback = 7,
    /// <summary>Any two accounts: reverses (part of) an earlier transfer. Single, needs a reason.</summary>
    Correction = 8,
    /// <summary>FundBudget → ProgramBudget: a finance decision adds to an open program's envelope. Single.</summary>
    EnvelopeTopUp = 9,
    /// <summary>ProgramBudget → FundBudget: a finance decision takes back part of a program's uncommitted envelope. Single.</summary>
    EnvelopeReduction = 10,
    /// <summary>ProgramBudget → FundBudget: a closed program's unused envelope returns to the fund's budget. Single.</summary>
    EnvelopeReturn = 11,
    /// <summary>
    /// Voids a commitment of a fiscal year that has ended because a finance decision carries it over to the next year
    /// (chuyển nguồn): the first of the four transfers of a carry-over, with <see cref="CarryForward"/>,
    /// <see cref="BringForward"/> and the new year's <see cref="Commitment"/>. VoidPending.
    /// </summary>
    CarryOverRelease = 12,
    /// <summary>ProgramBudget → CarriedForward of the same program and the year that ended. Single.</summary>
    CarryForward = 13,
    /// <summary>BroughtForward → ProgramBudget of the same program and the next year. Single.</summary>
    BringForward = 14,
}

/// <summary>TigerBeetle's two-phase semantics.</summary>
public enum TransferPhase
{
    /// <summary>Posts immediately.</summary>
    Single = 0,
    /// <summary>Reserves the amount (the *_pending balances) until posted or voided.</summary>
    Pending = 1,
    /// <summary>Resolves a pending transfer by posting 1..its amount; the rest is released.</summary>
    PostPending = 2,
    /// <summary>Resolves a pending transfer by releasing all of it.</summary>
    VoidPending = 3,
}

/// <summary>An immutable, append-only record of money moving between two accounts.</summary>
public sealed class LedgerTransfer
{
    private LedgerTransfer() { } // EF Core

    public Guid Id { get; private set; }
    public Guid DebitAccountId { get; private set; }
    public Guid CreditAccountId { get; private set; }
    /// <summary>Single/Pending: the amount moved/reserved. PostPending: the amount posted. VoidPending: the amount released (the whole pending amount).</summary>
    public Money Amount { get; private set; }
    public TransferKind Kind { get; private set; }
    public TransferPhase Phase { get; private set; }
    /// <summary>For PostPending/VoidPending: the pending transfer resolved.</summary>
    public Guid? PendingId { get; private set; }
    /// <summary>Shared by every transfer of one linked batch (one business operation).</summary>
    public Guid CorrelationId { get; private set; }
    /// <summary>E.g. the finance decision number.</summary>
    public string? Reference { get; private set; }
    public string? Reason { get; private set; }
    public Guid? VoucherId { get; private set; }
    public Guid? ProviderId { get; private set; }
    /// <summary>The batch's time plus the transfer's index in the batch in ticks, so a batch sorts in the order it was applied.</summary>
    public DateTimeOffset Timestamp { get; private set; }

    /// <summary>
    /// What this transfer returned to the debit account's budget from a commitment: a void releases its whole amount;
    /// a post releases the commitment's <paramref name="pendingAmount"/> less what it posted (null when not given);
    /// any other transfer releases nothing (null).
    /// </summary>
    public long? ReleasedOf(long? pendingAmount) => Phase switch
    {
        TransferPhase.VoidPending => Amount.Dong,
        TransferPhase.PostPending when pendingAmount is { } pending => pending - Amount.Dong,
        _ => null,
    };

    /// <summary>
    /// A transfer exactly as a database row holds it, for the verifier's own reader (the ledger's transfers are made by
    /// <see cref="Create"/> alone; this one never reaches a ledger or a save).
    /// </summary>
    public static LedgerTransfer Stored(Guid id, Guid debitAccountId, Guid creditAccountId, Money amount, TransferKind kind, TransferPhase phase,
        Guid? pendingId, Guid correlationId, string? reference, string? reason, Guid? voucherId, Guid? providerId, DateTimeOffset timestamp) => new()
    {
        Id = id, DebitAccountId = debitAccountId, CreditAccountId = creditAccountId, Amount = amount, Kind = kind, Phase = phase,
        PendingId = pendingId, CorrelationId = correlationId, Reference = reference, Reason = reason, VoucherId = voucherId,
        ProviderId = providerId, Timestamp = timestamp,
    };

    internal static LedgerTransfer Create(TransferRequest r, Guid debitAccountId, Guid creditAccountId, Money amount,
        Guid correlationId, DateTimeOffset timestamp) => new()
    {
        Id = r.Id, DebitAccountId = debitAccountId, CreditAccountId = creditAccountId, Amount = amount,
        Kind = r.Kind, Phase = r.Phase, PendingId = r.PendingId, CorrelationId = correlationId,
        Reference = r.Reference, Reason = r.Reason, VoucherId = r.VoucherId, ProviderId = r.ProviderId,
        Timestamp = timestamp,
    };
}

/// <summary>
/// One leg of a linked batch. For PostPending/VoidPending the accounts may be <see cref="Guid.Empty"/> (taken from the
/// pending transfer) or must equal the pending transfer's; a VoidPending amount may be zero (meaning all) or the pending amount.
/// </summary>
public sealed record TransferRequest(
    Guid Id,
    Guid DebitAccountId,
    Guid CreditAccountId,
    Money Amount,
    TransferKind Kind,
    TransferPhase Phase = TransferPhase.Single,
    Guid? PendingId = null,
    string? Reference = null,
    string? Reason = null,
    Guid? VoucherId = null,
    Guid? ProviderId = null);
