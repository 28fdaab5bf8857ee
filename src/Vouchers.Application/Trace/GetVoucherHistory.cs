using Vouchers.Domain.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Application.Vouchers;

namespace Vouchers.Application.Trace;

/// <summary>
/// A voucher's full history for auditors: every transition (from, to, trigger, who in which role, when in UTC and in
/// Vietnam, why) with the ledger entries it made, accounts named. A read: unlike <c>GetVoucher</c> it does not expire
/// an issued voucher past its date; it shows what is stored.
/// </summary>
public sealed record GetVoucherHistory(Guid VoucherId) : IQuery<VoucherHistory>;

/// <param name="UnlinkedTransfers">Transfers naming the voucher that no transition names (none is expected; listed so nothing is hidden).</param>
public sealed record VoucherHistory(Guid VoucherId, string Code, string Status, Guid ProgramId, string ProgramCode, string TimeZone,
    IReadOnlyList<HistoryLine> Transitions, IReadOnlyList<TransferLine> UnlinkedTransfers);

public sealed record HistoryLine(int Sequence, string? From, string To, string? Trigger, string ActorSubject, string ActorRole, DateTimeOffset At,
    DateTimeOffset AtLocal, string? Reason, Guid? TransferId, IReadOnlyList<TransferLine> Entries);

public sealed class GetVoucherHistoryHandler(IVouchersDb db, IRequestContext request) : IRequestHandler<GetVoucherHistory, VoucherHistory>
{
    public async Task<VoucherHistory> Handle(GetVoucherHistory q, CancellationToken ct)
    {
        var voucher = await VoucherAccess.LoadVisibleAsync(db.Vouchers.AsNoTracking(), q.VoucherId, request, ct);
        var program = await db.Programs.AsNoTracking().Where(p => p.Id == voucher.ProgramId).Select(p => p.Code).FirstAsync(ct);
        var transfers = await db.LedgerTransfers.AsNoTracking().Where(t => t.VoucherId == voucher.Id).InExecutionOrder().ToListAsync(ct);
        var named = voucher.History.Where(h => h.TransferId != null).Select(h => h.TransferId!.Value).ToHashSet();
        var missing = named.Except(transfers.Select(t => t.Id)).ToList(); // a transition's transfer that does not name the voucher
        if (missing.Count > 0) transfers.AddRange(await db.LedgerTransfers.AsNoTracking().Where(t => missing.Contains(t.Id)).ToListAsync(ct));
        var lines = await TransferLines.LoadAsync(db, transfers, ct);
        var byId = transfers.ToDictionary(t => t.Id);

        var history = voucher.History.OrderBy(h => h.Sequence).Select(h => new HistoryLine(h.Sequence, h.From?.ToString(), h.To.ToString(),
            h.Trigger?.ToString(), h.ActorSubject, h.ActorRole, h.At, VietnamTime.Local(h.At), h.Reason, h.TransferId,
            h.TransferId is { } id && byId.TryGetValue(id, out var t) ? [lines.Of(t)] : [])).ToArray();
        var unlinked = transfers.Where(t => !named.Contains(t.Id)).Select(lines.Of).ToArray();
        return new VoucherHistory(voucher.Id, voucher.Code, voucher.Status.ToString(), voucher.ProgramId, program, VietnamTime.ZoneName, history, unlinked);
    }
}
