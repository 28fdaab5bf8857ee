using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Vouchers.Infrastructure.Persistence;

namespace Vouchers.Testing;

/// <summary>
/// Stops the service at the seal's critical section, after the save has written everything else. On SQLite and SQL
/// Server that is the read of the head (the statement that starts with <see cref="VouchersDbContext.ChainHeadTag"/> and
/// reads <c>ChainLinks</c>); on PostgreSQL, which seals inside COMMIT (ADR 0022), it is the COMMIT of a
/// transaction that staged records for the seal (<see cref="VouchersDbContext.SealAtCommitTag"/>). Armed for one
/// statement of the chosen step, it runs the test's action before that statement is sent (hold it there, fail it, kill
/// its connection); every other statement passes untouched.
/// </summary>
public sealed class ChainHeadInterceptor : DbCommandInterceptor
{
    public enum Step { ReadHead, Commit }

    /// <summary>The step at which a save's work is written and its seal not yet begun, on the provider under test.</summary>
    public static Step BeforeTheSeal => TestDatabase.Provider == DatabaseProvider.PostgreSql ? Step.Commit : Step.ReadHead;

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbTransaction, object> _staged = new();

    public ChainHeadInterceptor() => Commits = new CommitGate(this);

    /// <summary>The commits of transactions that staged a seal (PostgreSQL), for <see cref="Step.Commit"/>.</summary>
    public DbTransactionInterceptor Commits { get; }

    private sealed class CommitGate(ChainHeadInterceptor owner) : DbTransactionInterceptor
    {
        public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default)
        {
            if (owner._staged.Remove(transaction) && owner.Take(Step.Commit) is { } action)
                await action(transaction.Connection!.CreateCommand());
            return result;
        }
    }

    private readonly Lock _gate = new();
    private (Step Step, Func<DbCommand, Task> Action)? _armed;

    /// <summary>The next statement of <paramref name="step"/>, whichever request sends it, runs <paramref name="action"/> first.</summary>
    public void Arm(Step step, Func<DbCommand, Task> action)
    {
        lock (_gate) _armed = (step, action);
    }

    /// <summary>Whether the armed action is still waiting for its statement.</summary>
    public bool IsArmed
    {
        get { lock (_gate) return _armed is not null; }
    }

    private Func<DbCommand, Task>? Take(DbCommand command)
    {
        if (command.CommandText.StartsWith("-- " + VouchersDbContext.SealAtCommitTag, StringComparison.Ordinal) && command.Transaction is { } tx)
            _staged.AddOrUpdate(tx, this);
        return command.CommandText.StartsWith("-- " + VouchersDbContext.ChainHeadTag, StringComparison.Ordinal) &&
               command.CommandText.Contains("ChainLinks", StringComparison.Ordinal) ? Take(Step.ReadHead) : null;
    }

    private Func<DbCommand, Task>? Take(Step step)
    {
        lock (_gate)
        {
            if (_armed is not { } armed || armed.Step != step) return null;
            _armed = null;
            return armed.Action;
        }
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Take(command) is { } action) await action(command);
        return result;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (Take(command) is { } action) await action(command);
        return result;
    }
}

/// <summary>The test service with a <see cref="ChainHeadInterceptor"/> on every context it makes.</summary>
public class ChainHeadGatedFactory : ApiFactory
{
    public ChainHeadInterceptor ChainHead { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.ConfigureDbContext<VouchersDbContext>(o => o.AddInterceptors(ChainHead, ChainHead.Commits)));
    }
}
