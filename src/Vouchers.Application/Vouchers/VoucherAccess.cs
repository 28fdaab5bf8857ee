using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Vouchers;

/// <summary>
/// Ownership of vouchers (no broken object-level authorisation): who may see or act on a voucher, by the role the
/// request acts in. A voucher the caller may not see is answered exactly like one that does not exist.
/// <list type="bullet">
/// <item>SME: only its own enterprise's vouchers (the tax code its token is bound to).</item>
/// <item>Provider: only vouchers it redeemed; an unredeemed one only when presenting it to redeem it, and only once it
/// was issued (an application still under review is nobody's to present).</item>
/// <item>Reviewer, finance, auditor and the system: every voucher.</item>
/// <item>Anyone else (administrator, public): none.</item>
/// </list>
/// </summary>
public static class VoucherAccess
{
    public static void EnsureVisible(Voucher voucher, IRequestContext request, bool presentingVoucher = false)
    {
        if (!IsVisible(voucher, request.Actor.Role, request.Caller, presentingVoucher))
            throw new NotFoundException("voucher", voucher.Id, hiddenFromCaller: true);
    }

    public static bool IsVisible(Voucher voucher, string actingRole, Caller caller, bool presentingVoucher = false) => actingRole switch
    {
        RoleNames.Sme => caller.TaxCode is { } taxCode && voucher.EnterpriseTaxCode == taxCode,
        RoleNames.Provider => caller.ProviderId is { } providerId && (voucher.ProviderId == providerId || (presentingVoucher && voucher.ProviderId is null && voucher.IssuedAt is not null)),
        RoleNames.Reviewer or RoleNames.Finance or RoleNames.Auditor => true,
        _ => actingRole == Actor.System.Role,
    };
}
