using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace Vouchers.Infrastructure.Persistence;

/// <summary>
/// SQLite has one writer at a time. When a write finds the database busy, Microsoft.Data.Sqlite retries it after
/// <c>Thread.Sleep(150)</c>: the thread-pool thread is blocked, the database may sit idle for most of those 150 ms, and
/// with a few such sleepers on two cores the pool starves — under load a write waited up to a second and more for its
/// turn (issue 19: p99 1.1–1.5 s at 8 clients on SQLite, the machine a third idle). This queue gives the process's
/// writers — a command's transaction (TransactionBehavior), a save outside one (VouchersDbContext.SaveChangesAsync:
/// an idempotency claim, an audit line), the idempotency store's release — their turn in the order they asked, awaited
/// without blocking a thread, and handed on the moment the previous writer commits or rolls back. Reads never queue
/// (WAL: they do not wait for the writer). Another process on the same file (the command line, a second instance) still
/// meets SQLite's own locking and the retries, as before. One queue per database file in the process.
/// </summary>
public sealed class SqliteWriterQueue
{
    private static readonly ConcurrentDictionary<string, SqliteWriterQueue> Files = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _turn = new(1, 1); // its async waiters are released in the order they began to wait

    /// <summary>The queue of the SQLite file <paramref name="db"/> is connected to.</summary>
    public static SqliteWriterQueue For(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return Files.GetOrAdd(db.Database.GetDbConnection().DataSource, _ => new SqliteWriterQueue());
    }

    /// <summary>
    /// On SQLite, waits for the turn of <paramref name="db"/>'s file; on any other provider, null at once (their writers
    /// do not exclude each other). Disposing the result gives the turn to the next writer.
    /// </summary>
    public static async Task<IDisposable?> TurnAsync(DbContext db, CancellationToken ct) =>
        db.Database.IsSqlite() ? await For(db).EnterAsync(ct) : null;

    /// <summary>Waits for this writer's turn; disposing the result gives the turn to the next.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        await _turn.WaitAsync(ct);
        return new Turn(_turn);
    }

    private sealed class Turn(SemaphoreSlim turn) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) turn.Release();
        }
    }
}
