using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Vouchers;

/// <summary>
/// Ownership of vouchers (no broken object-level authorisation): who may see or act on a voucher, by the role the
/// request acts in. The one place that says it, for a single voucher and for lists. A voucher the caller may not
/// see is answered exactly like one that does not exist.
/// <list type="bullet">
/// <item>SME: only its own enterprise's vouchers (the tax code its token is bound to).</item>
/// <item>Provider: only vouchers it redeemed; any other only while presenting its current signed QR token (to verify or
/// redeem it: whoever holds the token was shown the voucher), and only once it was issued (an application still under
/// review has no token).</item>
/// <item>Reviewer, finance and auditor: every voucher of their province (every voucher with the national scope); the
/// database's province filter says the same for every query (<see cref="ProvinceScope"/>).</item>
/// <item>The system: every voucher.</item>
/// <item>Anyone else (administrator, public): none.</item>
/// </list>
/// </summary>
public static class VoucherAccess
{
    /// <summary>The voucher by id if the caller may see it; otherwise the same 404 as for one that does not exist.</summary>
    public static async Task<Voucher> LoadVisibleAsync(IQueryable<Voucher> vouchers, Guid id, IRequestContext request, CancellationToken ct)
    {
        var voucher = await vouchers.FirstOrDefaultAsync(v => v.Id == id, ct) ?? throw new NotFoundException("voucher", id);
        EnsureVisible(voucher, request);
        return voucher;
    }

    public static void EnsureVisible(Voucher voucher, IRequestContext request, bool presentingVoucher = false)
    {
        request.InProvince(voucher.ProvinceCode); // the audit line joins the voucher's province's trail

        if (!IsVisible(voucher, request.Actor.Role, request.Caller, presentingVoucher))
            throw new NotVisibleException("voucher", voucher.Id);
    }

    public static bool IsVisible(Voucher voucher, string actingRole, Caller caller, bool presentingVoucher = false) => Scope(actingRole) switch
    {
        Reach.OwnEnterprise => caller.TaxCode is { } taxCode && voucher.EnterpriseTaxCode == taxCode,
        Reach.OwnRedemptions => caller.ProviderId is { } providerId
                                && (voucher.ProviderId == providerId || (presentingVoucher && voucher.IssuedAt is not null)),
        Reach.All => ProvinceScope.LimitOf(actingRole, caller) is not { } limit || voucher.ProvinceCode == limit,
        _ => false,
    };

    /// <summary>The vouchers the caller may list (a provider lists only what it redeemed; presenting is one voucher at a time).</summary>
    public static IQueryable<Voucher> Visible(IQueryable<Voucher> vouchers, IRequestContext request)
    {
        var caller = request.Caller;
        return Scope(request.Actor.Role) switch
        {
            Reach.OwnEnterprise when caller.TaxCode is { } own => vouchers.Where(v => v.EnterpriseTaxCode == own),
            Reach.OwnRedemptions when caller.ProviderId is { } mine => vouchers.Where(v => v.ProviderId == mine),
            Reach.All => vouchers,
            _ => vouchers.Where(_ => false),
        };
    }

    private enum Reach { None, OwnEnterprise, OwnRedemptions, All }

    private static Reach Scope(string actingRole) => actingRole switch
    {
        RoleNames.Sme => Reach.OwnEnterprise,
        RoleNames.Provider => Reach.OwnRedemptions,
        RoleNames.Reviewer or RoleNames.Finance or RoleNames.Auditor => Reach.All,
        _ when actingRole == Actor.System.Role => Reach.All,
        _ => Reach.None,
    };
}
