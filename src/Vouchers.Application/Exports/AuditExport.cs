using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CsvHelper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Funds;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Exports;

/// <summary>
/// A range of Vietnamese calendar dates (Asia/Ho_Chi_Minh), both ends inclusive, as the list endpoints read
/// <c>from</c>/<c>to</c>: the instants from the start of <see cref="From"/> to the start of the day after <see cref="To"/>.
/// </summary>
public sealed record ExportRange
{
    /// <summary>The longest range one export may cover, in days (a leap year).</summary>
    public const int MaxDays = 366;

    public DateOnly From { get; }
    public DateOnly To { get; }

    public ExportRange(DateOnly from, DateOnly to)
    {
        if (to < from) throw new InvalidValueException("to", "must not be before from.", "không được trước ngày bắt đầu (from).");
        if (to.DayNumber - from.DayNumber + 1 > MaxDays) throw new InvalidValueException("to", $"the range may cover at most {MaxDays} days.", $"khoảng thời gian tối đa {MaxDays} ngày.");
        (From, To) = (from, to);
    }

    public DateTimeOffset StartsAt => VietnamTime.StartOf(From).ToUniversalTime();
    public DateTimeOffset EndsBefore => VietnamTime.StartOf(To.AddDays(1)).ToUniversalTime();
}

/// <summary>Where an export's files go: entries of a zip archive, or files in a directory (Infrastructure's <c>ZipExportSink</c>, <c>DirectoryExportSink</c>).</summary>
public interface IExportSink
{
    /// <summary>A new, empty file. The writer disposes it before it creates the next one.</summary>
    Stream Create(string fileName);
}

/// <summary>Where an archive of export files is made (Infrastructure: a zip in a temporary file).</summary>
public interface IExportArchives
{
    /// <summary>
    /// A zip archive whose entries <paramref name="write"/> creates (stamped <paramref name="entryTime"/>), read from its start;
    /// whoever sends it disposes it, which deletes it. Nothing is left behind when <paramref name="write"/> fails.
    /// </summary>
    Task<(Stream Content, T Result)> ZipAsync<T>(DateTimeOffset entryTime, Func<IExportSink, Task<T>> write);
}

/// <param name="PositionsAsOf">The instant the fund positions were read: they are the ledger as it stands then, not at the end of the range.</param>
public sealed record ExportManifest(int FormatVersion, ExportManifestRange Range, DateTimeOffset GeneratedAt, DateTimeOffset PositionsAsOf, string Csv,
    IReadOnlyList<ExportedFile> Files);

public sealed record ExportManifestRange(DateOnly From, DateOnly To, string TimeZone, bool FromInclusive, bool ToInclusive, DateTimeOffset StartsAt,
    DateTimeOffset EndsBefore);

/// <param name="Rows">Data rows, the header not counted.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the file's exact bytes (its BOM included).</param>
public sealed record ExportedFile(string Name, long Rows, long Bytes, string Sha256, IReadOnlyList<string> Columns);

/// <summary>
/// Writes an auditor's export for a date range: <c>journal.csv</c> (every transfer in the range, in execution order),
/// <c>fund-positions.csv</c> (every fund × fiscal year those transfers touched, from <see cref="GetFundPosition"/>),
/// <c>vouchers.csv</c> (every voucher with a transition in the range) and <c>manifest.json</c> (the range, the row
/// counts and the SHA-256 of each file's bytes). The same files whatever the sink: a zip for the API, a directory for
/// a command-line tool.
/// <para>CSV: UTF-8 with a BOM (so that Excel opens Vietnamese text as UTF-8), RFC 4180 (comma, CRLF, fields quoted
/// when they hold a comma, quote or line break, quotes doubled), a header row, invariant culture, amounts in whole
/// đồng, dates <c>yyyy-MM-dd</c>, instants ISO 8601 in UTC (<c>…Z</c>) and in Vietnam (<c>…+07:00</c>), text in
/// Unicode NFC. A text field that begins with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return is
/// prefixed with an apostrophe, so a spreadsheet does not run it as a formula.</para>
/// <para>Memory: rows are streamed from the database to the sink; what is held is the lookups of names and codes for
/// the accounts, programs, providers and vouchers the range touches.</para>
/// </summary>
public sealed class AuditExportWriter(IVouchersDb db, IMediator mediator, TimeProvider clock, IRequestContext request)
{
    public const int FormatVersion = 1;
    public const string JournalFile = "journal.csv", PositionsFile = "fund-positions.csv", VouchersFile = "vouchers.csv", ManifestFile = "manifest.json";

    public static readonly string[] JournalColumns =
    [
        "row", "transfer_id", "timestamp_utc", "timestamp_local", "kind", "phase", "amount", "released_amount",
        "debit_account_id", "debit_account_code", "debit_account_name", "credit_account_id", "credit_account_code", "credit_account_name",
        "fund_id", "fund_name", "fiscal_year", "program_id", "program_code", "voucher_id", "voucher_code",
        "provider_id", "provider_tax_code", "provider_name", "pending_id", "correlation_id", "reference", "reason",
    ];

    public static readonly string[] PositionColumns =
    [
        "fund_id", "fund_name", "province_code", "fund_kind", "fiscal_year", "allocated", "available", "unassigned_to_programs",
        "committed", "payable", "disbursed", "balanced",
        // appended by issue 16 (fiscal year end): what the year brought forward from the one before and carried forward to the next
        "brought_forward", "carried_forward",
    ];

    public static readonly string[] VoucherColumns =
    [
        "voucher_id", "code", "status", "program_id", "program_code", "fund_id", "fiscal_year", "enterprise_tax_code", "enterprise_name",
        "service_kind", "requested_amount", "face_value", "contract_value", "support_amount", "co_payment", "accepted_amount", "clawed_back_amount",
        "provider_id", "provider_tax_code", "provider_name", "contract_number", "acceptance_decision_number", "e_invoice_number",
        "payment_reference", "valid_until", "submitted_at_utc", "updated_at_utc",
    ];

    public const string CsvDescription = "UTF-8 with BOM; RFC 4180 (comma, CRLF, header row); invariant culture; amounts in whole đồng; " +
        "dates yyyy-MM-dd; instants ISO 8601 (UTC …Z, Vietnam …+07:00); text NFC; a text field beginning with = + - @ tab or CR is prefixed with '";

    private static readonly CsvWriterOptions Csv = CsvWriterOptions.Default with
    {
        NewLine = "\r\n",
        Quoting = CsvQuoting.WhenNeeded,
        Injection = CsvInjection.Escape,
        WriteByteOrderMark = true,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    // A file, not HTML: Vietnamese text and symbols are written as they are, not as \u escapes.
    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task<ExportManifest> WriteAsync(ExportRange range, IExportSink sink, CancellationToken ct)
    {
        await using var snapshot = await db.ReadSnapshotAsync(ct); // the three files and their lookups are of one moment
        var generatedAt = clock.GetUtcNow().ToUniversalTime();
        var journal = await WriteCsvAsync(sink, JournalFile, JournalColumns, csv => WriteJournalAsync(csv, range, ct));
        var positionsAsOf = clock.GetUtcNow().ToUniversalTime();
        var files = new List<ExportedFile>
        {
            journal,
            await WriteCsvAsync(sink, PositionsFile, PositionColumns, csv => WritePositionsAsync(csv, range, ct)),
            await WriteCsvAsync(sink, VouchersFile, VoucherColumns, csv => WriteVouchersAsync(csv, range, ct)),
        };
        var manifest = new ExportManifest(FormatVersion,
            new ExportManifestRange(range.From, range.To, VietnamTime.ZoneName, true, true, range.StartsAt, range.EndsBefore),
            generatedAt, positionsAsOf, CsvDescription, files);
        await using (var stream = sink.Create(ManifestFile))
            await JsonSerializer.SerializeAsync(stream, manifest, ManifestJson, ct);
        return manifest;
    }

    private static async Task<ExportedFile> WriteCsvAsync(IExportSink sink, string name, string[] columns, Func<CsvWriter, Task<long>> rows)
    {
        await using var target = sink.Create(name);
        await using var hashing = new HashingStream(target);
        long count;
        await using (var csv = CsvWriter.Create(hashing, Csv, leaveOpen: true))
        {
            csv.WriteHeader(columns);
            count = await rows(csv);
        }
        return new ExportedFile(name, count, hashing.Length, hashing.Sha256Hex(), columns);
    }

    private async Task<long> WriteJournalAsync(CsvWriter csv, ExportRange range, CancellationToken ct)
    {
        var (start, end) = (range.StartsAt, range.EndsBefore);
        var inRange = LedgerScope.VisibleTransfers(db, request).AsNoTracking().Where(t => t.Timestamp >= start && t.Timestamp < end); // an officer of a province: its funds' transfers
        var accounts = await db.LedgerAccounts.AsNoTracking().Where(a => inRange.Any(t => t.DebitAccountId == a.Id || t.CreditAccountId == a.Id))
            .ToDictionaryAsync(a => a.Id, ct);
        var funds = await db.Funds.AsNoTracking().ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        var programIds = accounts.Values.Where(a => a.ProgramId != null).Select(a => a.ProgramId!.Value).Distinct().ToList();
        var programs = await db.Programs.AsNoTracking().Where(p => programIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Code, ct);
        var vouchers = await db.Vouchers.AsNoTracking().Where(v => inRange.Any(t => t.VoucherId == v.Id))
            .Select(v => new { v.Id, v.Code }).ToDictionaryAsync(v => v.Id, v => v.Code, ct);
        var providers = await db.Providers.AsNoTracking().Where(p => inRange.Any(t => t.ProviderId == p.Id))
            .Select(p => new { p.Id, p.Name, p.TaxCode }).ToDictionaryAsync(p => p.Id, ct);
        var pending = await db.LedgerTransfers.AsNoTracking().Where(p => inRange.Any(t => t.PendingId == p.Id))
            .Select(p => new { p.Id, p.Amount }).ToDictionaryAsync(p => p.Id, p => p.Amount.Dong, ct);

        long row = 0;
        await foreach (var t in inRange.InExecutionOrder().AsAsyncEnumerable().WithCancellation(ct))
        {
            var debit = accounts[t.DebitAccountId];
            var credit = accounts[t.CreditAccountId];
            var programId = credit.ProgramId ?? debit.ProgramId;
            long? released = t.ReleasedOf(t.PendingId is { } p && pending.TryGetValue(p, out var committed) ? committed : null);
            var provider = t.ProviderId is { } pid ? providers.GetValueOrDefault(pid) : null;
            Fields(csv, Number(++row), Id(t.Id), Utc(t.Timestamp), Local(t.Timestamp), t.Kind.ToString(), t.Phase.ToString(), Number(t.Amount.Dong),
                Number(released), Id(debit.Id), debit.Code.ToString(), debit.Name, Id(credit.Id), credit.Code.ToString(), credit.Name,
                Id(debit.FundId), funds.GetValueOrDefault(debit.FundId), Number(debit.FiscalYear), Id(programId),
                programId is { } prog ? programs.GetValueOrDefault(prog) : null, Id(t.VoucherId),
                t.VoucherId is { } vid ? vouchers.GetValueOrDefault(vid) : null, Id(t.ProviderId), provider?.TaxCode.Value, provider?.Name,
                Id(t.PendingId), Id(t.CorrelationId), t.Reference, t.Reason);
            await csv.EndRecordAsync(ct);
        }
        return row;
    }

    private async Task<long> WritePositionsAsync(CsvWriter csv, ExportRange range, CancellationToken ct)
    {
        var (start, end) = (range.StartsAt, range.EndsBefore);
        var inRange = LedgerScope.VisibleTransfers(db, request).AsNoTracking().Where(t => t.Timestamp >= start && t.Timestamp < end); // an officer of a province: its funds' transfers
        var touched = await db.LedgerAccounts.AsNoTracking().Where(a => inRange.Any(t => t.DebitAccountId == a.Id || t.CreditAccountId == a.Id))
            .Select(a => new { a.FundId, a.FiscalYear }).Distinct().ToListAsync(ct);
        var fundIds = touched.Select(x => x.FundId).Distinct().ToList();
        var funds = await db.Funds.AsNoTracking().Where(f => fundIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, ct);
        long rows = 0;
        foreach (var x in touched.OrderBy(x => funds[x.FundId].ProvinceCode, StringComparer.Ordinal).ThenBy(x => funds[x.FundId].Kind).ThenBy(x => x.FiscalYear))
        {
            var fund = funds[x.FundId];
            var p = await mediator.Send(new GetFundPosition(x.FundId, x.FiscalYear), ct);
            Fields(csv, Id(fund.Id), fund.Name, fund.ProvinceCode, fund.Kind.ToString(), Number(p.FiscalYear), Number(p.Allocated), Number(p.Available),
                Number(p.UnassignedToPrograms), Number(p.Committed), Number(p.Payable), Number(p.Disbursed), p.Balanced ? "true" : "false",
                Number(p.BroughtForward), Number(p.CarriedForward));
            await csv.EndRecordAsync(ct);
            rows++;
        }
        return rows;
    }

    private async Task<long> WriteVouchersAsync(CsvWriter csv, ExportRange range, CancellationToken ct)
    {
        var (start, end) = (range.StartsAt, range.EndsBefore);
        var touched = db.Vouchers.AsNoTracking().Where(v => v.History.Any(h => h.At >= start && h.At < end));
        var programs = await db.Programs.AsNoTracking().Where(p => touched.Any(v => v.ProgramId == p.Id))
            .Select(p => new { p.Id, p.Code, p.FundId }).ToDictionaryAsync(p => p.Id, ct);
        var providers = await db.Providers.AsNoTracking().Where(p => touched.Any(v => v.ProviderId == p.Id))
            .Select(p => new { p.Id, p.Name, p.TaxCode }).ToDictionaryAsync(p => p.Id, ct);
        var rows = from v in touched
                   join e in db.Enterprises on v.EnterpriseId equals e.Id
                   orderby v.SubmittedAt, v.Id
                   select new
                   {
                       v.Id, v.Code, v.Status, v.ProgramId, v.FiscalYear, v.EnterpriseTaxCode, EnterpriseName = e.Name, v.ServiceKind, v.RequestedAmount,
                       v.FaceValue, v.ContractValue, v.SupportAmount, v.CoPayment, v.AcceptedAmount, v.ClawedBackAmount, v.ProviderId, v.ContractNumber,
                       v.AcceptanceDecisionNumber, v.EInvoiceNumber, v.PaymentReference, v.ValidUntil, v.SubmittedAt, v.UpdatedAt,
                   };
        long count = 0;
        await foreach (var v in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            var program = programs[v.ProgramId];
            var provider = v.ProviderId is { } pid ? providers.GetValueOrDefault(pid) : null;
            Fields(csv, Id(v.Id), v.Code, v.Status.ToString(), Id(v.ProgramId), program.Code, Id(program.FundId), Number(v.FiscalYear),
                v.EnterpriseTaxCode.Value, v.EnterpriseName, v.ServiceKind.ToString(), Number(v.RequestedAmount.Dong), Number(v.FaceValue?.Dong),
                Number(v.ContractValue?.Dong), Number(v.SupportAmount?.Dong), Number(v.CoPayment?.Dong), Number(v.AcceptedAmount?.Dong),
                Number(v.ClawedBackAmount?.Dong), Id(v.ProviderId), provider?.TaxCode.Value, provider?.Name, v.ContractNumber,
                v.AcceptanceDecisionNumber, v.EInvoiceNumber, v.PaymentReference, v.ValidUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Utc(v.SubmittedAt), Utc(v.UpdatedAt));
            await csv.EndRecordAsync(ct);
            count++;
        }
        return count;
    }

    private static void Fields(CsvWriter csv, params string?[] fields)
    {
        foreach (var f in fields) csv.WriteField(Nfc(f));
    }

    private static string Nfc(string? s) => s is null ? "" : s.IsNormalized(NormalizationForm.FormC) ? s : s.Normalize(NormalizationForm.FormC);
    private static string? Number(long? n) => n?.ToString(CultureInfo.InvariantCulture);
    private static string? Id(Guid? id) => id?.ToString("D");
    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
    private static string Local(DateTimeOffset t) => VietnamTime.Local(t).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);

    /// <summary>Passes writes through and hashes them (SHA-256) and counts them, so the manifest states the bytes as written.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _length;

        public string Sha256Hex() => Convert.ToHexStringLower(_hash.GetCurrentHash());

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            _length += buffer.Length;
            inner.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            _hash.AppendData(buffer.Span);
            _length += buffer.Length;
            await inner.WriteAsync(buffer, ct);
        }

        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken ct) => inner.FlushAsync(ct);
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
