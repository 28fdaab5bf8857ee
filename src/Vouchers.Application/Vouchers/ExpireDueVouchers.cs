using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Common;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Vouchers;

/// <summary>
/// Expires issued vouchers whose validity date has passed and releases their commitments. Run by the background
/// job; bounded per run so one transaction stays small.
/// </summary>
public sealed record ExpireDueVouchers(int MaxCount = 200) : IMoneyCommand<int>;

public sealed class ExpireDueVouchersHandler(IVouchersDb db, LedgerPostings ledger, TimeProvider clock) : IRequestHandler<ExpireDueVouchers, int>
{
    public async Task<int> Handle(ExpireDueVouchers command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = VietnamTime.Today(now);
        var due = await db.Vouchers.Where(v => v.Status == VoucherStatus.Issued && v.ValidUntil < today)
            .OrderBy(v => v.ValidUntil).Take(command.MaxCount).ToListAsync(ct);
        foreach (var v in due)
            await ledger.ExecuteAsync(v.Expire(now), ct);
        return due.Count;
    }
}
