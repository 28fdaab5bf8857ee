using Vouchers.Domain.Common;

namespace Vouchers.Application.Abstractions;

/// <summary>
/// Who is calling (the authenticated <see cref="Caller"/>), the role this request acts in (<see cref="Actor"/>,
/// recorded on history and ledger) and the correlation id carried onto every ledger transfer the request makes.
/// </summary>
public interface IRequestContext
{
    Caller Caller { get; }
    Actor Actor { get; }
    Guid CorrelationId { get; }

    /// <summary>
    /// For the audit trail: the object this request turned out to concern when its route does not name it (a scanned
    /// QR names its voucher), and why an answer that is not an error still refused something (an invalid scan).
    /// </summary>
    void Concerns(string objectType, Guid? id, string? reasonCode = null, string? reason = null);

    /// <summary>
    /// For the audit trail: what a command that succeeded changed, when its line must say more than that it ran (an
    /// enterprise profile: every field with its old and new value). Written with the command's own line, in its transaction.
    /// </summary>
    void Describes(string code, string detail);

    /// <summary>
    /// For the audit trail: the province of what this request concerned (a voucher's, an enterprise's), so that the
    /// line of an SME, a provider or a national officer joins that province's trail. The first noted wins.
    /// </summary>
    void InProvince(string provinceCode);
}
