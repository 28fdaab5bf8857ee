using Vouchers.Domain.Common;

namespace Vouchers.Application.Abstractions;

/// <summary>
/// Provinces as tenants (docs/decisions/0014): the staff roles — reviewer, finance, auditor, administrator — act for one
/// province, the one their token names, unless the token names the national scope (a Ministry auditor). The one place
/// that says which province a request is limited to; the database applies it to every query of funds, budget
/// decisions, programs, vouchers, profile changes and the audit trail, and the few reads that go around those (the
/// ledger journal) ask <see cref="LimitOf"/> themselves. SMEs, providers, the public and the service itself are not
/// limited by province: who owns what (<c>VoucherAccess</c>) limits them.
/// </summary>
public static class ProvinceScope
{
    /// <summary>The roles that act for a province.</summary>
    public static bool IsStaff(Role role) => role is Role.Reviewer or Role.Finance or Role.Auditor or Role.Admin;

    /// <summary>The same, by the role's name (the acting role of a request, a role in a token).</summary>
    public static bool IsStaff(string roleName) => Roles.All.Any(r => IsStaff(r) && r.Name() == roleName);

    /// <summary>
    /// The province code this request may see and act in, or null when it is not limited by province (national scope,
    /// or a role that is not staff). A staff caller with neither a province nor the national scope — which the role
    /// policies refuse before any handler runs — is limited to <see cref="Nowhere"/>, so that it sees nothing.
    /// </summary>
    public static string? LimitOf(IRequestContext request) => LimitOf(request.Actor.Role, request.Caller);

    public static string? LimitOf(string actingRole, Caller caller) =>
        !IsStaff(actingRole) || caller.NationalScope ? null : caller.ProvinceCode ?? Nowhere;

    /// <summary>The name of the database's query filter that applies <see cref="LimitOf"/>.</summary>
    public const string FilterName = "province";

    /// <summary>
    /// A query of every province's rows whatever the request's scope: for readers of the one chain (the verifier) whose
    /// answer is about the whole ledger, and for the service's own bookkeeping (which province's trail a refused
    /// request's audit line joins); never for answers that show rows to a caller.
    /// </summary>
    public static IQueryable<T> AcrossProvinces<T>(this IQueryable<T> query) where T : class =>
        Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.IgnoreQueryFilters(query, [FilterName]);

    /// <summary>A province code no row carries.</summary>
    public const string Nowhere = "(none)";

    /// <summary>
    /// For a command that names a province (a new fund, a provider's accreditation): refused with 403
    /// <c>province.out-of-scope</c> when the acting officer is limited to another one.
    /// </summary>
    public static void EnsureWithin(IRequestContext request, string provinceCode)
    {
        var limit = LimitOf(request);
        var code = Province.FromCode(provinceCode).Code;
        if (limit is not null && limit != code)
            throw new OutOfProvinceException(code, limit);
    }
}

/// <summary>An officer of one province tried to act in another (403 <c>province.out-of-scope</c>).</summary>
public sealed class OutOfProvinceException(string provinceCode, string scope)
    : DomainException("province.out-of-scope", $"An officer of {Name(scope)} cannot act in {Name(provinceCode)}.")
{
    public string ProvinceCode { get; } = provinceCode;

    private static string Name(string code) => code == ProvinceScope.Nowhere ? "no province" : Province.FromCode(code).Name;
}

/// <summary>The ledger's rows carry no province; a transfer belongs to the province of the fund its accounts belong to.</summary>
public static class LedgerScope
{
    /// <summary>
    /// The transfers the request may see: all of them when it is not limited by province, otherwise those whose debit
    /// or credit account belongs to a fund the request sees (the fund filter applies inside the subquery).
    /// </summary>
    public static IQueryable<Domain.Ledger.LedgerTransfer> VisibleTransfers(IVouchersDb db, IRequestContext request) =>
        ProvinceScope.LimitOf(request) is null
            ? db.LedgerTransfers
            : db.LedgerTransfers.Where(t => db.LedgerAccounts.Any(a => (a.Id == t.DebitAccountId || a.Id == t.CreditAccountId)
                                                                    && db.Funds.Any(f => f.Id == a.FundId)));
}
