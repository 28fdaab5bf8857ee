using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Vouchers.Domain.Sealing;
using Vouchers.Infrastructure.Persistence;

namespace Vouchers.Api.Tests.PostgreSql;

/// <summary>
/// V0015's seal trigger on its own (ADR 0022): what it appends is what <see cref="ChainLink.Append"/> computes, byte for
/// byte, and a staged row that does not line up is refused at COMMIT with nothing left behind.
/// </summary>
public sealed class SealAtCommitTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private async Task<NpgsqlConnection> Migrated()
    {
        await new Scenario(factory).Program(); // the service is up and migrated
        return (NpgsqlConnection)factory.Database.OpenConnection();
    }

    private static async Task Stage(NpgsqlConnection c, NpgsqlTransaction tx, int[] kinds, Guid[] ids, int[] sequences, byte[] hashes)
    {
        await using var cmd = new NpgsqlCommand(
            """INSERT INTO "__ChainPending" ("Kinds", "RecordIds", "Sequences", "ContentHashes") VALUES (@k, @r, @s, @h)""", c, tx);
        cmd.Parameters.AddWithValue("k", kinds);
        cmd.Parameters.AddWithValue("r", ids);
        cmd.Parameters.AddWithValue("s", sequences);
        cmd.Parameters.AddWithValue("h", hashes);
        await cmd.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task TheTrigger_AppendsTheLinksTheServiceWouldCompute_InStagingOrder_AtCommit()
    {
        await using var c = await Migrated();
        await using var db = factory.Database.Open();
        var head = await db.ChainLinks.AsNoTracking().OrderByDescending(l => l.Height).FirstOrDefaultAsync();

        // two saves in one transaction, three records: sealed in the order they were staged, nothing before the commit
        var keys = new[] { new SealedKey(SealedKind.Transfer, Guid.NewGuid(), 0), new SealedKey(SealedKind.VoucherTransition, Guid.NewGuid(), 3),
                           new SealedKey(SealedKind.BudgetDecision, Guid.NewGuid(), 0) };
        var hashes = keys.Select(k => SHA256.HashData(k.Id.ToByteArray())).ToArray();
        await using (var tx = await c.BeginTransactionAsync())
        {
            await Stage(c, tx, [(int)keys[0].Kind, (int)keys[1].Kind], [keys[0].Id, keys[1].Id], [keys[0].Sequence, keys[1].Sequence], [.. hashes[0], .. hashes[1]]);
            await Stage(c, tx, [(int)keys[2].Kind], [keys[2].Id], [keys[2].Sequence], hashes[2]);
            await using var inside = new NpgsqlCommand("""SELECT count(*) FROM "ChainLinks" WHERE "Height" > @h""", c, tx);
            inside.Parameters.AddWithValue("h", head?.Height ?? 0);
            Assert.Equal(0L, (long)(await inside.ExecuteScalarAsync())!); // deferred: not sealed before COMMIT
            await tx.CommitAsync();
        }

        var expected = new List<ChainLink>();
        var previous = head;
        for (var i = 0; i < keys.Length; i++) expected.Add(previous = ChainLink.Append(previous, keys[i], hashes[i]));
        var stored = await db.ChainLinks.AsNoTracking().Where(l => l.Height > (head == null ? 0 : head.Height)).OrderBy(l => l.Height).ToListAsync();
        Assert.Equal(expected.Select(l => (l.Height, l.Key, Convert.ToHexString(l.ContentHash), Convert.ToHexString(l.PreviousHash), Convert.ToHexString(l.Hash))),
            stored.Select(l => (l.Height, l.Key, Convert.ToHexString(l.ContentHash), Convert.ToHexString(l.PreviousHash), Convert.ToHexString(l.Hash))));
        Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM \"__ChainPending\"").SingleAsync());
        // the lock the trigger takes is the one the service names (operations.md tells who holds it by that number)
        var source = await db.Database.SqlQueryRaw<string>("SELECT prosrc AS \"Value\" FROM pg_proc WHERE proname = 'chain_seal_at_commit'").SingleAsync();
        Assert.Contains($"pg_advisory_xact_lock({VouchersDbContext.ChainHeadLock})", source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStagedRowThatDoesNotLineUp_IsRefusedAtCommit_AndLeavesNothing()
    {
        await using var c = await Migrated();
        await using var db = factory.Database.Open();
        var links = await db.ChainLinks.CountAsync();
        var id = Guid.NewGuid();
        await using var tx = await c.BeginTransactionAsync();
        await Stage(c, tx, [(int)SealedKind.Transfer, (int)SealedKind.Transfer], [id, Guid.NewGuid()], [0, 0], new byte[32]); // two records, one hash
        var refused = await Assert.ThrowsAsync<PostgresException>(() => tx.CommitAsync());
        Assert.Contains("a staged seal needs", refused.MessageText, StringComparison.Ordinal);
        Assert.Equal(links, await db.ChainLinks.CountAsync());
        Assert.False(await db.ChainLinks.AnyAsync(l => l.RecordId == id));
        Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM \"__ChainPending\"").SingleAsync());
    }
}
