using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Vouchers;

internal static class VoucherQueries
{
    /// <summary>Σ <see cref="VoucherLifecycle.AmountHeld"/> of an SME's vouchers in a program that count against its cap.</summary>
    public static async Task<Money> HeldByEnterpriseAsync(IVouchersDb db, Guid enterpriseId, Guid programId, Guid? except, CancellationToken ct)
    {
        var counted = VoucherLifecycle.CountsAgainstSmeCap.ToList();
        var rows = await db.Vouchers.AsNoTracking()
            .Where(v => v.EnterpriseId == enterpriseId && v.ProgramId == programId && counted.Contains(v.Status) && v.Id != except)
            .Select(v => new { v.FaceValue, v.ProposedAmount, v.RequestedAmount })
            .ToListAsync(ct);
        return rows.Aggregate(Money.Zero, (sum, r) => sum + VoucherLifecycle.AmountHeld(r.FaceValue, r.ProposedAmount, r.RequestedAmount));
    }
}
