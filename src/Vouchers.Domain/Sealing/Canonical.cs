using System.Globalization;
using System.Text;
using Vouchers.Domain.Funds;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Domain.Sealing;

/// <summary>What kind of append-only record a chain link seals. Stored as a number: never renumber.</summary>
public enum SealedKind
{
    /// <summary>A <see cref="LedgerTransfer"/>: key = its id.</summary>
    Transfer = 1,
    /// <summary>A <see cref="VoucherTransition"/> (a lifecycle event): key = voucher id and sequence.</summary>
    VoucherTransition = 2,
    /// <summary>A <see cref="BudgetAllocation"/> (a finance budget decision): key = its id.</summary>
    BudgetDecision = 3,
}

/// <summary>Which record a link names: kind, id and, for a voucher transition, its sequence (0 otherwise).</summary>
public readonly record struct SealedKey(SealedKind Kind, Guid Id, int Sequence)
{
    public static SealedKey Of(LedgerTransfer t) => new(SealedKind.Transfer, t.Id, 0);
    public static SealedKey Of(VoucherTransition t) => new(SealedKind.VoucherTransition, t.VoucherId, t.Sequence);
    public static SealedKey Of(BudgetAllocation a) => new(SealedKind.BudgetDecision, a.Id, 0);

    public override string ToString() => Kind == SealedKind.VoucherTransition ? $"{Kind} {Id}#{Sequence}" : $"{Kind} {Id}";
}

/// <summary>
/// The canonical form of a sealed record: the bytes its content hash is taken over. UTF-8 text, one
/// <c>name=value</c> line per field in a fixed order after a header line naming the record type and format version.
/// Values: <c>null</c>; integers in decimal; ids as lowercase hyphenated GUIDs; enums by name (as stored); instants
/// in UTC with microseconds (<c>2026-03-16T02:00:00.000000Z</c> — PostgreSQL keeps microseconds, so a value read
/// back hashes the same); dates <c>yyyy-MM-dd</c>; text in double quotes exactly as stored (not re-normalised:
/// an NFC → NFD edit is an edit) with <c>\</c>, <c>"</c> and control characters escaped. docs/ledger-integrity.md
/// gives the format so that an auditor can recompute a hash with a script of their own.
/// </summary>
public static class Canonical
{
    public const string TransferHeader = "vouchers.ledger-transfer.v1";
    public const string TransitionHeader = "vouchers.voucher-transition.v1";
    public const string DecisionHeader = "vouchers.budget-decision.v1";

    public static byte[] Of(LedgerTransfer t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var w = new Writer(TransferHeader);
        w.Id("id", t.Id).Id("debit", t.DebitAccountId).Id("credit", t.CreditAccountId).Number("amount", t.Amount.Dong)
            .Name("kind", t.Kind.ToString()).Name("phase", t.Phase.ToString()).Id("pending", t.PendingId).Id("correlation", t.CorrelationId)
            .Text("reference", t.Reference).Text("reason", t.Reason).Id("voucher", t.VoucherId).Id("provider", t.ProviderId)
            .Instant("timestamp", t.Timestamp);
        return w.Bytes();
    }

    public static byte[] Of(VoucherTransition t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var w = new Writer(TransitionHeader);
        w.Id("voucher", t.VoucherId).Number("sequence", t.Sequence).Name("from", t.From?.ToString()).Name("to", t.To.ToString())
            .Name("trigger", t.Trigger?.ToString()).Text("actor", t.ActorSubject).Text("role", t.ActorRole).Instant("at", t.At)
            .Text("reason", t.Reason).Id("transfer", t.TransferId);
        return w.Bytes();
    }

    public static byte[] Of(BudgetAllocation a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var w = new Writer(DecisionHeader);
        w.Id("id", a.Id).Id("fund", a.FundId).Number("fiscalYear", a.FiscalYear).Number("amount", a.Amount.Dong)
            .Text("decisionNumber", a.DecisionNumber).Date("decisionDate", a.DecisionDate).Id("transfer", a.TransferId)
            .Text("recordedBy", a.RecordedBy).Instant("recordedAt", a.RecordedAt);
        return w.Bytes();
    }

    /// <summary>SHA-256 of the canonical form.</summary>
    public static byte[] Hash(byte[] canonical) => System.Security.Cryptography.SHA256.HashData(canonical);

    /// <summary>An instant as the canonical form writes it: UTC, truncated to the microsecond.</summary>
    public static string InstantText(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return new DateTime(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
    }

    private sealed class Writer
    {
        private readonly StringBuilder _text = new(512);

        public Writer(string header) => _text.Append(header).Append('\n');

        public Writer Id(string name, Guid? id) => Line(name, id is { } g ? g.ToString("D") : null);
        public Writer Number(string name, long n) => Line(name, n.ToString(CultureInfo.InvariantCulture));
        public Writer Name(string name, string? value) => Line(name, value);
        public Writer Instant(string name, DateTimeOffset at) => Line(name, InstantText(at));
        public Writer Date(string name, DateOnly d) => Line(name, d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        public Writer Text(string name, string? value)
        {
            if (value is null) return Line(name, null);
            _text.Append(name).Append("=\"");
            foreach (var c in value)
            {
                switch (c)
                {
                    case '\\': _text.Append("\\\\"); break;
                    case '"': _text.Append("\\\""); break;
                    case < ' ' or '\u007f': _text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                    default: _text.Append(c); break;
                }
            }
            _text.Append("\"\n");
            return this;
        }

        private Writer Line(string name, string? value)
        {
            _text.Append(name).Append('=').Append(value ?? "null").Append('\n');
            return this;
        }

        public byte[] Bytes() => Encoding.UTF8.GetBytes(_text.ToString());
    }
}
