using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Funds;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Sealing;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Infrastructure.Persistence;

/// <summary>
/// <see cref="IVouchersDb.SealedPagesAsync"/>: the seal chain with each link's record, read with the connection's own data
/// reader. One query a page of heights — the links, each LEFT JOINed to the one record of its kind (by primary key, so
/// the database looks each record up; the kind and key are conditions on the link's side, which keeps the page's height
/// range the outer loop on SQLite too) — and one pass over its rows. Table and column names come from EF Core's model, so
/// they cannot drift from the mapping; values are read as EF Core's converters store them (instants as UTC date-times,
/// enums by name, money as whole đồng). Identifiers are quoted the ANSI way, which SQLite, PostgreSQL and SQL Server all
/// accept; the page bounds are parameters, so one statement text serves every page.
/// </summary>
internal sealed class SealedRecordReader(VouchersDbContext db)
{
    public async IAsyncEnumerable<IReadOnlyList<SealedRow>> PagesAsync(long after, int pageSize, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var opened = db.Database.GetDbConnection().State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(ct);
        try
        {
            var sql = Sql();
            var connection = db.Database.GetDbConnection();
            var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            long top;
            await using (var max = connection.CreateCommand())
            {
                max.Transaction = transaction;
                max.CommandText = sql.MaxHeight;
                top = await max.ExecuteScalarAsync(ct) is { } v and not DBNull ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : 0;
            }
            if (transaction is not null && db.Database.IsNpgsql())
                await using (var jit = connection.CreateCommand())
                {
                    // PostgreSQL's JIT would compile the page query (its estimate crosses jit_above_cost) at every execution,
                    // for a query that runs in milliseconds: off for the rest of this read-only transaction
                    jit.Transaction = transaction;
                    jit.CommandText = "SET LOCAL jit = off";
                    await jit.ExecuteNonQueryAsync(ct);
                }
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql.Page;
            var from = command.CreateParameter();
            from.ParameterName = "@after";
            var upTo = command.CreateParameter();
            upTo.ParameterName = "@upto";
            command.Parameters.Add(from);
            command.Parameters.Add(upTo);
            while (after < top)
            {
                from.Value = after;
                upTo.Value = Math.Min(top, after + pageSize);
                var page = new List<SealedRow>(pageSize);
                await using (var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct))
                    while (await reader.ReadAsync(ct)) page.Add(Row(reader));
                after = Math.Min(top, after + pageSize);
                if (page.Count > 0) yield return page;
            }
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }

    // Column positions in the page query: the link's seven, then each record's columns in the order the canonical form lists them.
    private const int LinkColumns = 7, TransferAt = LinkColumns, TransferColumns = 13, DecisionAt = TransferAt + TransferColumns, DecisionColumns = 9,
        TransitionAt = DecisionAt + DecisionColumns;

    private static SealedRow Row(DbDataReader r)
    {
        var link = ChainLink.Stored(r.GetInt64(0), new SealedKey((SealedKind)r.GetInt32(1), r.GetGuid(2), r.GetInt32(3)),
            r.GetFieldValue<byte[]>(4), r.GetFieldValue<byte[]>(5), r.GetFieldValue<byte[]>(6));
        try
        {
            if (!r.IsDBNull(TransferAt))
            {
                var i = TransferAt;
                return new SealedRow(link, LedgerTransfer.Stored(r.GetGuid(i), r.GetGuid(i + 1), r.GetGuid(i + 2), Money.Vnd(r.GetInt64(i + 3)),
                    Enum.Parse<TransferKind>(r.GetString(i + 4)), Enum.Parse<TransferPhase>(r.GetString(i + 5)), OptionalGuid(r, i + 6), r.GetGuid(i + 7),
                    OptionalText(r, i + 8), OptionalText(r, i + 9), OptionalGuid(r, i + 10), OptionalGuid(r, i + 11), Instant(r, i + 12)), null, null);
            }
            if (!r.IsDBNull(DecisionAt))
            {
                var i = DecisionAt;
                return new SealedRow(link, null, BudgetAllocation.Stored(r.GetGuid(i), r.GetGuid(i + 1), r.GetInt32(i + 2), Money.Vnd(r.GetInt64(i + 3)),
                    r.GetString(i + 4), r.GetFieldValue<DateOnly>(i + 5), r.GetGuid(i + 6), r.GetString(i + 7), Instant(r, i + 8)), null);
            }
            if (!r.IsDBNull(TransitionAt))
            {
                var i = TransitionAt;
                return new SealedRow(link, null, null, VoucherTransition.Stored(r.GetGuid(i), r.GetInt32(i + 1),
                    r.IsDBNull(i + 2) ? null : Enum.Parse<VoucherStatus>(r.GetString(i + 2)), Enum.Parse<VoucherStatus>(r.GetString(i + 3)),
                    r.IsDBNull(i + 4) ? null : Enum.Parse<VoucherTrigger>(r.GetString(i + 4)), r.GetString(i + 5), r.GetString(i + 6), Instant(r, i + 7),
                    OptionalText(r, i + 8), OptionalGuid(r, i + 9)));
            }
            return new SealedRow(link, null, null, null);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            return new SealedRow(link, null, null, null, Unreadable: true); // e.g. an enum name no version of the domain wrote
        }
    }

    private static Guid? OptionalGuid(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetGuid(i);
    private static string? OptionalText(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <summary>As <see cref="Converters.UtcConverter"/> reads an instant back: the stored date-time, taken as UTC.</summary>
    private static DateTimeOffset Instant(DbDataReader r, int i) => new(DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc));

    private sealed record Statements(string MaxHeight, string Page);

    private static readonly ConditionalWeakTable<IModel, Statements> Cache = [];

    private Statements Sql() => Cache.GetValue(db.Model, m =>
    {
        var sqlite = db.Database.IsSqlite();
        var sqlServer = db.Database.IsSqlServer();
        var links = Table(m, typeof(ChainLink));
        var transfers = Table(m, typeof(LedgerTransfer));
        var decisions = Table(m, typeof(BudgetAllocation));
        var transitions = Table(m, typeof(VoucherTransition));
        string L(string p) => links.Column("l", p);
        string T(string p) => transfers.Column("t", p);
        string D(string p) => decisions.Column("d", p);
        string H(string p) => transitions.Column("h", p);
        var select = new List<string>
        {
            L(nameof(ChainLink.Height)), L(nameof(ChainLink.Kind)), L(nameof(ChainLink.RecordId)), L(nameof(ChainLink.RecordSequence)),
            L(nameof(ChainLink.ContentHash)), L(nameof(ChainLink.PreviousHash)), L(nameof(ChainLink.Hash)),
        };
        select.AddRange(new[]
        {
            nameof(LedgerTransfer.Id), nameof(LedgerTransfer.DebitAccountId), nameof(LedgerTransfer.CreditAccountId), nameof(LedgerTransfer.Amount),
            nameof(LedgerTransfer.Kind), nameof(LedgerTransfer.Phase), nameof(LedgerTransfer.PendingId), nameof(LedgerTransfer.CorrelationId),
            nameof(LedgerTransfer.Reference), nameof(LedgerTransfer.Reason), nameof(LedgerTransfer.VoucherId), nameof(LedgerTransfer.ProviderId),
            nameof(LedgerTransfer.Timestamp),
        }.Select(T));
        select.AddRange(new[]
        {
            nameof(BudgetAllocation.Id), nameof(BudgetAllocation.FundId), nameof(BudgetAllocation.FiscalYear), nameof(BudgetAllocation.Amount),
            nameof(BudgetAllocation.DecisionNumber), nameof(BudgetAllocation.DecisionDate), nameof(BudgetAllocation.TransferId),
            nameof(BudgetAllocation.RecordedBy), nameof(BudgetAllocation.RecordedAt),
        }.Select(D));
        select.AddRange(new[]
        {
            nameof(VoucherTransition.VoucherId), nameof(VoucherTransition.Sequence), nameof(VoucherTransition.From), nameof(VoucherTransition.To),
            nameof(VoucherTransition.Trigger), nameof(VoucherTransition.ActorSubject), nameof(VoucherTransition.ActorRole), nameof(VoucherTransition.At),
            nameof(VoucherTransition.Reason), nameof(VoucherTransition.TransferId),
        }.Select(H));
        var height = L(nameof(ChainLink.Height));
        var kind = L(nameof(ChainLink.Kind));
        var id = L(nameof(ChainLink.RecordId));
        var sequence = L(nameof(ChainLink.RecordSequence));
        // Each record by its primary key, for each link of the page: a plain LEFT JOIN on SQLite (its planner loops over the
        // page's links and looks each record up); on PostgreSQL and SQL Server a lateral lookup, limited to one row so that
        // it is not flattened into a join — flattened, PostgreSQL hashed the whole transfers table for every page (a
        // verification quadratic in the ledger's length).
        string Lookup(string table, string alias, string condition) => sqlite
            ? $" LEFT JOIN {table} {alias} ON {condition}"
            : sqlServer
                ? $" OUTER APPLY (SELECT TOP 1 * FROM {table} {alias} WHERE {condition}) {alias}"
                : $" LEFT JOIN LATERAL (SELECT * FROM {table} {alias} WHERE {condition} LIMIT 1) {alias} ON TRUE";
        var page = new StringBuilder()
            .Append("SELECT ").AppendJoin(", ", select)
            .Append(" FROM ").Append(links.Name).Append(" l")
            .Append(Lookup(transfers.Name, "t", $"{kind} = {(int)SealedKind.Transfer} AND {sequence} = 0 AND {T(nameof(LedgerTransfer.Id))} = {id}"))
            .Append(Lookup(decisions.Name, "d", $"{kind} = {(int)SealedKind.BudgetDecision} AND {sequence} = 0 AND {D(nameof(BudgetAllocation.Id))} = {id}"))
            .Append(Lookup(transitions.Name, "h", $"{kind} = {(int)SealedKind.VoucherTransition} AND {H(nameof(VoucherTransition.VoucherId))} = {id} " +
                $"AND {H(nameof(VoucherTransition.Sequence))} = {sequence}"))
            .Append(" WHERE ").Append(height).Append(" > @after AND ").Append(height).Append(" <= @upto")
            .Append(" ORDER BY ").Append(height)
            .ToString();
        return new Statements($"SELECT MAX({links.Column(null, nameof(ChainLink.Height))}) FROM {links.Name}", page);
    });

    private sealed record MappedTable(string Name, IEntityType Entity, StoreObjectIdentifier Store)
    {
        public string Column(string? alias, string property)
        {
            var column = Entity.FindProperty(property)?.GetColumnName(Store)
                ?? throw new InvalidOperationException($"{Entity.DisplayName()}.{property} is not mapped to {Store.DisplayName()}.");
            return alias is null ? Quote(column) : $"{alias}.{Quote(column)}";
        }
    }

    private static MappedTable Table(IModel model, Type clr)
    {
        var entity = model.FindEntityType(clr) ?? model.GetEntityTypes().Single(e => e.ClrType == clr); // an owned type has its owner in its name
        var name = entity.GetTableName() ?? throw new InvalidOperationException($"{clr.Name} is not mapped to a table.");
        var schema = entity.GetSchema();
        return new MappedTable(schema is null ? Quote(name) : $"{Quote(schema)}.{Quote(name)}", entity, StoreObjectIdentifier.Table(name, schema));
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
