using System.Data.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Audit;
using Vouchers.Infrastructure.Audit;
using Vouchers.Infrastructure.Idempotency;

namespace Vouchers.Infrastructure.Persistence;

/// <summary>
/// One transaction per command: handler, ledger transfers, aggregate changes and the idempotent answer are saved and
/// committed together or not at all. A lost optimistic-concurrency race (a concurrent approval changed the same budget
/// account, two providers redeemed one voucher, a pending transfer was resolved twice) rolls back and re-runs the
/// whole command against fresh data, up to <see cref="MaxAttempts"/> times.
/// </summary>
public sealed class TransactionBehavior<TRequest, TResponse>(VouchersDbContext db, IIdempotencyStore idempotency, RequestContext caller,
    AuditTrail audit, ILogger<TransactionBehavior<TRequest, TResponse>> log) : IPipelineBehavior<TRequest, TResponse>
{
    public const int MaxAttempts = 8;

    public async Task<TResponse> Handle(TRequest request, CancellationToken ct, RequestHandlerDelegate<TResponse> next)
    {
        if (request is IMovesMoney && caller.IsHttpRequest && !idempotency.IsClaimed)
            throw new InvalidOperationException($"{typeof(TRequest).Name} moves money but its endpoint does not require an Idempotency-Key (add .Idempotent()).");
        if (request is not ICommandRequest) return await next();
        if (db.Database.CurrentTransaction is not null)
        {
            var inner = await next(); // part of a unit of work someone else commits (the demo seed)
            Record(request, inner);
            return inner;
        }
        for (var attempt = 1; ; attempt++)
        {
            // SQLite: this process's writers take their turn in order (SqliteWriterQueue) instead of sleeping on a busy database
            using var turn = await SqliteWriterQueue.TurnAsync(db, ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                // No global lock here: the command's reads and work run beside every other command's. The chain head is
                // queued for by the save, after its rows are written, for the links and the commit only; a contended budget
                // is waited for on its own accounts' rows (VouchersDbContext.LedgerAccountsForUpdateAsync). See ADR 0017.
                var result = await next();
                await idempotency.CompleteAsync(result, ct);
                Record(request, result);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                caller.AuditRecorded = true;
                return result;
            }
            catch (Exception ex) when (IsRetryable(ex))
            {
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                turn?.Dispose(); // not held through the pause before the re-run
                if (attempt >= MaxAttempts) throw new ConcurrencyConflictException(attempt);
                log.LogInformation("{Command} lost a concurrency race (attempt {Attempt}): {Reason}", typeof(TRequest).Name, attempt, ex.GetType().Name);
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), ct);
            }
            catch
            {
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                throw;
            }
        }
    }

    // The command's audit line, saved with its changes (never one without the other).
    private void Record(TRequest request, TResponse result) =>
        db.AuditTrail.Add(audit.Entry(caller, typeof(TRequest).Name, AuditTrail.TargetOf(request!, result), AuditOutcome.Succeeded,
            reasonCode: caller.DescribedChange?.Code, reason: caller.DescribedChange?.Detail));

    /// <summary>
    /// Conflicts worth re-running: optimistic-concurrency failures, unique-index races (the re-run sees the winner
    /// and answers with the business error), SQLite busy/locked, PostgreSQL serialization failure and deadlock, SQL Server
    /// deadlock, snapshot update conflict and refused application lock (<see cref="SqlServerErrors"/>).
    /// </summary>
    private static bool IsRetryable(Exception ex) => ex switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: DbException inner } => IsRetryableDb(inner) || IsUniqueViolation(inner),
        DbException db => IsRetryableDb(db),
        _ => false,
    };

    private static bool IsRetryableDb(DbException ex) =>
        ex.SqlState is "40001" or "40P01" || (ex.GetType().Name == "SqliteException" && ex.ErrorCode is 5 or 6) || SqlServerErrors.IsRetryable(ex);

    private static bool IsUniqueViolation(DbException ex) =>
        ex.SqlState == "23505" || (ex.GetType().Name == "SqliteException" && ex.Message.Contains("UNIQUE constraint failed", StringComparison.Ordinal))
        || SqlServerErrors.IsUniqueViolation(ex);
}
