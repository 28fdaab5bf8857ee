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

    public static byte[] Of(LedgerTransfer t) => Write(t).ToArray();

    public static byte[] Of(VoucherTransition t) => Write(t).ToArray();

    public static byte[] Of(BudgetAllocation a) => Write(a).ToArray();

    /// <summary>
    /// SHA-256 of the record's canonical form, written into a buffer of this thread's and hashed there: no string, no
    /// array per record (the verifier hashes every record of the ledger; <see cref="Of(LedgerTransfer)"/> gives the bytes).
    /// </summary>
    public static byte[] HashOf(LedgerTransfer t) => System.Security.Cryptography.SHA256.HashData(Write(t).Span);

    public static byte[] HashOf(VoucherTransition t) => System.Security.Cryptography.SHA256.HashData(Write(t).Span);

    public static byte[] HashOf(BudgetAllocation a) => System.Security.Cryptography.SHA256.HashData(Write(a).Span);

    private static Writer Write(LedgerTransfer t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return Writer.Start(TransferHeader)
            .Id("id"u8, t.Id).Id("debit"u8, t.DebitAccountId).Id("credit"u8, t.CreditAccountId).Number("amount"u8, t.Amount.Dong)
            .Name("kind"u8, KindName(t.Kind)).Name("phase"u8, PhaseName(t.Phase)).Id("pending"u8, t.PendingId).Id("correlation"u8, t.CorrelationId)
            .Text("reference"u8, t.Reference).Text("reason"u8, t.Reason).Id("voucher"u8, t.VoucherId).Id("provider"u8, t.ProviderId)
            .Instant("timestamp"u8, t.Timestamp);
    }

    private static Writer Write(VoucherTransition t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return Writer.Start(TransitionHeader)
            .Id("voucher"u8, t.VoucherId).Number("sequence"u8, t.Sequence).Name("from"u8, t.From?.ToString()).Name("to"u8, t.To.ToString())
            .Name("trigger"u8, t.Trigger?.ToString()).Text("actor"u8, t.ActorSubject).Text("role"u8, t.ActorRole).Instant("at"u8, t.At)
            .Text("reason"u8, t.Reason).Id("transfer"u8, t.TransferId);
    }

    private static Writer Write(BudgetAllocation a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return Writer.Start(DecisionHeader)
            .Id("id"u8, a.Id).Id("fund"u8, a.FundId).Number("fiscalYear"u8, a.FiscalYear).Number("amount"u8, a.Amount.Dong)
            .Text("decisionNumber"u8, a.DecisionNumber).Date("decisionDate"u8, a.DecisionDate).Id("transfer"u8, a.TransferId)
            .Text("recordedBy"u8, a.RecordedBy).Instant("recordedAt"u8, a.RecordedAt);
    }

    // enum names as stored, without Enum.ToString's lookup for the two a transfer has (the others: ToString)
    private static readonly string[] KindNames = Enum.GetValues<TransferKind>().Select(k => k.ToString()).ToArray();
    private static readonly TransferKind[] Kinds = Enum.GetValues<TransferKind>();
    private static string KindName(TransferKind k) => Array.IndexOf(Kinds, k) is var i and >= 0 ? KindNames[i] : k.ToString();
    private static string PhaseName(TransferPhase p) => p switch
    {
        TransferPhase.Single => "Single", TransferPhase.Pending => "Pending", TransferPhase.PostPending => "PostPending",
        TransferPhase.VoidPending => "VoidPending", _ => p.ToString(),
    };

    /// <summary>SHA-256 of the canonical form.</summary>
    public static byte[] Hash(byte[] canonical) => System.Security.Cryptography.SHA256.HashData(canonical);

    /// <summary>An instant as the canonical form writes it: UTC, truncated to the microsecond.</summary>
    public static string InstantText(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return new DateTime(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Writes one canonical form as UTF-8 into a buffer of the calling thread (reused record after record: the form is
    /// read — hashed or copied — before the thread writes the next). The bytes are those the format above describes:
    /// <c>CanonicalFormTests</c> holds them to the documented text and to a plain string-built reference.
    /// </summary>
    private sealed class Writer
    {
        [ThreadStatic] private static Writer? _current;
        private byte[] _buffer = new byte[1024];
        private int _length;

        public static Writer Start(string header)
        {
            var w = _current ??= new Writer();
            w._length = 0;
            w.Ascii(header).Byte((byte)'\n');
            return w;
        }

        public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);
        public byte[] ToArray() => Span.ToArray();

        public Writer Id(ReadOnlySpan<byte> name, Guid? id)
        {
            if (id is not { } g) return Null(name);
            Key(name);
            Ensure(36);
            g.TryFormat(_buffer.AsSpan(_length), out var n, "D");
            _length += n;
            return Byte((byte)'\n');
        }

        public Writer Number(ReadOnlySpan<byte> name, long value)
        {
            Key(name);
            Ensure(20);
            value.TryFormat(_buffer.AsSpan(_length), out var n, default, CultureInfo.InvariantCulture);
            _length += n;
            return Byte((byte)'\n');
        }

        public Writer Name(ReadOnlySpan<byte> name, string? value) => value is null ? Null(name) : Key(name).Utf8(value).Byte((byte)'\n');

        public Writer Instant(ReadOnlySpan<byte> name, DateTimeOffset at)
        {
            Key(name);
            var utc = at.UtcDateTime;
            Ensure(32);
            new DateTime(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc).TryFormat(_buffer.AsSpan(_length), out var n, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'",
                CultureInfo.InvariantCulture);
            _length += n;
            return Byte((byte)'\n');
        }

        public Writer Date(ReadOnlySpan<byte> name, DateOnly d)
        {
            Key(name);
            Ensure(16);
            d.TryFormat(_buffer.AsSpan(_length), out var n, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            _length += n;
            return Byte((byte)'\n');
        }

        /// <summary>Text in double quotes exactly as stored, with <c>\</c>, <c>"</c> and control characters escaped.</summary>
        public Writer Text(ReadOnlySpan<byte> name, string? value)
        {
            if (value is null) return Null(name);
            Key(name).Byte((byte)'"');
            var rest = value.AsSpan();
            while (!rest.IsEmpty)
            {
                var i = rest.IndexOfAny(Escaped);
                // a run without escapes: encoded as one (the escaped characters are ASCII, so a run never splits a surrogate pair)
                Utf8(i < 0 ? rest : rest[..i]);
                if (i < 0) break;
                var c = rest[i];
                if (c == '\\') Byte((byte)'\\').Byte((byte)'\\');
                else if (c == '"') Byte((byte)'\\').Byte((byte)'"');
                else
                {
                    Ensure(6);
                    Byte((byte)'\\').Byte((byte)'u');
                    ((int)c).TryFormat(_buffer.AsSpan(_length), out var n, "x4", CultureInfo.InvariantCulture);
                    _length += n;
                }
                rest = rest[(i + 1)..];
            }
            return Byte((byte)'"').Byte((byte)'\n');
        }

        private static readonly System.Buffers.SearchValues<char> Escaped = System.Buffers.SearchValues.Create(
            "\\\"\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f" +
            "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\u007f");

        private Writer Null(ReadOnlySpan<byte> name) => Key(name).Ascii("null").Byte((byte)'\n');

        private Writer Key(ReadOnlySpan<byte> name)
        {
            Ensure(name.Length + 1);
            name.CopyTo(_buffer.AsSpan(_length));
            _length += name.Length;
            return Byte((byte)'=');
        }

        private Writer Ascii(string s) => Utf8(s.AsSpan());

        private Writer Utf8(string s) => Utf8(s.AsSpan());

        private Writer Utf8(ReadOnlySpan<char> s)
        {
            Ensure(Encoding.UTF8.GetMaxByteCount(s.Length));
            _length += Encoding.UTF8.GetBytes(s, _buffer.AsSpan(_length));
            return this;
        }

        private Writer Byte(byte b)
        {
            Ensure(1);
            _buffer[_length++] = b;
            return this;
        }

        private void Ensure(int more)
        {
            if (_length + more <= _buffer.Length) return;
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }
}
