using MediatR;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Abstractions;

/// <summary>Marker of every command (the transaction behaviour looks for it).</summary>
public interface ICommandRequest;

/// <summary>A request that changes state. Runs in one database transaction (retried on optimistic-concurrency conflicts).</summary>
public interface ICommand<out TResult> : IRequest<TResult>, ICommandRequest;

/// <summary>Marker of every command that moves money (or fixes an amount that will move).</summary>
public interface IMovesMoney;

/// <summary>
/// A command that moves money. Sent from an HTTP request it runs only under a claimed Idempotency-Key: the
/// transaction behaviour refuses it otherwise, so an endpoint that forgets <c>.Idempotent()</c> fails loudly.
/// See docs/decisions/0004.
/// </summary>
public interface IMoneyCommand<out TResult> : ICommand<TResult>, IMovesMoney;

/// <summary>A read. No transaction, no tracking.</summary>
public interface IQuery<out TResult> : IRequest<TResult>;

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
}
