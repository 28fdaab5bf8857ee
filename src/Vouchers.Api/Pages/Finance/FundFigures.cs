using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Vouchers.Api.Web;
using Vouchers.Application.Funds;

namespace Vouchers.Api.Pages.Finance;

/// <summary>One table of a fund's dashboard: a label per row and whole-đồng (or count) values per column.</summary>
/// <param name="Key">Stable name of the table (<c>position</c>, <c>programs</c>, <c>kinds</c>, <c>months</c>, <c>pipeline</c>), as the CSV's first column says it.</param>
/// <param name="Money">Which columns are amounts in đồng (the others are counts).</param>
public sealed record FigureTable(string Key, string Title, string RowHeader, IReadOnlyList<string> Columns, IReadOnlyList<bool> Money,
    IReadOnlyList<FigureRow> Rows);

public sealed record FigureRow(string Label, IReadOnlyList<long> Values);

/// <summary>
/// The figures of a fund's dashboard for a fiscal year, as one set of tables that the page shows (as charts and tables)
/// and the downloads write (XLSX, CSV): the position exactly as <see cref="GetFundPosition"/> computes it, its programs,
/// and <see cref="GetFundDashboard"/>'s service kinds, months and pipeline. Labels in the page's language.
/// </summary>
public sealed class FundFigures
{
    public required FundView Fund { get; init; }
    public required int FiscalYear { get; init; }
    public required IReadOnlyList<FigureTable> Tables { get; init; }

    public FigureTable this[string key] => Tables.Single(t => t.Key == key);

    public static FundFigures Of(FundView fund, FundPosition p, FundDashboard d, IStringLocalizer l, IStringLocalizer t)
    {
        string S(string key) => l[key].Value;
        var position = new FigureTable("position", S("Dashboard.Position"), S("Dashboard.Figure"), [S("Dashboard.Amount")], [true],
        [
            new(S("Figures.Allocated"), [p.Allocated]), new(S("Figures.Available"), [p.Available]), new(S("Figures.Committed"), [p.Committed]),
            new(S("Figures.Payable"), [p.Payable]), new(S("Figures.Disbursed"), [p.Disbursed]),
        ]);
        var programs = new FigureTable("programs", S("Dashboard.ByProgram"), S("Dashboard.Program"),
            [S("Dashboard.Envelope"), S("Figures.Available"), S("Figures.Committed"), S("Figures.Payable"), S("Figures.Disbursed")], [true, true, true, true, true],
            p.Programs.Select(x => new FigureRow(x.Code, [x.Envelope, x.Available, x.Committed, x.Payable, x.Disbursed])).ToArray());
        var kinds = new FigureTable("kinds", S("Dashboard.ByKind"), S("Dashboard.Kind"),
            [S("Dashboard.Vouchers"), S("Figures.Committed"), S("Figures.Payable"), S("Figures.Disbursed")], [false, true, true, true],
            d.ByServiceKind.Select(k => new FigureRow(Display.ServiceKind(t, k.ServiceKind), [k.Vouchers, k.Committed, k.Payable, k.Disbursed])).ToArray());
        var months = new FigureTable("months", S("Dashboard.ByMonth"), S("Dashboard.Month"),
            [S("Dashboard.NewCommitments"), S("Dashboard.Settled"), S("Figures.Disbursed")], [true, true, true],
            d.ByMonth.Select(m => new FigureRow(Month(m.Month), [m.Committed, m.Settled, m.Disbursed])).ToArray());
        var pipeline = new FigureTable("pipeline", S("Dashboard.Pipeline"), S("Dashboard.Status"), [S("Dashboard.Vouchers"), S("Dashboard.PipelineAmount")], [false, true],
            d.Pipeline.Select(s => new FigureRow(Display.Status(t, s.Status), [s.Vouchers, s.Amount])).ToArray());
        return new FundFigures { Fund = fund, FiscalYear = p.FiscalYear, Tables = [position, programs, kinds, months, pipeline] };
    }

    /// <summary><c>2026-03</c> as a Vietnamese reader writes a month: <c>03/2026</c>.</summary>
    private static string Month(string yyyyMm) =>
        DateOnly.TryParseExact(yyyyMm + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.ToString("MM/yyyy", CultureInfo.InvariantCulture) : yyyyMm;

    /// <summary>A file name for the downloads: <c>quy-{id8}-{year}</c>.</summary>
    public string FileStem => $"bang-so-lieu-quy-{Fund.Id.ToString("N")[..8]}-{FiscalYear}";

    /// <summary>One sheet per table: the row label, then the table's columns; amounts as numbers (whole đồng).</summary>
    public byte[] Xlsx()
    {
        var sheets = new Dictionary<string, object>();
        foreach (var table in Tables)
        {
            var rows = table.Rows.Select(r =>
            {
                var row = new Dictionary<string, object> { [table.RowHeader] = r.Label };
                for (var i = 0; i < table.Columns.Count; i++) row[table.Columns[i]] = r.Values[i];
                return row;
            }).ToList();
            if (rows.Count == 0) rows.Add(table.Columns.Prepend(table.RowHeader).ToDictionary(c => c, _ => (object)""));
            sheets[SheetName(table.Title)] = rows;
        }
        using var stream = new MemoryStream();
        stream.SaveAs(sheets, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static string SheetName(string title)
    {
        var clean = new string(title.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray());
        return clean.Length <= 31 ? clean : clean[..31];
    }

    public static readonly CsvWriterOptions CsvOptions = CsvWriterOptions.Default with
    {
        NewLine = "\r\n", Quoting = CsvQuoting.WhenNeeded, Injection = CsvInjection.Escape, WriteByteOrderMark = true,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    /// <summary>
    /// Every figure as one long table, UTF-8 with a BOM (so Excel reads Vietnamese): the table's key and title, the row,
    /// the column and the value (whole đồng or a count, invariant digits).
    /// </summary>
    public async Task<byte[]> CsvAsync(IStringLocalizer l, CancellationToken ct)
    {
        using var stream = new MemoryStream();
        await using (var csv = CsvWriter.Create(stream, CsvOptions, leaveOpen: true))
        {
            csv.WriteHeader([l["Csv.Table"].Value, l["Csv.Title"].Value, l["Csv.Row"].Value, l["Csv.Column"].Value, l["Csv.Value"].Value]);
            foreach (var table in Tables)
            foreach (var row in table.Rows)
            for (var i = 0; i < table.Columns.Count; i++)
            {
                foreach (var field in new[] { table.Key, table.Title, row.Label, table.Columns[i], row.Values[i].ToString(CultureInfo.InvariantCulture) })
                    csv.WriteField(field.Normalize(NormalizationForm.FormC));
                await csv.EndRecordAsync(ct);
            }
        }
        return stream.ToArray();
    }
}
