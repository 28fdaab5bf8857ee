using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;

namespace Vouchers.Application.Abstractions;

/// <summary>The roles of the service. A token may carry several; every endpoint acts in exactly one.</summary>
public enum Role { Sme = 1, Reviewer = 2, Finance = 3, Provider = 4, Auditor = 5, Admin = 6 }

/// <summary>Role names as constants, for switches on the acting role (<see cref="Actor.Role"/>).</summary>
public static class RoleNames
{
    public const string Sme = "sme", Reviewer = "reviewer", Finance = "finance", Provider = "provider", Auditor = "auditor", Admin = "admin";
}

public static class Roles
{
    /// <summary>The name used in policies, in the actor recorded on history and ledger, and (by default) in tokens.</summary>
    public static string Name(this Role role) => role switch
    {
        Role.Sme => RoleNames.Sme, Role.Reviewer => RoleNames.Reviewer, Role.Finance => RoleNames.Finance,
        Role.Provider => RoleNames.Provider, Role.Auditor => RoleNames.Auditor, Role.Admin => RoleNames.Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static string Vi(this Role role) => role switch
    {
        Role.Sme => "Doanh nghiệp", Role.Reviewer => "Sở Khoa học và Công nghệ (thẩm định, nghiệm thu)",
        Role.Finance => "Sở Tài chính", Role.Provider => "Nhà cung cấp dịch vụ", Role.Auditor => "Kiểm toán, thanh tra",
        Role.Admin => "Quản trị danh mục",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static readonly IReadOnlyList<Role> All = Enum.GetValues<Role>();
}

/// <summary>
/// Who is calling, as the identity provider vouched for it: the subject, the roles, and the organisation the user
/// is bound to (an SME user to one tax code, a provider user to one provider). Built from the token's claims by the
/// API; the application decides ownership and segregation of duties from it. A staff user is bound to a province
/// (<paramref name="ProvinceCode"/>) or holds the national scope (<paramref name="NationalScope"/>): see <see cref="ProvinceScope"/>.
/// </summary>
public sealed record Caller(string Subject, string? Name, IReadOnlySet<Role> Roles, TaxCode? TaxCode, Guid? ProviderId,
    string? ProvinceCode = null, bool NationalScope = false)
{
    /// <summary>
    /// The longest subject the service can keep: it is stored in 200 characters (history, budget decisions, the audit
    /// trail) and the idempotency scope <c>{role}:{subject}</c> must fit in 200 too, with "reviewer:" or "provider:".
    /// </summary>
    public const int MaxSubjectLength = 200 - 9;

    /// <summary>The longest display name the service keeps (the audit trail's column).</summary>
    public const int MaxNameLength = 200;

    /// <summary>No token (public endpoints).</summary>
    public static readonly Caller Anonymous = new("anonymous", null, new HashSet<Role>(), null, null);

    /// <summary>The service itself: background jobs and seeding.</summary>
    public static readonly Caller System = new(Actor.System.Subject, "system", new HashSet<Role>(), null, null);
}
