using Microsoft.EntityFrameworkCore;
using Vouchers.Infrastructure.Persistence;

namespace Vouchers.Infrastructure.Tests.Persistence;

/// <summary>The SQLite writers' queue (issue 19): one per file, one writer at a time, in the order they asked.</summary>
public sealed class SqliteWriterQueueTests
{
    private static VouchersDbContext Context(string file) => new(new DbContextOptionsBuilder<VouchersDbContext>().UseSqlite($"Data Source={file}").Options);

    [Fact]
    public void One_queue_per_file()
    {
        var a = Path.Combine(Path.GetTempPath(), $"q-{Guid.NewGuid():N}.db");
        var b = Path.Combine(Path.GetTempPath(), $"q-{Guid.NewGuid():N}.db");
        using var one = Context(a);
        using var two = Context(a);
        using var other = Context(b);
        Assert.Same(SqliteWriterQueue.For(one), SqliteWriterQueue.For(two));
        Assert.NotSame(SqliteWriterQueue.For(one), SqliteWriterQueue.For(other));
    }

    [Fact]
    public async Task Writers_get_their_turn_one_at_a_time_in_the_order_they_asked()
    {
        using var db = Context(Path.Combine(Path.GetTempPath(), $"q-{Guid.NewGuid():N}.db"));
        var queue = SqliteWriterQueue.For(db);
        var first = await queue.EnterAsync(CancellationToken.None);
        var order = new List<int>();
        int inside = 0, most = 0;
        var waiting = new List<Task>();
        for (var i = 1; i <= 5; i++)
        {
            var n = i;
            var entered = queue.EnterAsync(CancellationToken.None); // its wait is registered here, in this order (no timing involved)
            waiting.Add(Task.Run(async () =>
            {
                using var turn = await entered;
                var now = Interlocked.Increment(ref inside);
                lock (order) { order.Add(n); most = Math.Max(most, now); }
                await Task.Delay(5);
                Interlocked.Decrement(ref inside);
            }));
        }
        await Task.Delay(200);
        Assert.Empty(order); // nobody writes while the first holds its turn
        first.Dispose();
        first.Dispose(); // disposing twice must not let two writers in at once
        await Task.WhenAll(waiting);
        Assert.Equal([1, 2, 3, 4, 5], order);
        Assert.Equal(1, most);
        using var again = await queue.EnterAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token); // free again afterwards
    }
}
