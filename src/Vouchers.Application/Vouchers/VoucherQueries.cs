using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Vouchers;

internal static class VoucherQueries
{
    /// <summary>
    /// Σ <see cref="VoucherLifecycle.AmountHeld"/> of an enterprise's vouchers in a program that count against its cap:
    /// the enterprise is its 10-digit head-office tax code, so its branches' vouchers count with its own.
    /// </summary>
    public static async Task<Money> HeldByEnterpriseAsync(IVouchersDb db, string headOfficeTaxCode, Guid programId, Guid? except, CancellationToken ct)
    {
        var counted = VoucherLifecycle.CountsAgainstSmeCap.ToList();
        var rows = await db.Vouchers.AsNoTracking()
            .Where(v => v.HeadOfficeTaxCode == headOfficeTaxCode && v.ProgramId == programId && counted.Contains(v.Status) && v.Id != except)
            .Select(v => new { v.FaceValue, v.ProposedAmount, v.RequestedAmount })
            .ToListAsync(ct);
        return rows.Aggregate(Money.Zero, (sum, r) => sum + VoucherLifecycle.AmountHeld(r.FaceValue, r.ProposedAmount, r.RequestedAmount));
    }

    /// <summary>
    /// The face value of the enterprise's other vouchers in the program (still counting against its cap) that
    /// <paramref name="officer"/> issued on a single approval: what the four-eyes threshold adds a new approval to.
    /// </summary>
    public static async Task<Money> ApprovedAloneAsync(IVouchersDb db, string headOfficeTaxCode, Guid programId, Guid except, string officer, CancellationToken ct)
    {
        var counted = VoucherLifecycle.CountsAgainstSmeCap.ToList();
        var faces = await db.Vouchers.AsNoTracking()
            .Where(v => v.HeadOfficeTaxCode == headOfficeTaxCode && v.ProgramId == programId && counted.Contains(v.Status) && v.Id != except
                        && v.History.Any(h => h.Trigger == VoucherTrigger.Approve && h.To == VoucherStatus.Issued && h.ActorSubject == officer)
                        && !v.History.Any(h => h.To == VoucherStatus.AwaitingSecondApproval))
            .Select(v => v.FaceValue)
            .ToListAsync(ct);
        return faces.Aggregate(Money.Zero, (sum, f) => sum + (f ?? Money.Zero));
    }

    /// <summary>Whether any of the enterprise's applications or vouchers is still open (<see cref="VoucherLifecycle.Open"/>).</summary>
    public static Task<bool> HasOpenVouchersAsync(IVouchersDb db, Guid enterpriseId, CancellationToken ct)
    {
        var open = VoucherLifecycle.Open.ToList();
        return db.Vouchers.AnyAsync(v => v.EnterpriseId == enterpriseId && open.Contains(v.Status), ct);
    }
}
