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
/// applied (<c>eligibility</c>: what the program's checks and caps used) and its recorded profile changes, newest first.
/// A provider sees neither.
/// </summary>
public sealed record VoucherDetails(VoucherView Voucher, IReadOnlyList<VoucherTransitionView> History,
    EligibilitySnapshot? Eligibility = null, IReadOnlyList<ProfileChangeView>? ProfileChanges = null);

public sealed class GetVoucherHandler(IVouchersDb db, LedgerPostings ledger, IRequestContext request, TimeProvider clock) : IRequestHandler<GetVoucher, VoucherDetails>
{
    public async Task<VoucherDetails> Handle(GetVoucher query, CancellationToken ct)
    {
        var voucher = await VoucherAccess.LoadVisibleAsync(db.Vouchers, query.VoucherId, request, ct);
        var now = clock.GetUtcNow();
        if (voucher.IsDueToExpire(now))
            await ledger.ExecuteAsync(voucher.Expire(now), ct);
        var details = new VoucherDetails(VoucherView.From(voucher, now), voucher.History.Select(VoucherTransitionView.Of).ToArray());
        if (request.Actor.Role == RoleNames.Provider) return details;
        var changes = await db.ProfileChanges.AsNoTracking().Where(c => c.EnterpriseId == voucher.EnterpriseId)
            .OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Take(20).ToListAsync(ct);
        return details with { Eligibility = voucher.Eligibility, ProfileChanges = changes.Select(ProfileChangeView.Of).ToArray() };
    }
}
