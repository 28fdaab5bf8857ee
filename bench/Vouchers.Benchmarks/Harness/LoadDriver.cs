using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vouchers.Domain.Enterprises;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Benchmarks.Harness;

/// <summary>
/// <c>load --url URL --issuer-port PORT --vouchers N [--seconds S] [--approve-clients 1,8] [--redeem-clients 1,8,32]
/// [--seed-clients 8] [--samples 20] --out FILE</c>: one engine's share of <c>bench/run.sh</c>, against a service that
/// trusts the identity provider this process hosts on PORT (the tests' <see cref="Vouchers.Testing.TestIdentityProvider"/>).
/// <list type="number">
/// <item>Seeds through the service's own API, each step by the person whose job it is: an administrator drafts a
/// consulting program on Đồng Tháp's science fund with an envelope for N vouchers of 1.000.000 ₫, finance approves
/// the envelope, N/10 new small SMEs register, each applies (ten vouchers an SME, within the yearly cap) and a
/// reviewer recommends.</item>
/// <item>Approvals against that one envelope (the contended path), at each of <c>--approve-clients</c> for S seconds;
/// then the rest are approved, unmeasured. Below the four-eyes threshold, so one officer approves.</item>
/// <item>Each SME fetches its voucher's QR token; then the demo consultant redeems distinct vouchers — verify, then
/// redeem under a 2.000.000 ₫ contract (support 1.000.000 ₫) — at each of <c>--redeem-clients</c> for S seconds.
/// One operation = verify + redeem; its latency is the two requests together.</item>
/// <item>The fund's position and the year's reconciliation, <c>--samples</c> sequential requests each, at the size
/// the run left.</item>
/// </list>
/// A level ends after S seconds or when its share of the vouchers is used up (the JSON says which). Prints and
/// writes one JSON document; exits 1 if a phase completed no operation at all.
/// </summary>
public static class LoadDriver
{
    public const string Name = "load";
    private const long FaceValue = 1_000_000;
    private const int VouchersPerSme = 10;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var o = new Options(args);
        var url = o.Text("url").TrimEnd('/');
        var count = o.Int("vouchers");
        var seconds = TimeSpan.FromSeconds(o.Int("seconds", 10));
        var seedClients = o.Int("seed-clients", 8);
        var samples = o.Int("samples", 20);
        var issuer = Vouchers.Testing.TestIdentityProvider.StartOn(o.Int("issuer-port")); // officers act for Đồng Tháp, where the harness seeds
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), MaxConnectionsPerServer = 256 })
            { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(120) };
        var api = new Api(http);
        var admin = issuer.Token("bench-admin", ["admin"]);
        var finance = issuer.Token("bench-finance-binh", ["finance"]);
        var reviewer = issuer.Token("bench-reviewer-an", ["reviewer"]);
        var auditor = issuer.Token("bench-auditor-dung", ["auditor"]);

        // ---- seeding, through the API -----------------------------------------------------------------------------
        var seedWatch = Stopwatch.StartNew();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)); // Asia/Ho_Chi_Minh, as the service's fiscal dates
        var demo = (await api.Ok(HttpMethod.Get, "/api/public/programs?province=dong-thap", null))["items"]!.AsArray()
            .First(p => p!["code"]!.GetValue<string>().StartsWith("DT-CDS-", StringComparison.Ordinal))!;
        var year = demo["fiscalYear"]!.GetValue<int>();
        var fundId = (await api.Ok(HttpMethod.Get, "/api/admin/funds?province=dong-thap", admin)).AsArray()
            .First(f => f!["kind"]!.GetValue<string>() == "ScienceTechnology")!["id"]!.GetValue<string>();
        var program = await api.Ok(HttpMethod.Post, "/api/admin/programs", admin, new
        {
            code = $"BENCH-{Guid.NewGuid():N}"[..20], fundId, fiscalYear = year, name = "Chương trình đo tải (BENCH)",
            envelope = (count + 10) * FaceValue, eligibleServiceKinds = new[] { "DigitalTransformationConsulting" }, eligibleProviderKinds = new[] { "Consultant" },
            supportRatePercent = 50, caps = new[] { new { size = "Small", perVoucher = 50_000_000, perSmePerYear = 50_000_000 } },
            voucherValidityDays = 30, applicationOpens = today.AddDays(-1), applicationCloses = today.AddDays(30),
        });
        var programId = program["id"]!.GetValue<string>();
        await api.Ok(HttpMethod.Post, $"/api/finance/programs/{programId}/approve-envelope", finance,
            new { decisionNumber = $"QĐ-BENCH-{programId[..8]}", decisionDate = today }, Key());
        var providerId = Guid.Parse((await api.Ok(HttpMethod.Get, "/api/public/providers?pageSize=100", null))["items"]!.AsArray()
            .First(p => p!["taxCode"]!.GetValue<string>() == DemoData.ConsultantTaxCode)!["id"]!.GetValue<string>());

        var smes = Enumerable.Range(0, (count + VouchersPerSme - 1) / VouchersPerSme).Select(_ => NewTaxCode()).Distinct().ToArray();
        var smeTokens = smes.ToDictionary(t => t, t => issuer.Token($"bench-sme-{t}", ["sme"], taxCode: t));
        var (registered, _) = await Measurement.DriveAsync(seedClients, TimeSpan.FromHours(1), smes, async t =>
            await api.Try(HttpMethod.Put, "/api/sme/enterprise", smeTokens[t], Profile(t)));
        var applications = Enumerable.Range(0, count).Select(i => smes[i % smes.Length]).ToArray();
        var (applied, recommended) = await Measurement.DriveAsync(seedClients, TimeSpan.FromHours(1), applications.Select((t, i) => new Seeded(t, i)), async s =>
        {
            var (error, body) = await api.Send(HttpMethod.Post, "/api/sme/applications", smeTokens[s.TaxCode], new
            {
                programId, serviceKind = "DigitalTransformationConsulting", requestedAmount = FaceValue, purpose = "Lộ trình chuyển đổi số (BENCH)",
            });
            if (error is not null) return error;
            s.Id = body!["id"]!.GetValue<string>();
            return await api.Try(HttpMethod.Post, $"/api/reviewer/vouchers/{s.Id}/recommend", reviewer, new { note = "Đủ điều kiện" });
        });
        seedWatch.Stop();
        Console.Error.WriteLine($"seeded {recommended.Count} applications (recommended) of {smes.Length} SMEs in {seedWatch.Elapsed.TotalSeconds:0.0} s");

        // ---- approvals on one envelope --------------------------------------------------------------------------
        Task<string?> Approve(Seeded s) => api.Try(HttpMethod.Post, $"/api/finance/vouchers/{s.Id}/approve", finance, new { }, Key());
        var toApprove = new Queue<Seeded>(recommended.OrderBy(s => s.Index));
        var issued = new List<Seeded>();
        issued.AddRange((await Measurement.DriveAsync(1, TimeSpan.FromHours(1), Take(toApprove, Math.Min(5, toApprove.Count / 10)), Approve)).Done); // warm-up
        var approvals = new List<Level>();
        var approveLevels = o.Ints("approve-clients", "1,8");
        for (var l = 0; l < approveLevels.Length; l++)
        {
            var share = toApprove.Count / (approveLevels.Length - l + 1); // leave a share for the redemption's warm-up and levels
            var (level, done) = await Measurement.DriveAsync(approveLevels[l], seconds, Take(toApprove, share), Approve);
            approvals.Add(level);
            issued.AddRange(done);
            Console.Error.WriteLine($"approvals, {level.Clients} clients: {level.Ok} in {level.Seconds} s = {level.PerSecond}/s, p99 {level.P99Ms} ms, {level.Errors} errors");
        }
        var (rest, restDone) = await Measurement.DriveAsync(seedClients, TimeSpan.FromHours(1), Take(toApprove, toApprove.Count), Approve);
        issued.AddRange(restDone);

        // ---- QR tokens, then redemption ------------------------------------------------------------------------
        var (qrs, withToken) = await Measurement.DriveAsync(seedClients, TimeSpan.FromHours(1), issued.OrderBy(s => s.Index), async s =>
        {
            var (error, body) = await api.Send(HttpMethod.Get, $"/api/sme/vouchers/{s.Id}/qr", smeTokens[s.TaxCode], null);
            if (error is not null) return error;
            s.Token = body!["token"]!.GetValue<string>();
            return null;
        });
        var provider = issuer.Token($"bench-provider-{providerId:N}-staff", ["provider"], providerId: providerId);
        async Task<string?> Redeem(Seeded s)
        {
            var (error, verdict) = await api.Send(HttpMethod.Post, "/api/provider/vouchers/verify", provider, new { token = s.Token });
            if (error is not null) return "verify: " + error;
            if (verdict!["valid"]?.GetValue<bool>() != true || verdict["voucher"]?["mayRedeem"]?.GetValue<bool>() != true)
                return "verify said no: " + verdict.ToJsonString();
            return await api.Try(HttpMethod.Post, "/api/provider/vouchers/redeem", provider,
                new { token = s.Token, contractValue = 2 * FaceValue, contractNumber = $"HĐ-BENCH-{s.Index}" }, Key());
        }
        var toRedeem = new Queue<Seeded>(withToken.OrderBy(s => s.Index));
        await Measurement.DriveAsync(1, TimeSpan.FromHours(1), Take(toRedeem, Math.Min(10, toRedeem.Count / 10)), Redeem); // warm-up
        var redemption = new List<Level>();
        var redeemLevels = o.Ints("redeem-clients", "1,8,32");
        Console.Error.WriteLine("redemption: measuring"); // bench/run.sh's BENCH_PROFILE starts sampling here
        for (var l = 0; l < redeemLevels.Length; l++)
        {
            var (level, _) = await Measurement.DriveAsync(redeemLevels[l], seconds, Take(toRedeem, toRedeem.Count / (redeemLevels.Length - l)), Redeem);
            redemption.Add(level);
            Console.Error.WriteLine($"redemption, {level.Clients} clients: {level.Ok} in {level.Seconds} s = {level.PerSecond}/s, p50 {level.P50Ms} ms, p99 {level.P99Ms} ms, {level.Errors} errors");
        }

        // ---- the fund's position and the year's reconciliation, at the size the run left ------------------------
        var (position, _) = await Measurement.DriveAsync(1, TimeSpan.FromHours(1), Enumerable.Range(0, samples), _ =>
            api.Try(HttpMethod.Get, $"/api/finance/funds/{fundId}/positions/{year}", finance));
        JsonNode? lastReconciliation = null;
        var (reconciliation, _) = await Measurement.DriveAsync(1, TimeSpan.FromHours(1), Enumerable.Range(0, Math.Max(1, samples / 4)), async _ =>
        {
            var (error, body) = await api.Send(HttpMethod.Get, $"/api/auditor/reconciliation/{year}", auditor, null);
            lastReconciliation = body;
            return error ?? (body!["ok"]?.GetValue<bool>() == true ? null : "reconciliation not ok: " + body.ToJsonString()[..Math.Min(300, body.ToJsonString().Length)]);
        });

        var result = new
        {
            url, vouchers = count, smes = smes.Length, fiscalYear = year, programId, fundId,
            seed = new
            {
                seconds = Math.Round(seedWatch.Elapsed.TotalSeconds, 2), registered = registered.Ok, recommended = recommended.Count,
                recommendedPerSecond = Math.Round(recommended.Count / seedWatch.Elapsed.TotalSeconds, 1), errors = registered.Errors + applied.Errors,
                firstError = registered.FirstError ?? applied.FirstError,
            },
            approvals, approvedUnmeasured = rest, qrTokens = qrs, redemption,
            position, reconciliation, vouchersChecked = lastReconciliation?["vouchersChecked"]?.GetValue<int>(),
        };
        var json = JsonSerializer.Serialize(result, Json);
        await File.WriteAllTextAsync(o.Text("out"), json);
        Console.WriteLine(json);
        var empty = approvals.Concat(redemption).Append(position).Append(reconciliation).Any(l => l.Ok == 0) || recommended.Count == 0;
        if (empty) Console.Error.WriteLine("a phase completed no operation at all: see the errors above");
        return empty ? 1 : 0;
    }

    private static IEnumerable<T> Take<T>(Queue<T> queue, int n)
    {
        var taken = new List<T>(n);
        while (taken.Count < n && queue.TryDequeue(out var item)) taken.Add(item);
        return taken;
    }

    private static string Key() => Guid.NewGuid().ToString("N");

    private static string NewTaxCode()
    {
        string code;
        do { code = Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture); }
        while (TaxCode.ComputeCheckDigit(code) is null);
        return TaxCode.WithCheckDigit(code).Value;
    }

    /// <summary>A small trading company in Đồng Tháp (30 staff, 40 billion revenue): caps 50M a voucher and a year.</summary>
    private static object Profile(string taxCode) => new
    {
        name = $"Công ty TNHH Đo tải {taxCode[..9]}", provinceCode = "dong-thap", communeWard = "Phường Sa Đéc", sectorGroup = "TradeServices",
        sector = "Trade", averageInsuredEmployees = 30, annualRevenue = 40_000_000_000, totalCapital = 20_000_000_000,
    };

    private sealed class Seeded(string taxCode, int index)
    {
        public string TaxCode { get; } = taxCode;
        public int Index { get; } = index;
        public string Id { get; set; } = "";
        public string Token { get; set; } = "";
    }

    /// <summary>JSON over HTTP with a bearer token; an answer outside 2xx is an error naming its status and body.</summary>
    private sealed class Api(HttpClient http)
    {
        public async Task<(string? Error, JsonNode? Body)> Send(HttpMethod method, string path, string? token, object? body, string? idempotencyKey = null)
        {
            using var request = new HttpRequestMessage(method, path);
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
            if (body is not null) request.Content = new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json");
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) return ($"{method} {path}: {(int)response.StatusCode} {text}", null);
            return (null, text.Length == 0 ? null : JsonNode.Parse(text));
        }

        public async Task<string?> Try(HttpMethod method, string path, string? token, object? body = null, string? idempotencyKey = null) =>
            (await Send(method, path, token, body, idempotencyKey)).Error;

        public async Task<JsonNode> Ok(HttpMethod method, string path, string? token, object? body = null, string? idempotencyKey = null)
        {
            var (error, answer) = await Send(method, path, token, body, idempotencyKey);
            return error is null ? answer! : throw new InvalidOperationException(error);
        }
    }
}
