using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Exports;
using Vouchers.Infrastructure.Demo;
using Vouchers.Infrastructure.Exports;

namespace Vouchers.Api.Tests;

/// <summary>The auditor's export (zip of journal, fund positions, vouchers and a manifest) on the <see cref="TraceWorld"/>.</summary>
public class AuditExportApiTests(TraceWorldFactory factory) : IClassFixture<TraceWorldFactory>
{
    private sealed record Export(HttpResponseMessage Response, JsonNode Manifest, IReadOnlyDictionary<string, byte[]> Files)
    {
        public List<Dictionary<string, string>> Rows(string file) => Csv(Files[file]);
    }

    private static async Task<Export> Download(HttpClient auditor, string from, string to)
    {
        var response = await auditor.GetAsync($"/api/auditor/exports?from={from}&to={to}");
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
        var files = TestHttp.ZipEntries(body);
        return new Export(response, JsonNode.Parse(files["manifest.json"])!, files);
    }

    /// <summary>Reads a CSV back with CsvHelper, as an auditor's tool would: a header, then one dictionary per record.</summary>
    private static List<Dictionary<string, string>> Csv(byte[] bytes)
    {
        using var reader = CsvReader.Create(bytes, CsvReaderOptions.Default with { Separator = ',', HasHeader = true, TrimWhitespace = false });
        reader.ReadHeader();
        var headers = reader.Headers.ToArray();
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            Assert.Equal(headers.Length, reader.FieldCount);
            rows.Add(headers.Select((h, i) => (h, v: reader.GetString(i) ?? "")).ToDictionary(x => x.h, x => x.v));
        }
        return rows;
    }

    private static string Instant(DateTimeOffset t) => Uri.EscapeDataString(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The journal endpoint's transfer ids for [from, to), oldest first.</summary>
    private static async Task<List<string>> JournalIds(HttpClient auditor, DateTimeOffset from, DateTimeOffset to)
    {
        var ids = new List<string>();
        for (var page = 1; ; page++)
        {
            var p = await auditor.GetAsync($"/api/auditor/ledger/transfers?from={Instant(from)}&to={Instant(to)}&page={page}&pageSize=100").Ok();
            ids.AddRange(p["items"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()));
            if (ids.Count >= p["total"]!.GetValue<int>()) return ids;
        }
    }

    private static DateTimeOffset VietnamMidnight(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.FromHours(7));

    [Fact]
    public async Task Export_ZipsThreeCsvsAndAManifest_WhoseHashesAndRowCountsAreThoseOfTheFiles()
    {
        var w = await factory.World();
        var export = await Download(w.Auditor, "2026-01-01", "2026-12-31");
        Assert.Equal("application/zip", export.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("vouchers-audit-2026-01-01-2026-12-31.zip", export.Response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(["fund-positions.csv", "journal.csv", "manifest.json", "vouchers.csv"], export.Files.Keys.Order(StringComparer.Ordinal));

        var m = export.Manifest;
        Assert.Equal(1, m["formatVersion"]!.GetValue<int>());
        Assert.Equal(("2026-01-01", "2026-12-31", "Asia/Ho_Chi_Minh", true, true),
            (m["range"]!["from"]!.GetValue<string>(), m["range"]!["to"]!.GetValue<string>(), m["range"]!["timeZone"]!.GetValue<string>(),
             m["range"]!["fromInclusive"]!.GetValue<bool>(), m["range"]!["toInclusive"]!.GetValue<bool>()));
        Assert.Equal(VietnamMidnight(2026, 1, 1), DateTimeOffset.Parse(m["range"]!["startsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(VietnamMidnight(2027, 1, 1), DateTimeOffset.Parse(m["range"]!["endsBefore"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));

        var described = m["files"]!.AsArray();
        Assert.Equal(["journal.csv", "fund-positions.csv", "vouchers.csv"], described.Select(f => f!["name"]!.GetValue<string>()));
        foreach (var f in described)
        {
            var name = f!["name"]!.GetValue<string>();
            var bytes = export.Files[name];
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), f["sha256"]!.GetValue<string>());
            Assert.Equal(bytes.LongLength, f["bytes"]!.GetValue<long>());
            Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]); // UTF-8 BOM, for Excel
            Assert.Equal(export.Rows(name).Count, f["rows"]!.GetValue<long>());
            var header = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n")[0];
            Assert.Equal(string.Join(',', f["columns"]!.AsArray().Select(c => c!.GetValue<string>())), header);
        }

        // the journal is every transfer in the range, in the journal's own order (execution order)
        var journal = export.Rows("journal.csv");
        var expected = await JournalIds(w.Auditor, VietnamMidnight(2026, 1, 1), VietnamMidnight(2027, 1, 1));
        Assert.Equal(expected, journal.Select(r => r["transfer_id"]));
        Assert.Equal(Enumerable.Range(1, journal.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), journal.Select(r => r["row"]));
    }

    [Fact]
    public async Task Export_CsvsParseBack_WithTheRightAmounts_AndVietnameseTextComposedAndUnharmed()
    {
        var w = await factory.World();
        var export = await Download(w.Auditor, "2026-01-01", "2026-12-31");
        var journal = export.Rows("journal.csv");
        var paid = await w.Transfers(w.Paid);
        var disbursement = journal.Single(r => r["transfer_id"] == paid["Disbursement"]["id"]!.GetValue<string>());
        Assert.Equal(("Disbursement", "Single", "15000000", ""), (disbursement["kind"], disbursement["phase"], disbursement["amount"], disbursement["released_amount"]));
        Assert.Equal(("ProgramPayable", "ProgramDisbursed"), (disbursement["debit_account_code"], disbursement["credit_account_code"]));
        Assert.Equal(("CT-CDS-P2 — phải trả", "CT-CDS-P2 — đã chi"), (disbursement["debit_account_name"], disbursement["credit_account_name"]));
        Assert.Equal((TraceWorld.FundName, "2026", w.FundId, "CT-CDS-P2"), (disbursement["fund_name"], disbursement["fiscal_year"], disbursement["fund_id"], disbursement["program_code"]));
        Assert.Equal((w.Paid, DemoData.ConsultantName, DemoData.ConsultantTaxCode, "UNC-CT-0001"),
            (disbursement["voucher_id"], disbursement["provider_name"], disbursement["provider_tax_code"], disbursement["reference"]));
        var voucherCode = (await w.Auditor.GetAsync($"/api/auditor/vouchers/{w.Paid}").Ok())["voucher"]!["code"]!.GetValue<string>();
        Assert.Equal(voucherCode, disbursement["voucher_code"]);
        var at = DateTimeOffset.Parse(paid["Disbursement"]["timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(at, DateTimeOffset.Parse(disbursement["timestamp_utc"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith("Z", disbursement["timestamp_utc"], StringComparison.Ordinal);
        Assert.Equal(at, DateTimeOffset.Parse(disbursement["timestamp_local"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith("+07:00", disbursement["timestamp_local"], StringComparison.Ordinal);

        var settlementId = (await w.Transfers(w.ClawedBack))["Settlement"]["id"]!.GetValue<string>();
        var settlement = journal.Single(r => r["transfer_id"] == settlementId);
        Assert.Equal(("6000000", "4000000"), (settlement["amount"], settlement["released_amount"]));
        var clawback = journal.Single(r => r["kind"] == "Clawback" && r["voucher_id"] == w.ClawedBack);
        Assert.Equal(("2000000", "Thu hồi: Hóa đơn khống, thu hồi một phần"), (clawback["amount"], clawback["reason"]));

        var position = await w.Auditor.GetAsync($"/api/auditor/funds/{w.FundId}/positions/{TraceWorld.Year}").Ok();
        var row = export.Rows("fund-positions.csv").Single(r => r["fund_id"] == w.FundId);
        Assert.Equal((TraceWorld.FundName, "can-tho", "SmeDevelopment", "2026", "true"), (row["fund_name"], row["province_code"], row["fund_kind"], row["fiscal_year"], row["balanced"]));
        foreach (var (column, field) in new[] { ("allocated", "allocated"), ("available", "available"), ("unassigned_to_programs", "unassignedToPrograms"),
                     ("committed", "committed"), ("payable", "payable"), ("disbursed", "disbursed") })
            Assert.Equal(position[field]!.GetValue<long>(), long.Parse(row[column], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("300000000", row["allocated"]);

        var vouchers = export.Rows("vouchers.csv");
        var clawed = vouchers.Single(r => r["voucher_id"] == w.ClawedBack);
        Assert.Equal(("ClawedBack", "CT-CDS-P2", DemoData.ConsultantName), (clawed["status"], clawed["program_code"], clawed["provider_name"]));
        Assert.Equal(("10000000", "16000000", "8000000", "8000000", "6000000", "2000000"),
            (clawed["face_value"], clawed["contract_value"], clawed["support_amount"], clawed["co_payment"], clawed["accepted_amount"], clawed["clawed_back_amount"]));
        Assert.Equal(("Rejected", ""), (vouchers.Single(r => r["voucher_id"] == w.Rejected)["status"], vouchers.Single(r => r["voucher_id"] == w.Rejected)["face_value"]));

        // typed in NFD, stored and exported in NFC, every diacritic intact; every text of every file is NFC
        var nfc = TraceWorld.NfdEnterpriseName.Normalize(NormalizationForm.FormC);
        Assert.NotEqual(TraceWorld.NfdEnterpriseName, nfc);
        Assert.Equal(nfc, vouchers.Single(r => r["voucher_id"] == w.Paid)["enterprise_name"]);
        Assert.True(export.Files["vouchers.csv"].AsSpan().IndexOf(Encoding.UTF8.GetBytes(nfc)) >= 0, "the composed name's UTF-8 bytes are in the file");
        Assert.True(export.Files["vouchers.csv"].AsSpan().IndexOf(Encoding.UTF8.GetBytes(TraceWorld.NfdEnterpriseName)) < 0, "no decomposed text in the file");
        foreach (var file in new[] { "journal.csv", "fund-positions.csv", "vouchers.csv" })
            Assert.All(export.Rows(file).SelectMany(r => r.Values), v => Assert.True(v.IsNormalized(NormalizationForm.FormC), $"{file}: '{v}' is not NFC"));
    }

    [Fact]
    public async Task Export_ReadsFromAndToAsVietnameseDates_BothInclusive()
    {
        var w = await factory.World();
        // cancelled at 06:00 on 17/3 in Vietnam, which is 23:00 on 16/3 in UTC: it belongs to the 17th
        var the17th = await Download(w.Auditor, "2026-03-17", "2026-03-17");
        var release = Assert.Single(the17th.Rows("journal.csv"));
        Assert.Equal(("Release", w.Cancelled, "6000000"), (release["kind"], release["voucher_id"], release["amount"]));
        Assert.StartsWith("2026-03-16T23:00:00", release["timestamp_utc"], StringComparison.Ordinal);
        Assert.Equal([w.Cancelled], the17th.Rows("vouchers.csv").Select(r => r["voucher_id"]));
        Assert.Equal([w.FundId], the17th.Rows("fund-positions.csv").Select(r => r["fund_id"]));
        Assert.Equal(1, the17th.Manifest["files"]![0]!["rows"]!.GetValue<long>());

        var the16th = await Download(w.Auditor, "2026-03-16", "2026-03-16");
        var journal = the16th.Rows("journal.csv");
        Assert.DoesNotContain(journal, r => r["transfer_id"] == release["transfer_id"]);
        Assert.Equal(await JournalIds(w.Auditor, VietnamMidnight(2026, 3, 16), VietnamMidnight(2026, 3, 17)), journal.Select(r => r["transfer_id"]));
        Assert.Contains(journal, r => r["voucher_id"] == w.Cancelled && r["kind"] == "Commitment");
    }

    [Fact]
    public async Task ExportWriter_ToADirectory_WritesTheSameCsvFilesAsTheZip_ForACommandLineTool()
    {
        var w = await factory.World();
        var zipped = await Download(w.S.NationalAuditor, "2026-03-01", "2026-03-31"); // the command line is not limited to a province, nor is a national auditor
        var directory = Path.Combine(Path.GetTempPath(), "vouchers-tests", $"export-{Guid.NewGuid():N}");
        try
        {
            using (var scope = factory.Services.CreateScope())
            {
                var writer = new AuditExportWriter(scope.ServiceProvider.GetRequiredService<IVouchersDb>(), scope.ServiceProvider.GetRequiredService<MediatR.IMediator>(),
                    scope.ServiceProvider.GetRequiredService<TimeProvider>(), scope.ServiceProvider.GetRequiredService<IRequestContext>());
                var manifest = await writer.WriteAsync(new ExportRange(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)), new DirectoryExportSink(directory), default);
                Assert.Equal(zipped.Manifest["files"]!.AsArray().Select(f => f!["sha256"]!.GetValue<string>()), manifest.Files.Select(f => f.Sha256));
            }
            Assert.Equal(zipped.Files.Keys.Order(StringComparer.Ordinal), Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            foreach (var name in new[] { "journal.csv", "fund-positions.csv", "vouchers.csv" })
                Assert.Equal(zipped.Files[name], await File.ReadAllBytesAsync(Path.Combine(directory, name)));
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Export_RangeOutsideTheLimits_IsRefusedWithProblemDetailsNamingTheField()
    {
        var w = await factory.World();
        async Task<string> Refused(string query, string field)
        {
            var problem = await w.Auditor.GetAsync($"/api/auditor/exports?{query}").Problem(400);
            Assert.Equal("validation.failed", problem["code"]!.GetValue<string>());
            var errors = problem["errors"]!.AsObject();
            Assert.True(errors.ContainsKey(field), $"{query}: {problem.ToJsonString()}");
            return string.Join(" ", errors[field]!.AsArray().Select(e => e!.GetValue<string>()));
        }
        Assert.Contains("before from", await Refused("from=2026-03-02&to=2026-03-01", "to"));
        Assert.Contains("366", await Refused("from=2026-01-01&to=2027-01-02", "to")); // 367 days: one too many
        await Refused("to=2026-03-01", "from");
        await Refused("from=2026-03-01", "to");
        Assert.Contains("yyyy-MM-dd", await Refused("from=2026-02-30&to=2026-03-01", "from"));
        await Refused("from=16/03/2026&to=2026-03-17", "from");

        var leapYear = await Download(w.Auditor, "2024-01-01", "2024-12-31"); // 366 days: allowed
        Assert.All(leapYear.Manifest["files"]!.AsArray(), f => Assert.Equal(0, f!["rows"]!.GetValue<long>()));
        await Download(w.Auditor, "2026-01-01", "2027-01-01"); // 366 days too
    }
}
