using Vouchers.Domain.Common;

namespace Vouchers.Application.Abstractions;

/// <summary>
/// The thing exists but is not the caller's to see (<c>VoucherAccess</c>). Answered exactly
/// like one that does not exist, so that nobody learns by guessing ids what exists; the API's mapping tells the audit
/// trail which it was (<c>access.not-visible</c>).
/// </summary>
public sealed class NotVisibleException(string what, object id) : NotFoundException(what, id);
