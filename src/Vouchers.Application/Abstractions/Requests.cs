using MediatR;

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
