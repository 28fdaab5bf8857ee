using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vouchers.Application.Abstractions;
using Vouchers.Infrastructure.Demo;
using Xunit.Abstractions;

namespace Vouchers.Api.Tests;

/// <summary>
/// Bad input against every operation of the service's own OpenAPI document (a new endpoint is fuzzed without a change
/// here), over real HTTP (Kestrel, so the 256 KiB body limit is the real one), with a token of the role the document
/// names for the operation and a fresh Idempotency-Key where it requires one, on real objects in the states where the
/// operation is allowed (so the handler's own validation is reached) and on ids that do not exist or do not parse.
/// <para>
/// Every answer must be a 4xx <c>application/problem+json</c> with <c>status</c> and <c>code</c> (and the fields, for a
/// validation problem): never a 5xx, never a 2xx to input that is invalid. And nothing may be written: the business
/// state (<see cref="StateFingerprint"/>: every table but the audit trail) is read after each operation's cases and
/// must equal the state before them.
/// </para>
/// <para>
/// A case is either <see cref="Kind.Invalid"/> (the service must refuse it, whatever it is sent to) or
/// <see cref="Kind.Odd"/> (an extreme but possibly valid value: NFD Vietnamese, an emoji, 0, long.MaxValue, a numeric
/// string the document allows). Odd cases are sent where the request is refused for another reason (an id that does not
/// exist, or a second field that is invalid), so they may never write; on a GET they may also be answered 2xx (see
/// <see cref="MayPass"/>: the explicit rules). The seed is printed; the same seed sends the same requests.
/// </para>
/// </summary>
public class BadInputFuzzTests : IDisposable
{
    public const int Seed = 20260316;
    private const int MaxCasesPerOperation = 80, MinCasesPerOperation = 5, MinOperations = 60, MinRequests = 1500;

    private readonly ApiFactory _factory = new();
    private readonly ITestOutputHelper _out;
    private readonly Random _random;

    public BadInputFuzzTests(ITestOutputHelper output)
    {
        _out = output;
        var seed = Environment.GetEnvironmentVariable("FUZZ_SEED") is { } s && int.TryParse(s, out var v) ? v : Seed;
        _random = new Random(seed);
        _out.WriteLine($"fuzz seed {seed} (set FUZZ_SEED to replay another)");
        _factory.UseKestrel(0); // real HTTP: the body size limit and the framing are Kestrel's own
        _factory.StartServer();
    }

    public void Dispose() => _factory.Dispose();

    public enum Kind { Invalid, Odd }

    /// <summary>One request. <paramref name="Body"/> null: no content at all.</summary>
    public sealed record Case(string Op, string Category, string Description, Kind Kind, string Method, string Url, string Caller,
        string? IdempotencyKey, byte[]? Body, string? ContentType, bool MayPass = false, int? Expect = null)
    {
        public override string ToString()
        {
            var body = Body is null ? "(no body)" : Body.Length > 400 ? $"{Show(Body[..400])}… ({Body.Length} bytes)" : Show(Body);
            return $"{Method} {Cut(Url, 300)}\n    as {Caller}; Idempotency-Key: {IdempotencyKey ?? "(none)"}; Content-Type: {ContentType ?? "(none)"}\n    body: {body}";
        }

        private static string Show(byte[] b)
        {
            try { return new UTF8Encoding(false, true).GetString(b); }
            catch (DecoderFallbackException) { return "hex " + Convert.ToHexString(b); }
        }
    }

    private sealed record Operation(string Method, string Path, string Id, string[] Roles, JsonArray Parameters, JsonNode? BodySchema, bool IdempotencyKey)
    {
        public bool Anonymous => Roles.Length == 0;
        public IEnumerable<JsonNode> In(string where) => Parameters.Where(p => p!["in"]!.GetValue<string>() == where)!;
    }

    /// <summary>A field of a body schema, with the path to it (a field of an array's items is reached through item 0).</summary>
    private sealed record Field(string Name, object[] Path, JsonNode Schema, bool Required, bool Nullable);

    // ───────────────────────────── the world the cases are sent into ─────────────────────────────

    private sealed class World
    {
        public required Scenario S;
        public required Dictionary<string, string> Voucher; // state → voucher id
        public required string FundId, ProgramId, DraftProgramId, TransferId, IssuedToken, ConsultantId, SmeWithoutVouchers;
        public required Dictionary<string, string> OwnerTaxCode;
    }

    /// <summary>The state where each voucher operation is allowed (its "live" target). An operation not listed here gets a voucher in some state.</summary>
    private static readonly Dictionary<string, string> LiveState = new()
    {
        ["ResubmitApplication"] = "ReturnedForInfo", ["WithdrawVoucher"] = "Submitted", ["ConfirmDelivery"] = "Delivered",
        ["DisputeDeliveryAsSme"] = "Delivered", ["GetVoucherQr"] = "Issued", ["GetVoucherQrPng"] = "Issued", ["GetVoucherQrSvg"] = "Issued",
        ["GetVoucherCard"] = "Issued", ["ReissueVoucherQr"] = "Issued", ["RecommendApplication"] = "Submitted", ["ReturnApplication"] = "Submitted",
        ["RejectApplication"] = "Submitted", ["AcceptDelivery"] = "DeliveryConfirmed", ["RequestRework"] = "DeliveryConfirmed",
        ["DisputeDeliveryAsReviewer"] = "Delivered", ["ApproveVoucher"] = "Recommended", ["RejectApplicationAsFinance"] = "Recommended",
        ["CancelVoucher"] = "Issued", ["SettleVoucher"] = "PaymentClaimed", ["DisburseVoucher"] = "Settled", ["ClawBackVoucher"] = "Paid",
        ["ReportDelivery"] = "Redeemed", ["ClaimPayment"] = "Accepted", ["GetRedeemedVoucher"] = "Delivered",
    };

    private async Task<World> MakeWorld()
    {
        var s = new Scenario(_factory);
        var v = new Dictionary<string, string>();
        var owners = new Dictionary<string, string>();
        async Task<string> Fresh(string state)
        {
            var taxCode = await s.NewSme();
            var id = await s.Apply(1_000_000, taxCode);
            owners[id] = taxCode;
            return v[state] = id;
        }
        await Fresh("Submitted");
        await s.Reviewer.Post($"/api/reviewer/vouchers/{await Fresh("ReturnedForInfo")}/return", new { reason = "Bổ sung hồ sơ" }).Ok();
        await s.Recommend(await Fresh("Recommended"));
        foreach (var state in new[] { "Issued", "Redeemed", "Delivered", "DeliveryConfirmed", "Accepted", "PaymentClaimed", "Settled", "Paid" })
        {
            var id = await Fresh(state);
            await s.Recommend(id);
            await s.Approve(id);
            if (state == "Issued") continue;
            await s.Redeem(id, 2_000_000);
            if (state == "Redeemed") continue;
            await s.ProviderOf(id).Post($"/api/provider/vouchers/{id}/deliver", new { note = "Đã bàn giao" }).Ok();
            if (state == "Delivered") continue;
            await s.SmeOf(id).Post($"/api/sme/vouchers/{id}/confirm-delivery", new { }).Ok();
            if (state == "DeliveryConfirmed") continue;
            await s.Reviewer.Post($"/api/reviewer/vouchers/{id}/accept", new { decisionNumber = "BB-FUZZ" }).Ok();
            if (state == "Accepted") continue;
            await s.ProviderOf(id).Post($"/api/provider/vouchers/{id}/claim-payment", new { eInvoiceNumber = $"C26-{id[^8..]}" }, TestHttp.Key()).Ok();
            if (state == "PaymentClaimed") continue;
            await s.Finance2.Post($"/api/finance/vouchers/{id}/settle", null, TestHttp.Key()).Ok();
            if (state == "Settled") continue;
            await s.Finance3.Post($"/api/finance/vouchers/{id}/disburse", new { paymentReference = "UNC-FUZZ" }, TestHttp.Key()).Ok();
        }
        var program = await s.Program();
        var fundId = program["fundId"]!.GetValue<string>();
        var draft = await s.Admin.Post("/api/admin/programs", new
        {
            code = "FUZZ-DRAFT", fundId, fiscalYear = 2026, name = "Chương trình thử dữ liệu xấu", envelope = 10_000_000,
            eligibleServiceKinds = new[] { "LabTesting" }, eligibleProviderKinds = new[] { "TestingLab" }, supportRatePercent = 50,
            caps = new[] { new { size = "Small", perVoucher = 5_000_000, perSmePerYear = 5_000_000 } }, voucherValidityDays = 30,
            applicationOpens = "2026-01-01", applicationCloses = "2026-12-31",
        }).Ok();
        var transfer = (await s.Auditor.GetAsync("/api/auditor/ledger/transfers?pageSize=1").Ok())["items"]![0]!["id"]!.GetValue<string>();
        // the chain's head is signed now, so a later MakeCheckpoint (which takes no input at all) has nothing to sign
        await s.Admin.Post("/api/admin/ledger/checkpoints").Ok();
        return new World
        {
            S = s, Voucher = v, OwnerTaxCode = owners, FundId = fundId, ProgramId = program["id"]!.GetValue<string>(),
            DraftProgramId = draft["id"]!.GetValue<string>(), TransferId = transfer, IssuedToken = await s.Token(v["Issued"]),
            ConsultantId = await s.ProviderId(DemoData.ConsultantTaxCode), SmeWithoutVouchers = await s.NewSme(),
        };
    }

    // ───────────────────────────── the test ─────────────────────────────

    [Fact]
    public async Task EveryOperation_RefusesBadInput_WithAProblem_AndWritesNothing()
    {
        var clock = Stopwatch.StartNew();
        var w = await MakeWorld();
        var doc = await w.S.Public.GetAsync("/openapi/v1.json").Ok();
        var operations = Operations(doc).ToList();
        _out.WriteLine($"world ready in {clock.Elapsed.TotalSeconds:F1} s; {operations.Count} operations in the document");

        var failures = new List<string>();
        var perOperation = new Dictionary<string, int>();
        var categories = new Dictionary<string, int>();
        var statuses = new SortedDictionary<int, int>();
        var start = StateFingerprint.Read(_factory.Services);
        var before = start;
        var sent = 0;
        var fuzzClock = Stopwatch.StartNew();
        foreach (var op in operations)
        {
            var cases = CasesFor(op, w, doc).ToList();
            if (cases.Count > MaxCasesPerOperation) cases = cases.OrderBy(_ => _random.Next()).Take(MaxCasesPerOperation).ToList();
            perOperation[$"{op.Method} {op.Path}"] = cases.Count;
            foreach (var c in cases)
            {
                int status; string? mediaType; string body;
                try { (status, mediaType, body) = await Send(c, w); }
                catch (HttpRequestException e)
                {
                    failures.Add($"[{c.Op}] {c.Category}: {c.Description} ({c.Kind})\n    no answer: {e.Message} {e.InnerException?.Message}\n    {c}");
                    continue;
                }
                sent++;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                categories[c.Category] = categories.GetValueOrDefault(c.Category) + 1;
                if (Violation(c, status, mediaType, body) is { } why)
                    failures.Add($"[{c.Op}] {c.Category}: {c.Description} ({c.Kind})\n    {why}\n    {c}\n    → {status} {mediaType}: {Cut(body, 800)}");
            }
            var after = StateFingerprint.Read(_factory.Services);
            if (after.Hash != before.Hash)
                failures.Add($"[{op.Id}] {op.Method} {op.Path}: its bad-input cases WROTE to the database:\n{after.DiffFrom(before)}");
            before = after;
        }
        var end = StateFingerprint.Read(_factory.Services);

        _out.WriteLine($"{sent} requests to {perOperation.Count} operations in {fuzzClock.Elapsed.TotalSeconds:F1} s (whole test {clock.Elapsed.TotalSeconds:F1} s)");
        _out.WriteLine("answers: " + string.Join(", ", statuses.Select(kv => $"{kv.Key}×{kv.Value}")));
        _out.WriteLine("categories: " + string.Join(", ", categories.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}×{kv.Value}")));
        _out.WriteLine($"state: {start.Rows} rows in {start.Tables.Count} tables (audit trail excluded), hash {start.Hash[..16]} before, {end.Hash[..16]} after");

        foreach (var f in failures) _out.WriteLine("FAIL " + f.Split('\n')[0] + " | " + f.Split('\n').ElementAtOrDefault(1)?.Trim() + " | " + f.Split('\n').LastOrDefault()?.Trim()[..Math.Min(200, f.Split('\n').Last().Trim().Length)]);
        Assert.True(failures.Count == 0, $"{failures.Count} failures (seed {Seed}); the first 25:\n\n" + string.Join("\n\n", failures.Take(25)));
        Assert.Equal(start.Hash, end.Hash);
        // not vacuous: every operation of the document, public GETs included, got cases, and every kind of case was sent
        Assert.True(perOperation.Count >= MinOperations, $"only {perOperation.Count} operations");
        Assert.All(perOperation, kv => Assert.True(kv.Value >= MinCasesPerOperation, $"{kv.Key}: only {kv.Value} cases"));
        Assert.Contains(perOperation.Keys, k => k.StartsWith("GET /api/public/", StringComparison.Ordinal));
        Assert.True(sent >= MinRequests, $"only {sent} requests");
        foreach (var category in new[] { "malformed-json", "wrong-content-type", "invalid-utf8", "wrong-type", "missing-required", "unknown-field",
                     "huge-string", "too-large", "deep-nesting", "amount", "date", "tax-code", "unicode", "paging", "enum", "repeated-param",
                     "unknown-param", "missing-id", "malformed-id", "idempotency-key", "duplicate-key", "case-variant", "string-amount", "zero-width", "token-claim" })
            Assert.True(categories.GetValueOrDefault(category) > 0, $"no case of category {category} was sent");
    }

    // ───────────────────────────── what is acceptable ─────────────────────────────

    private static string? Violation(Case c, int status, string? mediaType, string body)
    {
        if (status >= 500) return $"a {status}: the service failed on input it should have refused";
        if (status < 400) return c.MayPass ? null : $"a {status} to invalid input";
        if (c.Expect is { } expected && status != expected) return $"a {status} where the answer must be {expected}";
        // Kestrel refuses these itself, before any middleware runs, with a bodiless answer the service cannot shape: an
        // encoded NUL in the path (400) and a request line over 8 KiB (414). They reach no endpoint and write nothing.
        if (body.Length == 0 && mediaType is null
            && ((status == 400 && c.Url.Split('?')[0].Contains("%00", StringComparison.Ordinal)) || (status == 414 && c.Url.Length > 8 * 1024)))
            return null;
        if (mediaType != "application/problem+json") return $"a {status} that is not application/problem+json";
        JsonNode? problem;
        try { problem = JsonNode.Parse(body); }
        catch (JsonException) { return "the problem is not JSON"; }
        if (problem?["status"]?.GetValue<int>() != status) return "the problem's status is not the answer's";
        if (problem["code"] is not JsonValue code || string.IsNullOrWhiteSpace(code.GetValue<string>())) return "the problem has no code";
        if (code.GetValue<string>() is "validation.failed" or "value.invalid" or "idempotency.key-required"
            && (problem["errors"] is not JsonObject errors || errors.Count == 0 || errors.Any(e => string.IsNullOrWhiteSpace(e.Key))))
            return "a validation problem that names no field";
        return null;
    }

    // ───────────────────────────── the document ─────────────────────────────

    private static IEnumerable<Operation> Operations(JsonNode doc)
    {
        foreach (var (path, item) in doc["paths"]!.AsObject())
        foreach (var (method, op) in item!.AsObject().Where(kv => kv.Key is "get" or "post" or "put" or "delete" or "patch"))
        {
            var parameters = op!["parameters"]?.AsArray() ?? [];
            yield return new Operation(method.ToUpperInvariant(), path, op["operationId"]!.GetValue<string>(),
                op["x-roles"]!.AsArray().Select(r => r!.GetValue<string>()).ToArray(), parameters,
                op["requestBody"]?["content"]?["application/json"]?["schema"] is { } schema ? Resolve(doc, schema) : null,
                parameters.Any(p => p!["in"]!.GetValue<string>() == "header" && p["name"]!.GetValue<string>() == "Idempotency-Key" && p["required"]?.GetValue<bool>() == true));
        }
    }

    private static JsonNode Resolve(JsonNode doc, JsonNode schema)
    {
        if (schema["$ref"]?.GetValue<string>() is { } r) return Resolve(doc, doc["components"]!["schemas"]![r.Split('/')[^1]]!);
        if (schema["oneOf"] is JsonArray one && one.FirstOrDefault(s => s!["type"]?.ToString() != "null") is { } some) return Resolve(doc, some);
        return schema;
    }

    private static string[] Types(JsonNode s) => s["type"] switch
    {
        JsonArray a => a.Select(t => t!.GetValue<string>()).ToArray(),
        JsonValue v => [v.GetValue<string>()],
        _ => s["enum"] is not null ? ["enum"] : ["object"],
    };

    private static bool IsNullable(JsonNode s) => Types(s).Contains("null") || (s["enum"] is JsonArray e && e.Any(x => x is null));

    private static IEnumerable<Field> Fields(JsonNode doc, JsonNode schema, object[] prefix)
    {
        var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
        foreach (var (name, raw) in schema["properties"]?.AsObject() ?? [])
        {
            var isNullable = IsNullable(raw!);
            var s = Resolve(doc, raw!);
            var path = prefix.Append(name).ToArray();
            yield return new Field(name, path, s, required.Contains(name), isNullable || IsNullable(s));
            if (Types(s).Contains("array") && s["items"] is { } items && Resolve(doc, items) is var item && item["properties"] is not null)
                foreach (var f in Fields(doc, item, path.Append(0).ToArray())) yield return f;
        }
    }

    // ───────────────────────────── the cases ─────────────────────────────

    private IEnumerable<Case> CasesFor(Operation op, World w, JsonNode doc)
    {
        var cases = new List<Case>();
        var live = LiveRoute(op, w);
        var liveUrl = Url(op, live);
        var baseBody = op.BodySchema is null ? null : BaseBody(doc, op.BodySchema, w);
        var fields = op.BodySchema is null ? [] : Fields(doc, op.BodySchema, []).ToList();

        Case Make(string category, string description, Kind kind, string? url = null, byte[]? body = null, string? contentType = "application/json",
            Dictionary<string, string>? route = null, string? key = "fresh", bool mayPass = false, string? caller = null, int? expect = null)
        {
            route ??= live;
            var u = url ?? Url(op, route);
            var hasBody = body is not null;
            return new Case(op.Id, category, description, kind, op.Method, u, caller ?? CallerFor(op, route, w),
                op.IdempotencyKey ? key == "fresh" ? RandomGuid().ToString() : key : null, body, hasBody ? contentType : null,
                mayPass || MayPass(op, kind, category), expect);
        }

        // A route for an Odd case: the request must be refused for another reason, so the first uuid in the route
        // names nothing (or, without one, the body gets a companion field that is invalid).
        Dictionary<string, string>? DeadRoute()
        {
            var id = op.In("path").FirstOrDefault(p => p["schema"]?["format"]?.ToString() == "uuid");
            if (id is null) return null;
            var r = new Dictionary<string, string>(live) { [id["name"]!.GetValue<string>()] = RandomGuid().ToString() };
            return r;
        }
        var dead = DeadRoute();

        // ── the body
        if (baseBody is not null)
        {
            var json = baseBody.ToJsonString();
            foreach (var (description, raw) in new[]
                     {
                         ("truncated", json[..(json.Length / 2)]), ("trailing garbage", json + "}x"), ("{\"a\":}", "{\"a\":}"),
                         ("a bare string", "\"hello\""), ("an array", "[" + json + "]"), ("an empty array", "[]"), ("null", "null"),
                         ("a number", "42"), ("single quotes", json.Replace('"', '\'')), ("a comment", "/* x */" + json),
                         ("a trailing comma", json.TrimEnd('}') + ",}"), ("two documents", json + json), ("a BOM and garbage", "\uFEFF{,}"),
                     })
                cases.Add(Make("malformed-json", description, Kind.Invalid, body: Encoding.UTF8.GetBytes(raw)));
            cases.Add(Make("malformed-json", "an empty body", Kind.Invalid, body: []));
            cases.Add(Make("malformed-json", "no body at all", Kind.Invalid, body: null));
            foreach (var type in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x" })
                cases.Add(Make("wrong-content-type", type, Kind.Invalid, body: Encoding.UTF8.GetBytes(json), contentType: type, expect: 415));
            cases.Add(Make("invalid-utf8", "bytes FF FE C3 28 in the body", Kind.Invalid,
                body: [.. Encoding.UTF8.GetBytes("{\"x\":\""), 0xFF, 0xFE, 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}")]));
            var first = fields.FirstOrDefault()?.Name ?? "x";
            cases.Add(Make("deep-nesting", "1000 nested arrays", Kind.Invalid, body: Encoding.UTF8.GetBytes($"{{\"{first}\":{new string('[', 1000)}{new string(']', 1000)}}}")));
            cases.Add(Make("deep-nesting", "200 nested objects", Kind.Invalid,
                body: Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200))));
            cases.Add(Make("too-large", "a 300 000-character string (body over 256 KiB)", Kind.Invalid,
                body: Encoding.UTF8.GetBytes(With(baseBody, [first], JsonValue.Create(new string('x', 300_000))).ToJsonString())));
            if (fields.Any(f => f.Path.Length == 1 && f.Required && !f.Nullable))
                cases.Add(Make("missing-required", "{} (every required field missing)", Kind.Invalid, body: Encoding.UTF8.GetBytes("{}")));
            foreach (var (name, value) in new (string, JsonNode?)[]
                     {
                         ("status", "Paid"), ("supportAmount", 1), ("id", RandomGuid().ToString()), ("version", 99), ("taxCode", Scenario.NewTaxCode()),
                         ("isDemo", true), ("providerId", RandomGuid().ToString()), ("$type", "x"), ("__proto__", new JsonObject()), ("", 1),
                     })
                if (fields.All(f => f.Name != name || f.Path.Length > 1))
                {
                    var extended = baseBody.DeepClone().AsObject();
                    extended[name] = value;
                    cases.Add(Make("unknown-field", $"unknown member \"{name}\"", Kind.Invalid, body: Encoding.UTF8.GetBytes(extended.ToJsonString())));
                }
            if (fields.FirstOrDefault(f => f.Path.Length > 2) is { } nested)
            {
                var inner = baseBody.DeepClone();
                ((JsonObject)Get(inner, nested.Path[..^1])!)["surplus"] = 1;
                cases.Add(Make("unknown-field", $"unknown member inside {nested.Path[0]}[0]", Kind.Invalid, body: Encoding.UTF8.GetBytes(inner.ToJsonString())));
            }

            // each member said twice (the same value: a body says each thing once), or named in another case
            foreach (var field in fields.Where(f => f.Path.Length == 1))
            {
                var name = field.Name;
                var value = baseBody[name]?.ToJsonString() ?? "null";
                cases.Add(Make("duplicate-key", $"\"{name}\" twice", Kind.Invalid, body: Encoding.UTF8.GetBytes(json[..^1] + $",\"{name}\":{value}}}"), expect: 400));
                foreach (var variant in new[] { char.ToUpperInvariant(name[0]) + name[1..], name.ToUpperInvariant() }.Where(v => v != name).Distinct())
                {
                    var renamed = new JsonObject(baseBody.Select(kv => KeyValuePair.Create(kv.Key == name ? variant : kv.Key, kv.Value?.DeepClone())));
                    cases.Add(Make("case-variant", $"\"{name}\" as \"{variant}\"", Kind.Invalid, body: Encoding.UTF8.GetBytes(renamed.ToJsonString()), expect: 400));
                }
            }

            foreach (var field in fields)
            foreach (var (category, description, raw, kind) in FieldValues(field))
            {
                if (raw is null && !(field.Required && !field.Nullable)) continue; // leaving out an optional field is fine
                var (route, body) = (live, With(baseBody, field.Path, raw));
                if (kind == Kind.Odd)
                {
                    if (dead is not null) route = dead;
                    else if (Companion(fields, field) is { } companion) body = With(body, companion.Path, JsonValue.Create(-1));
                    else if (!MayPass(op, kind, category)) continue; // nowhere to send it without it being valid
                }
                var text = raw is RawJson r ? ReplaceRaw(body, field.Path, r) : Encoding.UTF8.GetBytes(body.ToJsonString());
                cases.Add(Make(category, $"{string.Join('.', field.Path)} = {description}", kind, body: text, route: route,
                    expect: category is "string-amount" ? 400 : null));
            }
        }
        else if (op.Method != "GET")
        {
            // an operation that declares no body: a body is not read. Sent where the operation is refused anyway.
            var refused = op.In("path").Any() ? WrongState(op, w) : live;
            foreach (var (description, raw) in new[] { ("a JSON body", "{\"status\":\"Paid\"}"), ("garbage", "{\"a\":}"), ("an array", "[1,2]") })
                cases.Add(Make("malformed-json", $"{description} where none is declared", Kind.Odd, body: Encoding.UTF8.GetBytes(raw), route: refused));
            cases.Add(Make("too-large", "a 300 KB body where none is declared", Kind.Odd, body: new byte[300_000], contentType: "application/octet-stream", route: refused));
            cases.Add(Make("invalid-utf8", "invalid UTF-8 where no body is declared", Kind.Odd, body: [0xFF, 0xFE, 0xC3, 0x28], route: refused));
        }

        // ── the route
        foreach (var p in op.In("path"))
        {
            var name = p["name"]!.GetValue<string>();
            var isUuid = p["schema"]?["format"]?.ToString() == "uuid";
            var values = isUuid
                ? new[] { ("missing-id", "a random uuid", RandomGuid().ToString()), ("missing-id", "the empty uuid", Guid.Empty.ToString()),
                          ("malformed-id", "abc", "abc"), ("malformed-id", "-1", "-1"), ("malformed-id", "1000 characters", new string('7', 1000)),
                          ("malformed-id", "%00", "%00"), ("malformed-id", "%2e%2e", "%2e%2e"), ("malformed-id", "a uuid with braces", $"{{{RandomGuid()}}}"),
                          ("malformed-id", "a uuid and garbage", RandomGuid() + "x"), ("malformed-id", "emoji", Uri.EscapeDataString("💸")) }
                : new[] { ("malformed-id", "0", "0"), ("malformed-id", "-1", "-1"), ("malformed-id", "1000000", "1000000"),
                          ("malformed-id", "99999999999", "99999999999"), ("malformed-id", "abc", "abc"), ("malformed-id", "2.5", "2.5"),
                          ("malformed-id", "1e3", "1e3"), ("malformed-id", "%00", "%00") };
            foreach (var (category, description, value) in values)
                cases.Add(Make(category, $"{name} = {description}", Kind.Invalid,
                    body: baseBody is null ? null : Encoding.UTF8.GetBytes(baseBody.ToJsonString()), route: new Dictionary<string, string>(live) { [name] = value }));
        }

        // ── the query
        var query = op.In("query").ToList();
        foreach (var p in query)
        {
            var name = p["name"]!.GetValue<string>();
            foreach (var (category, description, value, kind) in QueryValues(doc, name, Resolve(doc, p["schema"]!)))
                cases.Add(Make(category, $"?{name}={description}", kind, url: liveUrl + "?" + value));
        }
        if (query.FirstOrDefault() is { } any)
        {
            var name = any["name"]!.GetValue<string>();
            cases.Add(Make("repeated-param", $"{name} twice", Kind.Odd, url: $"{liveUrl}?{name}=1&{name}=2"));
        }
        foreach (var (description, q) in new[] { ("an unknown parameter", "zz=1"), ("an unknown parameter twice", "zz=1&zz=2"),
                     ("a NUL in an unknown parameter", "zz=%00"), ("a parameter without a name", "=1"), ("a lone %", "zz=%"),
                     ("an RTL override in an unknown parameter", "zz=%E2%80%AE") })
        {
            // an undeclared parameter is not read: sent where the request is refused anyway (an id of nothing, or a body
            // with an invalid companion field), unless the operation may pass (see MayPass)
            var body = baseBody;
            if (dead is null && baseBody is not null)
            {
                if (Companion(fields, null) is { } companion) body = With(baseBody, companion.Path, JsonValue.Create(-1));
                else if (!MayPass(op, Kind.Odd, "unknown-param")) continue;
            }
            cases.Add(Make("unknown-param", description, Kind.Odd, url: Url(op, dead ?? live) + "?" + q, route: dead ?? live,
                body: body is null ? null : Encoding.UTF8.GetBytes(body.ToJsonString())));
        }

        // ── the Idempotency-Key
        if (op.IdempotencyKey)
            foreach (var (description, key) in new[] { ("missing", (string?)null), ("empty", ""), ("blank", "   "), ("101 characters", new string('k', 101)),
                         ("a space inside", "key with space"), ("a tab inside", "key\twith-tab") })
                cases.Add(Make("idempotency-key", $"Idempotency-Key {description}", Kind.Invalid, key: key,
                    body: baseBody is null ? null : Encoding.UTF8.GetBytes(baseBody.ToJsonString())));

        // ── a genuine token of the right role carrying more than the service keeps: 401 at the door, whatever the request
        if (!op.Anonymous)
            foreach (var (description, prefix) in new[] { ($"a subject of {TestCaller.Oversized} characters", "oversized|"), ("a subject with a NUL", "nul|") })
                cases.Add(Make("token-claim", $"token with {description}", Kind.Invalid, caller: prefix + CallerFor(op, live, w), expect: 401,
                    body: baseBody is null ? null : Encoding.UTF8.GetBytes(baseBody.ToJsonString())));

        // ── a token bound to a tax code that is not one (SME operations act for the token's tax code)
        if (op.Roles.Contains(RoleNames.Sme))
            foreach (var (description, taxCode) in BadTaxCodes())
                cases.Add(Make("tax-code", $"SME token bound to {description}", Kind.Invalid, caller: "sme:" + taxCode,
                    body: baseBody is null ? null : Encoding.UTF8.GetBytes(baseBody.ToJsonString())));

        return cases;
    }

    /// <summary>
    /// The explicit rules for a 2xx. Nothing else may be answered 2xx: an Invalid case never, anywhere.
    /// </summary>
    private static bool MayPass(Operation op, Kind kind, string category) =>
        // any text a camera reads is something to verify: verify answers what it is, 200 { valid: false, reason }
        // (docs/qr-token.md), control characters and 10 000 characters included. JSON that does not parse is still a 400.
        (op.Id == "VerifyVoucherToken" && category is "unicode" or "huge-string") || kind == Kind.Odd && (
        // a GET reads: a well-formed filter that is extreme or matches nothing (0001-01-01, a province with an emoji, a
        // uuid of nothing), an unknown query parameter (minimal APIs ignore undeclared ones) or a repeated string one
        // is answered like any other filter. The state check still holds it to writing nothing.
        op.Method == "GET"
        || op.Id == "VerifyVoucherToken"
        // an auditor's verification against published checkpoints answers 200 { ok: false, problems } for a checkpoint
        // that is well-formed but does not match: that is its purpose
        || op.Id == "VerifyLedgerAgainstPublished"
        // an operation that declares no input at all (MakeCheckpoint) has no invalid input: an undeclared body or query
        // parameter is not read. The chain's head was signed before the cases, so it makes nothing.
        || (op.BodySchema is null && !op.Parameters.Any(p => p!["in"]!.GetValue<string>() != "header")));

    /// <summary>A second field that makes an Odd body invalid for certain (a negative number), when the route names nothing to miss.</summary>
    private static Field? Companion(List<Field> fields, Field? besides) =>
        fields.Where(f => f.Required && f.Schema["format"]?.ToString() is "int64" or "int32" or "double")
            .Where(f => besides is null || (!f.Path.Take(besides.Path.Length).SequenceEqual(besides.Path) && !besides.Path.Take(f.Path.Length).SequenceEqual(f.Path)))
            .OrderBy(f => f.Path.Length).FirstOrDefault();

    private sealed record RawJson(string Text, byte[]? Bytes = null);

    private IEnumerable<(string Category, string Description, object? Raw, Kind Kind)> FieldValues(Field f)
    {
        var types = Types(f.Schema);
        var format = f.Schema["format"]?.ToString();
        var nullOk = f.Nullable;
        (string, string, object?, Kind) V(string category, string description, object? raw, Kind kind) => (category, description, raw, kind);

        // for every field: left out, null, and each JSON type it is not
        yield return V("missing-required", "(left out)", null, Kind.Invalid);
        if (!nullOk) yield return V("wrong-type", "null", JsonValue.Create((string?)null) ?? (object)new RawJson("null"), Kind.Invalid);
        var isNumber = format is "int32" or "int64" or "double";
        var isArray = types.Contains("array");
        yield return isNumber ? V("wrong-type", "a word", JsonValue.Create("abc"), Kind.Invalid) : V("wrong-type", "a number", new RawJson("12345"), Kind.Invalid);
        yield return V("wrong-type", "true", new RawJson("true"), Kind.Invalid);
        yield return V("wrong-type", "an object", new RawJson("{\"a\":1}"), Kind.Invalid);
        if (!isArray) yield return V("wrong-type", "an array", new RawJson("[\"x\"]"), Kind.Invalid);

        if (f.Schema["enum"] is JsonArray values)
        {
            var first = values.First(x => x is not null)!.GetValue<string>();
            yield return V("enum", "\"Bogus\"", JsonValue.Create("Bogus"), Kind.Invalid);
            yield return V("enum", "\"\"", JsonValue.Create(""), Kind.Invalid);
            yield return V("enum", "1 (an integer)", new RawJson("1"), Kind.Invalid);
            yield return V("enum", "\"1\"", JsonValue.Create("1"), Kind.Invalid);
            yield return V("enum", "\"999\"", JsonValue.Create("999"), Kind.Invalid);
            yield return V("enum", $"\"{first}\" with a NUL", JsonValue.Create(first + "\0"), Kind.Invalid);
            yield return V("enum", "lower case", JsonValue.Create(first.ToLowerInvariant()), Kind.Odd);
        }
        else if (isArray)
        {
            yield return V("wrong-type", "a string", JsonValue.Create("x"), Kind.Invalid);
            yield return V("wrong-type", "[null]", new RawJson("[null]"), Kind.Invalid);
            yield return V("enum", "[\"Bogus\"]", new RawJson("[\"Bogus\"]"), Kind.Invalid);
            yield return V("wrong-type", "[]", new RawJson("[]"), Kind.Odd);
        }
        else if (format == "uuid")
        {
            yield return V("malformed-id", "\"abc\"", JsonValue.Create("abc"), Kind.Invalid);
            yield return V("malformed-id", "\"\"", JsonValue.Create(""), Kind.Invalid);
            yield return V("missing-id", "the empty uuid", JsonValue.Create(Guid.Empty.ToString()), Kind.Invalid);
            yield return V("missing-id", "a random uuid", JsonValue.Create(RandomGuid().ToString()), Kind.Invalid);
            yield return V("malformed-id", "a uuid in braces", JsonValue.Create($"{{{RandomGuid()}}}"), Kind.Invalid);
        }
        else if (format is "date" or "date-time")
        {
            foreach (var bad in new[] { "2026-02-30", "not-a-date", "", "2026-13-01", "26-03-01", "2026-03-01T25:00:00" })
                yield return V("date", $"\"{bad}\"", JsonValue.Create(bad), Kind.Invalid);
            yield return V("date", "20260301 (a number)", new RawJson("20260301"), Kind.Invalid);
            // a business date (format date) out of the service's range is refused; an instant (date-time) may be any
            var extreme = format == "date" ? Kind.Invalid : Kind.Odd;
            yield return V("date", "\"0001-01-01\"", JsonValue.Create("0001-01-01"), extreme);
            yield return V("date", "\"9999-12-31\"", JsonValue.Create("9999-12-31"), extreme);
        }
        else if (isNumber)
        {
            var (max, min, over) = format switch
            {
                "int32" => ($"{int.MaxValue}", $"{int.MinValue}", "2147483648"),
                "int64" => ($"{long.MaxValue}", $"{long.MinValue}", "9223372036854775808"),
                _ => ("1.7976931348623157E+308", "-1.7976931348623157E+308", "1e309"),
            };
            var integral = format != "double";
            yield return V("amount", "-1", new RawJson("-1"), Kind.Invalid);
            yield return V("amount", min, new RawJson(min), Kind.Invalid);
            yield return V("amount", over, new RawJson(over), Kind.Invalid);
            yield return V("amount", "1e30", new RawJson("1e30"), Kind.Invalid);
            yield return V("amount", "\"NaN\"", JsonValue.Create("NaN"), Kind.Invalid);
            yield return V("amount", "\"Infinity\"", JsonValue.Create("Infinity"), Kind.Invalid);
            yield return V("amount", "NaN (bare)", new RawJson("NaN"), Kind.Invalid);
            yield return V("amount", "\"0x10\"", JsonValue.Create("0x10"), Kind.Invalid);
            yield return V("amount", "\"1 000\"", JsonValue.Create("1 000"), Kind.Invalid);
            yield return V("amount", "\"\"", JsonValue.Create(""), Kind.Invalid);
            if (integral)
            {
                yield return V("amount", "1.5", new RawJson("1.5"), Kind.Invalid);
                yield return V("amount", "1e3", new RawJson("1e3"), Kind.Invalid);
                yield return V("amount", "\"1.5\"", JsonValue.Create("1.5"), Kind.Invalid);
            }
            else yield return V("amount", "1.5", new RawJson("1.5"), Kind.Odd);
            yield return V("amount", "0", new RawJson("0"), Kind.Odd);
            yield return V("amount", "1", new RawJson("1"), Kind.Odd);
            yield return V("amount", max, new RawJson(max), Kind.Odd);
            yield return V("string-amount", "\"1000\" (a number as a string)", JsonValue.Create("1000"), Kind.Invalid);
            yield return V("string-amount", "\"-1\" (a number as a string)", JsonValue.Create("-1"), Kind.Invalid);
        }
        else // free text
        {
            var required = f.Required && !f.Nullable;
            if (f.Name.Contains("taxCode", StringComparison.OrdinalIgnoreCase))
                foreach (var (description, code) in BadTaxCodes())
                    yield return V("tax-code", description, JsonValue.Create(code), Kind.Invalid);
            yield return V("unicode", "a NUL (\\u0000)", new RawJson("\"Lý\\u0000do\""), Kind.Invalid);
            yield return V("unicode", "a lone surrogate (\\ud800)", new RawJson("\"Lý do \\ud800\""), Kind.Invalid);
            yield return V("unicode", "a lone low surrogate (\\udc00)", new RawJson("\"\\udc00\""), Kind.Invalid);
            yield return V("unicode", "a bell (\\u0007)", JsonValue.Create("Lý\u0007do"), Kind.Invalid);
            yield return V("unicode", "an escape sequence (\\u001b[31m)", JsonValue.Create("\u001b[31mđỏ"), Kind.Invalid);
            yield return V("unicode", "a C1 control inside (\\u0085)", JsonValue.Create("Lý\u0085do"), Kind.Invalid);
            yield return V("huge-string", "10 000 characters", JsonValue.Create(new string('ệ', 10_000)), f.Name == "token" ? Kind.Odd : Kind.Invalid);
            if (required)
            {
                yield return V("missing-required", "\"\"", JsonValue.Create(""), Kind.Invalid);
                yield return V("missing-required", "blanks only", JsonValue.Create(" \t\n "), Kind.Invalid);
            }
            yield return V("unicode", "NFD Vietnamese", JsonValue.Create("Nguye\u0302\u0303n Va\u0306n A\u0301"), Kind.Odd);
            yield return V("unicode", "stacked combining marks", JsonValue.Create("a" + new string('\u0301', 50)), Kind.Odd);
            yield return V("unicode", "an RTL override", JsonValue.Create("abc\u202Edef"), Kind.Odd);
            yield return V("unicode", "emoji and a ZWJ family", JsonValue.Create("💸 👨\u200D👩\u200D👧"), Kind.Odd);
            yield return V("unicode", "a zero-width joiner alone", JsonValue.Create("\u200D"), Kind.Odd);
            // nothing visible is no text: refused where the text is required; and an invisible character inside text is refused
            foreach (var (description, invisible) in new[] { ("a zero-width space", "\u200B"), ("a BOM", "\uFEFF"), ("ZWNJ, a word joiner and a blank", "\u200C\u2060 ") })
                yield return V("zero-width", $"only {description}", JsonValue.Create(invisible), required && f.Name != "token" ? Kind.Invalid : Kind.Odd);
            yield return V("zero-width", "a zero-width space inside", JsonValue.Create("Lý\u200Bdo"), f.Name == "token" ? Kind.Odd : Kind.Invalid);
            yield return V("unicode", "invalid UTF-8 bytes", new RawJson("", [0xC3, 0x28, 0xFF]), Kind.Invalid);
        }
    }

    private static IEnumerable<(string Description, string TaxCode)> BadTaxCodes()
    {
        var valid = Scenario.NewTaxCode();
        var wrongCheck = valid[..9] + (char)('0' + (valid[9] - '0' + 1) % 10);
        return
        [
            ("a tax code with a wrong check digit", wrongCheck), ("9 digits", valid[..9]), ("11 digits", valid + "1"), ("12 digits", valid + "12"),
            ("letters", "01001O91O6"), ("a bad branch (0100109106-1)", "0100109106-1"), ("full-width digits", string.Concat(valid.Select(c => (char)(c - '0' + '０')))),
            ("Arabic-Indic digits", string.Concat(valid.Select(c => (char)(c - '0' + '\u0660')))), ("an empty string", ""), ("a NUL", valid + "\0"),
        ];
    }

    private IEnumerable<(string Category, string Description, string Query, Kind Kind)> QueryValues(JsonNode doc, string name, JsonNode schema)
    {
        var format = schema["format"]?.ToString();
        (string, string, string, Kind) Q(string category, string value, Kind kind) => (category, value, $"{name}={value}", kind);
        if (schema["enum"] is JsonArray values)
        {
            yield return Q("enum", "Bogus", Kind.Invalid);
            yield return Q("enum", "999", Kind.Invalid);
            yield return Q("enum", "-1", Kind.Invalid);
            yield return Q("enum", "1", Kind.Invalid); // a member's number: names only
            if (values.Count(v => v is not null) > 1)
                yield return Q("enum", Uri.EscapeDataString($"{values.First(x => x is not null)}, {values.Last(x => x is not null)}"), Kind.Invalid); // two names, read as their bitwise or
            yield return Q("enum", "%00", Kind.Invalid);
            yield return Q("enum", Uri.EscapeDataString(values.First(x => x is not null)!.GetValue<string>() + ",Bogus"), Kind.Invalid);
            yield return Q("repeated-param", "Bogus&" + name + "=Bogus2", Kind.Invalid);
            yield return Q("enum", values.First(x => x is not null)!.GetValue<string>().ToUpperInvariant(), Kind.Odd);
        }
        else if (format is "int32" or "int64")
        {
            var paging = name is "page" or "pageSize" or "scale";
            foreach (var v in new[] { "0", "-1", "1000000" })
                yield return Q("paging", v, paging ? Kind.Invalid : Kind.Odd);
            foreach (var v in new[] { "abc", "1.5", "99999999999", "1e3", "%00", "0x10", "%EF%BC%91" /* a full-width 1 */ })
                yield return Q("paging", v, Kind.Invalid);
            yield return Q("repeated-param", "1&" + name + "=2", Kind.Invalid);
            yield return Q("paging", "", Kind.Odd); // an empty value is no value
        }
        else if (format == "uuid")
        {
            yield return Q("malformed-id", "abc", Kind.Invalid);
            yield return Q("malformed-id", "%00", Kind.Invalid);
            yield return Q("malformed-id", new string('7', 1000), Kind.Invalid);
            yield return Q("repeated-param", $"{RandomGuid()}&{name}={RandomGuid()}", Kind.Invalid);
            yield return Q("missing-id", RandomGuid().ToString(), Kind.Odd);
        }
        else if (format is "date" or "date-time" || name is "from" or "to")
        {
            foreach (var v in new[] { "2026-02-30", "not-a-date", "2026-13-01", "%00", "2026-03-01T25:00:00" })
                yield return Q("date", v, Kind.Invalid);
            yield return Q("repeated-param", "2026-03-01&" + name + "=2026-03-02", Kind.Invalid);
            foreach (var v in new[] { "0001-01-01", "9999-12-31", "0001-01-01T00:00:00%2B14:00", "9999-12-31T23:59:59-14:00" })
                yield return Q("date", v, Kind.Odd);
        }
        else
        {
            foreach (var (description, v) in new[] { ("NFD", "Nguye\u0302\u0303n"), ("RTL", "abc\u202Edef"), ("emoji", "💸👨\u200D👩\u200D👧"), ("ZWJ", "\u200D"),
                         ("NUL", "a\0b"), ("lone surrogate (as text)", "\\ud800"), ("10 000 characters", new string('x', 10_000)) })
                yield return ("unicode", description, $"{name}={Uri.EscapeDataString(v)}", Kind.Odd);
            yield return Q("unicode", "%FF%FE (invalid UTF-8)", Kind.Odd);
            yield return Q("repeated-param", "a&" + name + "=b", Kind.Odd);
        }
    }

    // ───────────────────────────── routes, callers, bodies ─────────────────────────────

    private static Dictionary<string, string> LiveRoute(Operation op, World w)
    {
        var route = new Dictionary<string, string>();
        foreach (var p in op.In("path"))
        {
            var name = p["name"]!.GetValue<string>();
            route[name] = name switch
            {
                "id" when op.Path.StartsWith("/api/admin/providers/", StringComparison.Ordinal) => w.ConsultantId, // a provider's accreditations and prices
                "id" when op.Id == "GetApplicationAllowance" => w.ProgramId,
                "id" or "voucherId" => w.Voucher[LiveState.GetValueOrDefault(op.Id, "Paid")],
                "province" => "dong-thap", // the demo consultant's home accreditation
                "fundId" => w.FundId,
                "programId" => op.Id == "ApproveProgramEnvelope" ? w.DraftProgramId : w.ProgramId,
                "transferId" => w.TransferId,
                "fiscalYear" => "2026",
                _ => throw new Xunit.Sdk.XunitException($"{op.Id}: no live value for the path parameter {name}: add one here"),
            };
        }
        return route;
    }

    /// <summary>The route of an operation that declares no body, on a voucher where the operation is not allowed (so a body it would ignore cannot make it succeed).</summary>
    private static Dictionary<string, string> WrongState(Operation op, World w)
    {
        var live = LiveRoute(op, w);
        var state = LiveState.GetValueOrDefault(op.Id) == "Submitted" ? "Paid" : "Submitted";
        return live.ToDictionary(kv => kv.Key, kv => kv.Key is "id" or "voucherId" ? w.Voucher[state] : kv.Value);
    }

    private static string Url(Operation op, Dictionary<string, string> route) =>
        route.Aggregate(op.Path, (path, kv) => path.Replace("{" + kv.Key + "}", kv.Value, StringComparison.Ordinal));

    /// <summary>Who sends it: the role the document names, as the user that owns the object in the route (the SME of the voucher, the provider that redeemed it).</summary>
    private static string CallerFor(Operation op, Dictionary<string, string> route, World w)
    {
        if (op.Anonymous) return "anonymous";
        var role = op.Roles[0];
        var voucher = route.GetValueOrDefault("id") ?? route.GetValueOrDefault("voucherId");
        return role switch
        {
            RoleNames.Sme when voucher is not null && w.OwnerTaxCode.TryGetValue(voucher, out var owner) => "sme:" + owner,
            RoleNames.Sme => "sme:" + w.SmeWithoutVouchers,
            RoleNames.Provider => "provider:" + w.ConsultantId,
            RoleNames.Finance => "finance2", // the approvals were the first officer's: the second one may settle and disburse
            _ => role,
        };
    }

    private readonly Dictionary<string, HttpClient> _bentClients = new();

    private HttpClient Client(string caller, World w) => caller switch
    {
        _ when caller.Split('|') is [var bent, var who] => _bentClients.TryGetValue(caller, out var c) ? c
            : _bentClients[caller] = _factory.As(TestCaller.User(who) with { Subject = bent == "oversized" ? new string('s', TestCaller.Oversized) : "fuzz\0user" }),
        "anonymous" => w.S.Public,
        "finance2" => w.S.Finance2,
        RoleNames.Reviewer => w.S.Reviewer,
        RoleNames.Auditor => w.S.Auditor,
        RoleNames.Admin => w.S.Admin,
        _ when caller.StartsWith("sme:", StringComparison.Ordinal) => w.S.Sme(caller[4..]),
        _ when caller.StartsWith("provider:", StringComparison.Ordinal) => w.S.Provider(caller[9..]),
        _ => throw new InvalidOperationException(caller),
    };

    /// <summary>A body of the schema's shape with plausible values (it need not be accepted: every case breaks it somewhere).</summary>
    private JsonObject BaseBody(JsonNode doc, JsonNode schema, World w) => (JsonObject)Sample(doc, schema, null, w)!;

    private JsonNode? Sample(JsonNode doc, JsonNode schema, string? name, World w)
    {
        var s = Resolve(doc, schema);
        var format = s["format"]?.ToString();
        switch (name)
        {
            case "programId": return w.ProgramId;
            case "fundId": return w.FundId;
            case "token": return w.IssuedToken;
            case "taxCode": return Scenario.NewTaxCode();
            case "provinceCode": return "dong-thap";
            case "serviceKind": return "DigitalTransformationConsulting";
            case "fiscalYear": return 2026;
            case "supportRatePercent": return 50;
            case "voucherValidityDays": return 30;
            case "size": return "Small";
            case "hash": return new string('0', 64);
            case "kid": return "0123456789abcdef";
            case "signature": return new string('A', 86);
            case "applicationCloses" or "accreditedUntil": return "2026-12-31";
        }
        if (s["enum"] is JsonArray values) return values.First(v => v is not null)!.GetValue<string>();
        var types = Types(s);
        if (types.Contains("array")) return new JsonArray(Sample(doc, s["items"]!, null, w));
        if (types.Contains("object") || s["properties"] is not null)
        {
            var o = new JsonObject();
            foreach (var (property, ps) in s["properties"]?.AsObject() ?? [])
                o[property] = Sample(doc, ps!, property, w);
            return o;
        }
        return format switch
        {
            "uuid" => RandomGuid().ToString(),
            "date" => "2026-03-01",
            "date-time" => "2026-03-01T09:00:00+07:00",
            "int32" => 1,
            "int64" => 1_000_000,
            "double" => 50,
            _ => $"Giá trị thử {name}",
        };
    }

    private static JsonNode? Get(JsonNode node, object[] path) => path.Aggregate((JsonNode?)node, (n, seg) => (n, seg) switch
    {
        (JsonArray a, int i) => i < a.Count ? a[i] : null,
        (JsonObject o, string name) => o[name],
        _ => null,
    });

    /// <summary>A copy of the body with the value at the path replaced (<c>null</c>: left out).</summary>
    private static JsonObject With(JsonObject body, object[] path, object? value)
    {
        var copy = body.DeepClone().AsObject();
        var parent = Get(copy, path[..^1]);
        var last = path[^1];
        if (parent is JsonObject o)
        {
            if (value is null) o.Remove((string)last);
            else o[(string)last] = value is JsonNode n ? n.DeepClone() : value is RawJson ? JsonValue.Create("\u0001RAW\u0001") : null;
        }
        else if (parent is JsonArray a && last is int i && i < a.Count)
            a[i] = value is JsonNode n ? n.DeepClone() : null;
        return copy;
    }

    /// <summary>The body's bytes with the raw JSON (or raw bytes) of the value spliced in where <see cref="With"/> left its marker.</summary>
    private static byte[] ReplaceRaw(JsonObject body, object[] path, RawJson raw)
    {
        var text = body.ToJsonString();
        const string marker = "\"\\u0001RAW\\u0001\"";
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException($"no marker at {string.Join('.', path)} in {text}");
        var head = Encoding.UTF8.GetBytes(text[..at]);
        var tail = Encoding.UTF8.GetBytes(text[(at + marker.Length)..]);
        var middle = raw.Bytes is { } bytes ? [(byte)'"', .. bytes, (byte)'"'] : Encoding.UTF8.GetBytes(raw.Text);
        return [.. head, .. middle, .. tail];
    }

    private Guid RandomGuid()
    {
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private async Task<(int Status, string? MediaType, string Body)> Send(Case c, World w)
    {
        var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Url);
        if (c.Body is not null)
        {
            request.Content = new ByteArrayContent(c.Body);
            if (c.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
        }
        if (c.IdempotencyKey is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", c.IdempotencyKey);
        var client = Client(c.Caller, w); // an SME with a bad tax code gets a token bound to it, as the identity provider would issue it
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max] + $"… ({s.Length} chars)";
}

/// <summary>The test user behind a fuzz caller name, to send the same request with a token bent in one claim.</summary>
internal static class TestCaller
{
    public const int Oversized = Application.Abstractions.Caller.MaxSubjectLength + 1;

    public static TestUser User(string caller) => caller switch
    {
        "finance2" => TestUser.Finance2,
        RoleNames.Reviewer => TestUser.Reviewer,
        RoleNames.Auditor => TestUser.Auditor,
        RoleNames.Admin => TestUser.Admin,
        _ when caller.StartsWith("sme:", StringComparison.Ordinal) => TestUser.Sme(caller[4..]),
        _ when caller.StartsWith("provider:", StringComparison.Ordinal) => TestUser.Provider(Guid.Parse(caller[9..])),
        _ => throw new InvalidOperationException(caller),
    };
}
