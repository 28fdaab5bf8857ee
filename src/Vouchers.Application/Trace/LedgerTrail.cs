using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Common;
using Vouchers.Domain.Funds;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Programs;

namespace Vouchers.Application.Trace;

/// <summary>The attribution rule the traces apply, in one sentence (also in docs/ledger.md#trace).</summary>
public static class AttributionRule
{
    public const string Name = "fifo";

    public const string Text = "First in, first out: a fund's budget for a fiscal year is one pool; program envelopes, in the order they were " +
        "approved, draw on budget decisions in the order they were recorded (the ledger's execution order), each taking what is left of the " +
        "oldest decision first. A voucher is funded by its program's envelope as a whole: the trace names the decisions that envelope drew on " +
        "and how much it drew from each, and does not split one envelope further among its vouchers.";
}

public sealed record FundRef(Guid Id, string Name, string ProvinceCode, string Kind);

public sealed record AccountRef(Guid Id, string Code, string Name);

public sealed record PartyRef(Guid Id, string Name, string TaxCode);

/// <summary>
/// One ledger transfer as an auditor reads it: both accounts named, the instant in UTC and in Vietnam. For a settlement
/// (a post of a commitment) <c>releasedAmount</c> is the remainder of the commitment that the post returned to the
/// program's budget; the ledger records it in the same transfer (pending amount − posted amount), not as a transfer of
/// its own. For a release (a void) it is the whole amount.
/// </summary>
public sealed record TransferLine(Guid Id, string Kind, string Phase, long Amount, long? ReleasedAmount, AccountRef Debit, AccountRef Credit,
    Guid? PendingId, Guid CorrelationId, string? Reference, string? Reason, Guid? VoucherId, Guid? ProviderId, DateTimeOffset At, DateTimeOffset AtLocal);

/// <summary>A budget decision's share in an envelope (or, for a correction that credited the pool, that transfer's).</summary>
public sealed record DecisionShare(Guid? AllocationId, string? DecisionNumber, DateOnly? DecisionDate, Guid SourceTransferId, string SourceKind, long Amount);

/// <summary>
/// What moved for one voucher (or, summed, for a program's vouchers), from the ledger's transfers:
/// committed = settled + released + outstandingCommitment; payable = settled − disbursed − clawed back before payment;
/// disbursedNet = disbursed − clawed back after payment.
/// </summary>
public sealed record VoucherMoney(long Committed, long Settled, long Released, long Disbursed, long ClawedBack, long OutstandingCommitment,
    long Payable, long DisbursedNet)
{
}

/// <summary>
/// A program's money from its own accounts' transfers (of one fiscal year, or of all its years). envelope (approved +
/// topped up − reduced − returned on closing) + broughtForward = available + committed + payable + disbursed +
/// carriedForward, the program-level identity of the fund position; the last two are the year-end carry-overs
/// (chuyển nguồn) into and out of the year, and cancel out over all the program's years. <c>otherTransfers</c> counts transfers on the program's accounts
/// that are neither the envelope nor a voucher's (corrections): when it is not zero the figures need a closer look.
/// </summary>
public sealed record ProgramMoney(long Envelope, long Available, long Committed, long Payable, long Disbursed, VoucherMoney Flows, int OtherTransfers,
    long BroughtForward, long CarriedForward)
{
    /// <summary>envelope + brought forward = available + committed + payable + disbursed + carried forward.</summary>
    public bool AddsUp => Envelope + BroughtForward == Available + Committed + Payable + Disbursed + CarriedForward;
}


/// <summary>
/// Accumulates the flows of one voucher or one program from its transfers, taken in execution order (a commitment
/// before what resolves it). <paramref name="payableAccounts"/>: the payable accounts involved (a clawback out of one of
/// them came before payment). A commitment carried over to the next year (chuyển nguồn) is committed once: the
/// CarryOverRelease that ends it in the old year takes it back out of <c>committed</c>, and the new year's commitment
/// puts it in again; the CarryForward and BringForward between the years are counted on their own.
/// </summary>
internal sealed class MoneyTrail(IReadOnlySet<Guid> payableAccounts)
{
    private readonly Dictionary<Guid, long> _open = new();
    private long _envelope, _committed, _settled, _released, _disbursed, _clawedFromPayable, _clawedFromDisbursed, _broughtForward, _carriedForward;

    public int OtherTransfers { get; private set; }

    public void Add(LedgerTransfer t)
    {
        var amount = t.Amount.Dong;
        switch (t.Kind)
        {
            case TransferKind.EnvelopeApproval or TransferKind.EnvelopeTopUp: _envelope += amount; break;
            case TransferKind.EnvelopeReduction or TransferKind.EnvelopeReturn: _envelope -= amount; break;
            case TransferKind.Commitment: _committed += amount; _open[t.Id] = amount; break;
            case TransferKind.Settlement:
                _settled += amount;
                if (t.PendingId is { } posted && _open.Remove(posted, out var pending)) _released += pending - amount;
                break;
            case TransferKind.Release:
                _released += amount;
                if (t.PendingId is { } voided) _open.Remove(voided);
                break;
            case TransferKind.CarryOverRelease:
                _committed -= amount;
                if (t.PendingId is { } carried) _open.Remove(carried);
                break;
            case TransferKind.CarryForward: _carriedForward += amount; break;
            case TransferKind.BringForward: _broughtForward += amount; break;
            case TransferKind.Disbursement: _disbursed += amount; break;
            case TransferKind.Clawback:
                if (payableAccounts.Contains(t.DebitAccountId)) _clawedFromPayable += amount;
                else _clawedFromDisbursed += amount;
                break;
            default: OtherTransfers++; break;
        }
    }

    public VoucherMoney Voucher => new(_committed, _settled, _released, _disbursed, _clawedFromPayable + _clawedFromDisbursed,
        _open.Values.Sum(), _settled - _disbursed - _clawedFromPayable, _disbursed - _clawedFromDisbursed);

    public ProgramMoney Program
    {
        get
        {
            var v = Voucher;
            var available = _envelope + _broughtForward + v.ClawedBack - v.Settled - v.OutstandingCommitment - _carriedForward;
            return new ProgramMoney(_envelope, available, v.OutstandingCommitment, v.Payable, v.DisbursedNet, v, OtherTransfers, _broughtForward, _carriedForward);
        }
    }
}

/// <summary>Turns stored transfers into <see cref="TransferLine"/>s: loads the accounts they name and the commitments they post.</summary>
internal sealed class TransferLines
{
    private readonly Dictionary<Guid, AccountRef> _accounts;
    private readonly Dictionary<Guid, long> _pendingAmounts;

    private TransferLines(Dictionary<Guid, AccountRef> accounts, Dictionary<Guid, long> pendingAmounts) =>
        (_accounts, _pendingAmounts) = (accounts, pendingAmounts);

    public static async Task<TransferLines> LoadAsync(IVouchersDb db, IReadOnlyCollection<LedgerTransfer> transfers, CancellationToken ct)
    {
        var accountIds = transfers.SelectMany(t => new[] { t.DebitAccountId, t.CreditAccountId }).Distinct().ToList();
        var accounts = await db.LedgerAccounts.AsNoTracking().Where(a => accountIds.Contains(a.Id))
            .Select(a => new { a.Id, a.Code, a.Name }).ToListAsync(ct);
        var pendingIds = transfers.Where(t => t.Phase == TransferPhase.PostPending && t.PendingId != null).Select(t => t.PendingId!.Value).Distinct().ToList();
        var known = transfers.Where(t => pendingIds.Contains(t.Id)).DistinctBy(t => t.Id).ToDictionary(t => t.Id, t => t.Amount.Dong); // a start transfer is also among its voucher's
        var missing = pendingIds.Except(known.Keys).ToList();
        if (missing.Count > 0)
            foreach (var p in await db.LedgerTransfers.AsNoTracking().Where(t => missing.Contains(t.Id)).Select(t => new { t.Id, t.Amount }).ToListAsync(ct))
                known[p.Id] = p.Amount.Dong;
        return new TransferLines(accounts.ToDictionary(a => a.Id, a => new AccountRef(a.Id, a.Code.ToString(), a.Name)), known);
    }

    public TransferLine Of(LedgerTransfer t) => new(t.Id, t.Kind.ToString(), t.Phase.ToString(), t.Amount.Dong, Released(t),
        Account(t.DebitAccountId), Account(t.CreditAccountId), t.PendingId, t.CorrelationId, t.Reference, t.Reason, t.VoucherId, t.ProviderId,
        t.Timestamp, VietnamTime.Local(t.Timestamp));

    private long? Released(LedgerTransfer t) => t.ReleasedOf(t.PendingId is { } p && _pendingAmounts.TryGetValue(p, out var pending) ? pending : null);

    private AccountRef Account(Guid id) => _accounts.GetValueOrDefault(id) ?? new AccountRef(id, "?", "?");
}

/// <summary>
/// A fund's budget pool for one fiscal year: its FundBudget account's transfers in execution order, the budget decisions
/// recorded for it, and which decision each envelope drew on (<see cref="BudgetAttribution.FirstInFirstOut"/>).
/// </summary>
internal sealed class FundBudgetTrail
{
    private readonly Dictionary<Guid, BudgetAllocation> _decisionByTransfer;

    private FundBudgetTrail(Guid? budgetAccountId, IReadOnlyList<LedgerTransfer> transfers, IReadOnlyList<BudgetAllocation> decisions,
        BudgetAttribution.Result attribution)
    {
        BudgetAccountId = budgetAccountId;
        Transfers = transfers;
        Decisions = decisions;
        Attribution = attribution;
        _decisionByTransfer = decisions.ToDictionary(d => d.TransferId);
    }

    public Guid? BudgetAccountId { get; }
    public IReadOnlyList<LedgerTransfer> Transfers { get; }
    public IReadOnlyList<BudgetAllocation> Decisions { get; }
    public BudgetAttribution.Result Attribution { get; }

    public static async Task<FundBudgetTrail> LoadAsync(IVouchersDb db, Guid fundId, int fiscalYear, CancellationToken ct)
    {
        var budgetId = await db.LedgerAccounts.AsNoTracking()
            .Where(a => a.FundId == fundId && a.FiscalYear == fiscalYear && a.Code == AccountCode.FundBudget && a.ProgramId == null)
            .Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        var transfers = budgetId is not { } id ? [] : await db.LedgerTransfers.AsNoTracking()
            .Where(t => t.DebitAccountId == id || t.CreditAccountId == id).InExecutionOrder().ToListAsync(ct);
        var decisions = await db.BudgetAllocations.AsNoTracking().Where(a => a.FundId == fundId && a.FiscalYear == fiscalYear).ToListAsync(ct);
        var order = transfers.Select((t, i) => (t.Id, i)).ToDictionary(x => x.Id, x => x.i);
        decisions = decisions.OrderBy(d => order.GetValueOrDefault(d.TransferId, int.MaxValue)).ThenBy(d => d.RecordedAt).ToList();
        var attribution = BudgetAttribution.FirstInFirstOut(
            transfers.Select(t => new BudgetAttribution.Movement(t.Id, t.CreditAccountId == budgetId, t.Amount.Dong, t.Timestamp)));
        return new FundBudgetTrail(budgetId, transfers, decisions, attribution);
    }

    /// <summary>The EnvelopeApproval that funded the program (FundBudget → its ProgramBudget), if approved.</summary>
    public LedgerTransfer? EnvelopeOf(SupportProgram program) =>
        program.BudgetAccountId is { } budget ? Transfers.FirstOrDefault(t => t.Kind == TransferKind.EnvelopeApproval && t.CreditAccountId == budget) : null;

    /// <summary>
    /// Every transfer between the pool and the program's budget, in execution order: its EnvelopeApproval, then any
    /// EnvelopeTopUp, EnvelopeReduction and EnvelopeReturn (issue 16).
    /// </summary>
    public IReadOnlyList<LedgerTransfer> EnvelopeTransfersOf(SupportProgram program) =>
        program.BudgetAccountId is { } budget
            ? Transfers.Where(t => IsEnvelopeKind(t.Kind) && (t.CreditAccountId == budget || t.DebitAccountId == budget)).ToArray()
            : [];

    /// <summary>What the program's envelope drew on the pool: its approval's shares and each top-up's, oldest first.</summary>
    public IReadOnlyList<DecisionShare> EnvelopeSharesOf(SupportProgram program) =>
        EnvelopeTransfersOf(program).Where(t => t.Kind is TransferKind.EnvelopeApproval or TransferKind.EnvelopeTopUp)
            .SelectMany(t => SharesOf(t.Id)).ToArray();

    public static bool IsEnvelopeKind(TransferKind kind) =>
        kind is TransferKind.EnvelopeApproval or TransferKind.EnvelopeTopUp or TransferKind.EnvelopeReduction or TransferKind.EnvelopeReturn;

    /// <summary>The decisions (or other credits of the pool) a debit of the pool drew on, oldest first.</summary>
    public IReadOnlyList<DecisionShare> SharesOf(Guid useTransferId) =>
        Attribution.Draws.Where(d => d.UseTransferId == useTransferId).Select(d => Share(d.SourceTransferId, d.Amount)).ToArray();

    public BudgetAllocation? DecisionOf(Guid transferId) => _decisionByTransfer.GetValueOrDefault(transferId);

    public DecisionShare Share(Guid sourceTransferId, long amount)
    {
        var decision = DecisionOf(sourceTransferId);
        var kind = Transfers.FirstOrDefault(t => t.Id == sourceTransferId)?.Kind.ToString() ?? TransferKind.Allocation.ToString();
        return new DecisionShare(decision?.Id, decision?.DecisionNumber, decision?.DecisionDate, sourceTransferId, kind, amount);
    }
}
