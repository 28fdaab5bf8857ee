using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Programs;

namespace Vouchers.Application.Trace;

/// <summary>
/// A program in a trace: its envelope, the decision that approved it and the EnvelopeApproval transfer, the budget
/// decisions the envelope (its approval and any top-ups) drew on (<see cref="AttributionRule"/>), how many vouchers moved money, its money from
/// its own accounts, and the finance decisions that changed the envelope since (<c>envelopeChanges</c>: EnvelopeTopUp,
/// EnvelopeReduction and EnvelopeReturn transfers, in execution order).
/// </summary>
public sealed record ProgramSummary(Guid Id, string Code, string Name, string Status, long Envelope, string? EnvelopeDecisionNumber,
    DateOnly? EnvelopeDecisionDate, TransferLine? EnvelopeApproval, IReadOnlyList<DecisionShare> FundedBy, int Vouchers, ProgramMoney Money,
    IReadOnlyList<TransferLine> EnvelopeChanges);

/// <summary>
/// The money of programs, read by streaming their accounts' transfers in execution order (one row in memory at a
/// time, plus the commitments still open). Two sums per program: every transfer on its accounts, and only the
/// transfers that name a voucher, so a trace can show that its vouchers add up to the program.
/// </summary>
internal static class ProgramTrails
{
    public sealed record Trails(MoneyTrail All, MoneyTrail VouchersOnly);

    /// <param name="fiscalYear">The year whose accounts are read (a fund's year: a program's own, or one its commitments
    /// were carried into); null for all the program's years.</param>
    public static async Task<IReadOnlyDictionary<Guid, Trails>> LoadAsync(IVouchersDb db, IReadOnlyCollection<SupportProgram> programs, int? fiscalYear,
        CancellationToken ct)
    {
        var programIds = programs.Select(p => p.Id).ToList();
        var accounts = await db.LedgerAccounts.AsNoTracking()
            .Where(a => a.ProgramId != null && programIds.Contains(a.ProgramId.Value) && (fiscalYear == null || a.FiscalYear == fiscalYear))
            .Select(a => new { a.Id, a.Code, ProgramId = a.ProgramId!.Value }).ToListAsync(ct);
        var payables = accounts.Where(a => a.Code == AccountCode.ProgramPayable).Select(a => a.Id).ToHashSet();
        var trails = programs.ToDictionary(p => p.Id, p => new Trails(new MoneyTrail(payables), new MoneyTrail(payables)));
        var owner = accounts.ToDictionary(a => a.Id, a => a.ProgramId);
        if (owner.Count == 0) return trails;

        var ids = owner.Keys.ToList();
        var transfers = db.LedgerTransfers.AsNoTracking().Where(t => ids.Contains(t.DebitAccountId) || ids.Contains(t.CreditAccountId))
            .InExecutionOrder().AsAsyncEnumerable();
        await foreach (var t in transfers.WithCancellation(ct))
        {
            var program = owner.TryGetValue(t.CreditAccountId, out var c) ? c : owner[t.DebitAccountId];
            trails[program].All.Add(t);
            if (t.VoucherId is not null) trails[program].VouchersOnly.Add(t);
        }
        return trails;
    }

    /// <summary>Vouchers of each program that moved money (they have a commitment), by program.</summary>
    public static async Task<IReadOnlyDictionary<Guid, int>> VoucherCountsAsync(IVouchersDb db, IReadOnlyCollection<Guid> programIds, CancellationToken ct) =>
        await db.Vouchers.AsNoTracking().Where(v => programIds.Contains(v.ProgramId) && v.CommitmentTransferId != null)
            .GroupBy(v => v.ProgramId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    public static async Task<ProgramSummary> SummaryAsync(IVouchersDb db, SupportProgram p, FundBudgetTrail fund, Trails trails, int vouchers,
        CancellationToken ct)
    {
        var lines = await TransferLines.LoadAsync(db, fund.EnvelopeTransfersOf(p), ct);
        return Summary(p, fund, lines, trails, vouchers);
    }

    public static ProgramSummary Summary(SupportProgram p, FundBudgetTrail fund, TransferLines lines, Trails trails, int vouchers)
    {
        var envelope = fund.EnvelopeOf(p);
        return new(p.Id, p.Code, p.Name, p.Status.ToString(), p.Envelope.Dong, p.EnvelopeDecisionNumber, p.EnvelopeDecisionDate,
            envelope is null ? null : lines.Of(envelope), envelope is null ? [] : fund.EnvelopeSharesOf(p), vouchers, trails.All.Program,
            fund.EnvelopeTransfersOf(p).Where(t => t.Kind != TransferKind.EnvelopeApproval).Select(lines.Of).ToArray());
    }
}
