using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Application.Enterprises;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;

namespace Vouchers.Application.Vouchers;

/// <summary>
/// Reads one voucher. It runs as a command because reading is also where expiry happens "on access": an issued
/// voucher past its date is expired (and its commitment released) before it is shown, in the same transaction.
/// </summary>
public sealed record GetVoucher(Guid VoucherId) : ICommand<VoucherDetails>;

/// <summary>
/// A voucher with its history; for the department and auditors (and the SME itself) also the enterprise's profile as it
/// applied (<c>eligibility</c>: what the program's checks and caps used), its recorded profile changes, newest first, and
/// its size declarations per fiscal year (<c>sizeDeclarations</c>).
/// A provider sees neither.
/// </summary>
public sealed record VoucherDetails(VoucherView Voucher, IReadOnlyList<VoucherTransitionView> History,
    EligibilitySnapshot? Eligibility = null, IReadOnlyList<ProfileChangeView>? ProfileChanges = null,
    IReadOnlyList<SizeDeclarationView>? SizeDeclarations = null);

/// <summary>
/// The enterprise's declaration of one fiscal year as it stands (the last applied or approved declaration of that year),
/// with the size class its figures give under Decree 80: what the reviewer compares year by year. <c>FiscalYear</c> null:
/// declared before declarations carried a year.
/// </summary>
public sealed record SizeDeclarationView(int? FiscalYear, string SizeClass, string SectorGroup, int AverageInsuredEmployees, long AnnualRevenue,
    long TotalCapital, DateTimeOffset DeclaredAt, string DeclaredBy)
{
    /// <summary>Per fiscal year, newest year first, the last declaration that took effect (applied at once or approved by a reviewer).</summary>
    public static IReadOnlyList<SizeDeclarationView> PerYear(IEnumerable<EnterpriseProfileChange> changes) => changes
        .Where(c => c.Status is EnterpriseProfileChangeStatus.Applied or EnterpriseProfileChangeStatus.Approved)
        .GroupBy(c => c.Proposed.FiscalYear)
        .Select(g => g.OrderBy(c => c.DecidedAt ?? c.At).ThenBy(c => c.Id).Last())
        .OrderByDescending(c => c.Proposed.FiscalYear ?? int.MinValue)
        .Select(c => new SizeDeclarationView(c.Proposed.FiscalYear, SmeSizeClassifier.Classify(c.Proposed.SectorGroup, c.Proposed.AverageInsuredEmployees,
            c.Proposed.AnnualRevenue, c.Proposed.TotalCapital).ToString(), c.Proposed.SectorGroup.ToString(), c.Proposed.AverageInsuredEmployees,
            c.Proposed.AnnualRevenue.Dong, c.Proposed.TotalCapital.Dong, c.DecidedAt ?? c.At, c.DeclaredBy))
        .ToArray();
}

public sealed class GetVoucherHandler(IVouchersDb db, LedgerPostings ledger, IRequestContext request, TimeProvider clock) : IRequestHandler<GetVoucher, VoucherDetails>
{
    public async Task<VoucherDetails> Handle(GetVoucher query, CancellationToken ct)
    {
        var voucher = await VoucherAccess.LoadVisibleAsync(db.Vouchers, query.VoucherId, request, ct);
        var now = clock.GetUtcNow();
        if (voucher.IsDueToExpire(now))
            await ledger.ExecuteAsync(voucher.Expire(now), ct);
        var details = new VoucherDetails(VoucherView.From(voucher, now, request.Actor), voucher.History.Select(VoucherTransitionView.Of).ToArray());
        if (request.Actor.Role == RoleNames.Provider) return details;
        var changes = await db.ProfileChanges.AsNoTracking().Where(c => c.EnterpriseId == voucher.EnterpriseId)
            .OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Take(20).ToListAsync(ct);
        var effective = await db.ProfileChanges.AsNoTracking().Where(c => c.EnterpriseId == voucher.EnterpriseId
            && (c.Status == EnterpriseProfileChangeStatus.Applied || c.Status == EnterpriseProfileChangeStatus.Approved)).ToListAsync(ct);
        return details with
        {
            Eligibility = voucher.Eligibility, ProfileChanges = changes.Select(ProfileChangeView.Of).ToArray(),
            SizeDeclarations = SizeDeclarationView.PerYear(effective),
        };
    }
}
