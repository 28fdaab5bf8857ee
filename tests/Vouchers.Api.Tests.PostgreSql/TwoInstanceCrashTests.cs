using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Api.Tests.PostgreSql;

/// <summary>
/// <c>kill -9</c> of one of two API processes in the middle of a run of many careful clients, then a restart: the ledger
/// still holds every invariant, no effect is lost or applied twice, and every client either got its answer or could
/// retry safely (an idempotent step with the same key, any other step after reading where the voucher stands).
/// </summary>
public sealed class TwoInstanceCrashTests(TwoInstances f, ITestOutputHelper output) : IClassFixture<TwoInstances>
{
    private const int Workers = 8, VouchersPerWorker = 3, StepsPerVoucher = 12;
    private const long FaceValue = 20_000_000, ContractValue = 30_000_000;

    /// <summary>Every status a voucher passes through on the way to Paid, in order, each exactly once.</summary>
    private static readonly string[] Path =
        ["Submitted", "Recommended", "Issued", "Redeemed", "Delivered", "DeliveryConfirmed", "Accepted", "PaymentClaimed", "Settled", "Paid"];

    private static readonly string[] Measures = ["committed", "payable", "disbursed", "available"];

    [Fact]
    public async Task KillingOneProcessMidRun_ThenRestartingIt_LosesNothing_DuplicatesNothing_AndEveryClientCouldRetrySafely()
    {
        var clock = Stopwatch.StartNew();
        var run = new Run(f);
        var program = await run.Read(run.Public, "/api/public/programs?province=dong-thap");
        var dtCds = program["items"]!.AsArray().Single(p => p!["code"]!.GetValue<string>().StartsWith("DT-CDS-", StringComparison.Ordinal))!;
        var programId = dtCds["id"]!.GetValue<string>();
        var positionUrl = $"/api/finance/funds/{dtCds["fundId"]}/positions/{dtCds["fiscalYear"]}";
        var year = dtCds["fiscalYear"]!.GetValue<int>();
        var providers = await run.Read(run.Public, "/api/public/providers?pageSize=100");
        var providerId = Guid.Parse(providers["items"]!.AsArray().Single(p => p!["taxCode"]!.GetValue<string>() == DemoData.ConsultantTaxCode)!["id"]!.GetValue<string>());

        // one clean run first, both processes up: what a single voucher's life writes, so the crash run can be held to it exactly
        var calibrationBefore = await run.Read(run.Finance, positionUrl);
        var calibration = await run.Lifecycle(programId, providerId, -1);
        var calibrationAfter = await run.Read(run.Finance, positionUrl);
        Assert.Empty(run.Retries); // nothing was killed yet: a retry here would be a flaw of its own
        var perVoucher = Measures.ToDictionary(m => m, m => calibrationAfter[m]!.GetValue<long>() - calibrationBefore[m]!.GetValue<long>());
        Assert.Equal(15_000_000, perVoucher["disbursed"]); // half of the 30M contract, within the 20M face value
        var calibrationTransfers = await run.TransferKinds(run.Auditor, calibration.Id);
        Assert.Equal(["Commitment", "Disbursement", "Settlement"], calibrationTransfers);
        Assert.Equal(Path, await run.History(run.Auditor, calibration.Id));
        run.ForgetCalls();

        var before = await run.Read(run.Finance, positionUrl);
        var total = Workers * VouchersPerWorker * StepsPerVoucher;
        var killer = run.KillBWhen(total / 3);
        var started = run.Elapsed;
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            var mine = new List<Run.Voucher>();
            for (var i = 0; i < VouchersPerWorker; i++) mine.Add(await run.Lifecycle(programId, providerId, w * VouchersPerWorker + i));
            return mine;
        })).ToArray();
        List<Run.Voucher>[] finished;
        TimeSpan? killedAt = null;
        var hit = Array.Empty<Run.CallRecord>();
        try
        {
            finished = await Task.WhenAll(workers);
            killedAt = await killer;
        }
        finally
        {
            var runTime = run.Elapsed - started;
            killedAt ??= killer.IsCompletedSuccessfully ? await killer : null;
            hit = run.Calls.Where(c => c.Outcome.Instance == "B" && (c.Outcome.Status is null || (int)c.Outcome.Status >= 500)).ToArray();
            var reasons = run.Retries.GroupBy(r => r.Reason).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} ×{g.Count()}");
            output.WriteLine($"{run.Calls.Count} calls ({run.Calls.Count(c => c.Outcome.Instance == "B")} to B), {run.Retries.Count} retries " +
                             $"[{string.Join(", ", reasons)}], {hit.Length} calls to B cut by the kill ({string.Join(", ", hit.Select(h => h.Step).Distinct())}), " +
                             $"{run.Answers.Count(a => a.Answer.Replayed)} replays received in the run ({run.ReplaysOfLostAnswers} after a simulated lost answer, identical to the original); B killed at " +
                             $"{(killedAt is { } k ? $"{(k - started).TotalSeconds:0.0} s" : "—")} into a {runTime.TotalSeconds:0.0} s run, " +
                             $"{clock.Elapsed.TotalSeconds:0.0} s since the test began");
            foreach (var g in run.Retries.GroupBy(r => (r.Voucher, r.Step, r.Reason)))
                output.WriteLine($"  retried {g.Key.Step} of voucher #{g.Key.Voucher}: {g.Key.Reason} ×{g.Count()}");
        }
        var vouchers = finished.SelectMany(v => v).ToArray();

        // the kill must have hit requests in flight, or this test proved nothing
        Assert.True(killedAt is not null, $"B was never killed: the run ended before {total / 3} steps were done.");
        Assert.True(hit.Length > 0, $"The kill of B at {killedAt:g} hit no request in flight (no call to B ended without an answer or with a 5xx); " +
                                    "the crash was not tested. Calls to B: " + run.Calls.Count(c => c.Outcome.Instance == "B"));
        Assert.DoesNotContain(run.Calls, c => c.Outcome.Instance == "B" && c.At > killedAt!.Value + TimeSpan.FromSeconds(1) && c.Outcome.Status is not null);

        // B again, on the same database: everything is checked through the process that was killed
        await f.B.StartAsync();
        var b = new Run(f, f.B);
        Assert.Equal(Workers * VouchersPerWorker, vouchers.Select(v => v.Id).Distinct().Count());
        foreach (var v in vouchers)
        {
            var details = await b.Read(b.Auditor, $"/api/auditor/vouchers/{v.Id}");
            Assert.Equal("Paid", details["voucher"]!["status"]!.GetValue<string>());
            Assert.Equal(Path, await b.History(b.Auditor, v.Id)); // one transition into each status, none twice, none missing
            Assert.Equal(calibrationTransfers, await b.TransferKinds(b.Auditor, v.Id)); // one transfer of each kind, none twice
            var own = await b.Read(b.As(TestUser.Sme(v.TaxCode)), "/api/sme/vouchers");
            Assert.Equal(1, own["total"]!.GetValue<int>()); // a retried application did not apply twice
        }
        var after = await b.Read(b.Finance, positionUrl);
        foreach (var m in Measures)
            Assert.True(after[m]!.GetValue<long>() - before[m]!.GetValue<long>() == vouchers.Length * perVoucher[m],
                $"{m} moved by {after[m]!.GetValue<long>() - before[m]!.GetValue<long>()}, expected {vouchers.Length} × {perVoucher[m]}");
        await TwoInstances.AssertEverythingHolds(new Scenario(f.B), year);

        // every answer a client kept is what the store replays for its key, through the restarted process, byte for byte
        var answers = run.Answers.ToArray();
        Assert.Equal(vouchers.Length * 5, answers.Length);
        foreach (var a in answers)
        {
            var replay = await b.Send(b.As(a.User), a.Url, a.Body, a.Key, "replay check");
            Assert.True(replay.Status == HttpStatusCode.OK && replay.Replayed, $"{a.Url} with key {a.Key} after the restart: {replay}");
            Assert.Equal(a.Answer.Body, replay.Body);
        }
        output.WriteLine($"checked after the restart of B: {vouchers.Length} vouchers Paid, {answers.Length} answers replayed identically; test {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>The careful clients of one run, and what each call ended as.</summary>
    private sealed class Run
    {
        private readonly TwoInstances _f;
        private readonly ITestService _via;
        private readonly ConcurrentDictionary<string, HttpClient> _clients = new(); // by subject (a TestUser's roles list compares by reference)
        private readonly ConcurrentDictionary<HttpRequestMessage, (DateTime Since, bool Idempotent)> _inFlight = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _steps;
        private int _replaysOfLostAnswers;

        /// <summary>How many answers a client lost on purpose and then got replayed, identical.</summary>
        public int ReplaysOfLostAnswers => _replaysOfLostAnswers;

        public Run(TwoInstances f, ITestService? via = null) => (_f, _via) = (f, via ?? f.Balancer);

        public ConcurrentQueue<CallRecord> Calls { get; private set; } = new();
        public ConcurrentQueue<Retry> Retries { get; private set; } = new();
        public ConcurrentQueue<KeptAnswer> Answers { get; private set; } = new();

        public HttpClient Public => _clients.GetOrAdd("", _ => _via.CreateClient());
        public HttpClient Auditor => As(TestUser.Auditor);
        public HttpClient Finance => As(TestUser.Finance);
        public HttpClient As(TestUser user) => _clients.GetOrAdd(user.Subject, _ => _via.As(user));
        public TimeSpan Elapsed => _clock.Elapsed;

        public void ForgetCalls() => (Calls, Retries, Answers) = (new(), new(), new());

        public sealed record Voucher(string Id, string TaxCode);
        public sealed record CallRecord(int Voucher, string Step, Outcome Outcome, TimeSpan At);
        public sealed record Retry(int Voucher, string Step, string Reason);
        public sealed record KeptAnswer(TestUser User, string Url, object? Body, string Key, Outcome Answer);

        private const int MaxAttempts = 80;
        private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

        /// <summary>One voucher, from a new SME's registration to the treasury's payment, every step by whoever makes it.</summary>
        public async Task<Voucher> Lifecycle(string programId, Guid providerId, int n)
        {
            var taxCode = Scenario.NewTaxCode();
            var sme = TestUser.Sme(taxCode);
            var provider = TestUser.Provider(providerId);
            await Safe(n, "register", () => Send(As(sme), HttpMethod.Put, "/api/sme/enterprise", new
            {
                name = $"Công ty TNHH Thử nghiệm {taxCode[..9]}", provinceCode = "dong-thap", communeWard = "Phường Sa Đéc", sectorGroup = "TradeServices",
                sector = "Trade", averageInsuredEmployees = 30, annualRevenue = 40_000_000_000, totalCapital = 20_000_000_000,
            }, null, "register"));
            var id = await Apply(n, sme, programId);
            await Transition(n, id, As(TestUser.Reviewer), "recommend", $"/api/reviewer/vouchers/{id}/recommend", new { note = "Đủ điều kiện" }, "Recommended");
            await Idempotent(n, TestUser.Finance, "approve", $"/api/finance/vouchers/{id}/approve", new { }, id, "Issued");
            var qr = await Safe(n, "qr", () => Send(As(sme), HttpMethod.Get, $"/api/sme/vouchers/{id}/qr", null, null, "qr"));
            var token = qr.Json!["token"]!.GetValue<string>();
            await Idempotent(n, provider, "redeem", "/api/provider/vouchers/redeem",
                new { token, contractValue = ContractValue, contractNumber = $"HĐ-CRASH-{id[..8]}" }, id, "Redeemed");
            await Transition(n, id, As(provider), "deliver", $"/api/provider/vouchers/{id}/deliver", new { note = "Đã bàn giao" }, "Delivered");
            await Transition(n, id, As(sme), "confirm", $"/api/sme/vouchers/{id}/confirm-delivery", new { note = "Đã nhận" }, "DeliveryConfirmed");
            await Transition(n, id, As(TestUser.Reviewer), "accept", $"/api/reviewer/vouchers/{id}/accept", new { decisionNumber = "BB-NT-CRASH" }, "Accepted");
            await Idempotent(n, provider, "claim", $"/api/provider/vouchers/{id}/claim-payment", new { eInvoiceNumber = $"C26-{id[^8..]}" }, id, "PaymentClaimed");
            await Idempotent(n, TestUser.Finance2, "settle", $"/api/finance/vouchers/{id}/settle", new { }, id, "Settled");
            await Idempotent(n, TestUser.Finance3, "disburse", $"/api/finance/vouchers/{id}/disburse", new { paymentReference = $"UNC-CRASH-{id[..8]}" }, id, "Paid");
            return new Voucher(id, taxCode);
        }

        /// <summary>Applying is no idempotent command: after an unknown outcome the SME looks at its applications before applying again.</summary>
        private async Task<string> Apply(int n, TestUser sme, string programId)
        {
            var body = new { programId, serviceKind = "DigitalTransformationConsulting", requestedAmount = FaceValue, purpose = "Lập lộ trình chuyển đổi số" };
            for (var attempt = 1; ; attempt++)
            {
                var o = await Send(As(sme), HttpMethod.Post, "/api/sme/applications", body, null, "apply", n);
                if (o.Status == HttpStatusCode.Created) { Step(); return o.Json!["id"]!.GetValue<string>(); }
                var reason = Unknown(o) ?? throw new Xunit.Sdk.XunitException($"apply of voucher #{n}: {o}");
                var own = await Read(As(sme), "/api/sme/vouchers");
                if (own["total"]!.GetValue<int>() > 0)
                {
                    Retries.Enqueue(new(n, "apply", reason + ", resolved by reading the applications"));
                    Step();
                    return own["items"]![0]!["id"]!.GetValue<string>();
                }
                Note(n, "apply", reason, attempt);
                await Task.Delay(Pause);
            }
        }

        /// <summary>
        /// A step without an Idempotency-Key: after no answer or a 5xx, the client reads where the voucher stands and goes on
        /// if the step happened; an illegal transition after such an unknown outcome is resolved the same way.
        /// </summary>
        private async Task Transition(int n, string id, HttpClient client, string step, string url, object body, string target)
        {
            var unknown = false;
            for (var attempt = 1; ; attempt++)
            {
                var o = await Send(client, HttpMethod.Post, url, body, null, step, n);
                if (o.Status == HttpStatusCode.OK)
                {
                    Assert.Equal(target, o.Json!["status"]!.GetValue<string>());
                    Step();
                    return;
                }
                var reason = Unknown(o);
                if (reason is null && o.Status == HttpStatusCode.Conflict && o.Code == "concurrency.conflict") reason = "409 concurrency.conflict";
                if (reason is null && unknown && o.Status == HttpStatusCode.Conflict && o.Code == "voucher.illegal-transition") reason = "409 illegal-transition after an unknown outcome";
                if (reason is null) throw new Xunit.Sdk.XunitException($"{step} of voucher #{n}: {o}");
                unknown |= o.Status is null || (int)o.Status >= 500;
                var status = await StatusOf(id);
                if (Array.IndexOf(Path, status) >= Array.IndexOf(Path, target))
                {
                    Retries.Enqueue(new(n, step, reason + ", resolved by reading the voucher"));
                    Step();
                    return;
                }
                if (o.Code == "voucher.illegal-transition") throw new Xunit.Sdk.XunitException($"{step} of voucher #{n} refused while it is {status}: {o}");
                Note(n, step, reason, attempt);
                await Task.Delay(Pause);
            }
        }

        /// <summary>A money-moving step: one Idempotency-Key for all its attempts; no answer, a 5xx or "still in flight" is retried with it.</summary>
        /// <remarks>
        /// On every second voucher (<paramref name="n"/> % 3 == 1) the client loses the first answer it gets, as if the
        /// connection had broken after the server committed (the moment a kill can land on, but rarely does): its retry
        /// must be the stored answer, replayed, byte for byte the original.
        /// </remarks>
        private async Task Idempotent(int n, TestUser user, string step, string url, object body, string id, string target)
        {
            var key = TestHttp.Key();
            Outcome? dropped = null;
            for (var attempt = 1; ; attempt++)
            {
                var o = await Send(As(user), HttpMethod.Post, url, body, key, step, n);
                if (o.Status == HttpStatusCode.OK && dropped is null && n % 3 == 1)
                {
                    dropped = o;
                    Note(n, step, "answer lost after the commit (simulated)", attempt);
                    continue;
                }
                if (o.Status == HttpStatusCode.OK)
                {
                    Assert.Equal(id, o.Json!["id"]!.GetValue<string>());
                    Assert.Equal(target, o.Json!["status"]!.GetValue<string>());
                    if (dropped is not null)
                    {
                        Assert.True(o.Replayed, $"{step} of voucher #{n}: the retry after a lost answer was not a replay: {o}");
                        Assert.Equal(dropped.Body, o.Body); // the original and its replay are identical
                        Interlocked.Increment(ref _replaysOfLostAnswers);
                    }
                    Answers.Enqueue(new(user, url, body, key, o));
                    Step();
                    return;
                }
                var reason = Unknown(o);
                if (reason is null && o.Status == HttpStatusCode.Conflict && o.Code is "idempotency.in-flight" or "concurrency.conflict") reason = "409 " + o.Code;
                if (reason is null) throw new Xunit.Sdk.XunitException($"{step} of voucher #{n} (key {key}, attempt {attempt}): {o}");
                Note(n, step, reason, attempt);
                await Task.Delay(Pause);
            }
        }

        /// <summary>A read: safe to repeat whatever happened.</summary>
        private async Task<Outcome> Safe(int n, string step, Func<Task<Outcome>> call)
        {
            for (var attempt = 1; ; attempt++)
            {
                var o = await call();
                if (o.Status is HttpStatusCode.OK) { Step(); return o; }
                Note(n, step, Unknown(o) ?? throw new Xunit.Sdk.XunitException($"{step} of voucher #{n}: {o}"), attempt);
                await Task.Delay(Pause);
            }
        }

        public async Task<JsonNode> Read(HttpClient client, string url)
        {
            for (var attempt = 1; ; attempt++)
            {
                var o = await Send(client, HttpMethod.Get, url, null, null, "read");
                if (o.Status == HttpStatusCode.OK) return o.Json!;
                if (Unknown(o) is null || attempt >= MaxAttempts) throw new Xunit.Sdk.XunitException($"GET {url}: {o}");
                await Task.Delay(Pause);
            }
        }

        private async Task<string> StatusOf(string id) => (await Read(Auditor, $"/api/auditor/vouchers/{id}"))["voucher"]!["status"]!.GetValue<string>();

        /// <summary>The statuses of the voucher's history, in the order the API lists them; that order must be the lines' sequence.</summary>
        public async Task<string[]> History(HttpClient auditor, string id)
        {
            var lines = (await Read(auditor, $"/api/auditor/vouchers/{id}"))["history"]!.AsArray()
                .Select(h => (Sequence: h!["sequence"]!.GetValue<int>(), To: h["to"]!.GetValue<string>())).ToArray();
            Assert.True(lines.Select(l => l.Sequence).SequenceEqual(Enumerable.Range(1, lines.Length)),
                $"voucher {id}: history not listed in sequence: {string.Join(", ", lines.Select(l => $"{l.Sequence}:{l.To}"))}");
            return lines.Select(l => l.To).ToArray();
        }

        public async Task<string[]> TransferKinds(HttpClient auditor, string id) =>
            (await Read(auditor, $"/api/auditor/ledger/transfers?voucherId={id}&pageSize=100"))["items"]!.AsArray()
                .Select(t => t!["kind"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray();

        private static string? Unknown(Outcome o) => o.Status switch
        {
            null => "no answer",
            var st when (int)st >= 500 => $"{(int)st} {o.Code}".TrimEnd(),
            _ => null,
        };

        private void Note(int n, string step, string reason, int attempt)
        {
            Retries.Enqueue(new(n, step, reason));
            if (attempt >= MaxAttempts) throw new Xunit.Sdk.XunitException($"{step} of voucher #{n}: still {reason} after {attempt} attempts");
        }

        private void Step() => Interlocked.Increment(ref _steps);

        public Task<Outcome> Send(HttpClient client, string url, object? body, string key, string step) =>
            Send(client, HttpMethod.Post, url, body, key, step);

        /// <summary>One call, as the client saw it: which process answered (the balancer sets the address), and what, or that nothing did.</summary>
        public async Task<Outcome> Send(HttpClient client, HttpMethod method, string url, object? body, string? key, string step, int n = -1)
        {
            using var request = new HttpRequestMessage(method, url);
            if (body is not null) request.Content = JsonContent.Create(body, options: TestHttp.Json);
            if (key is not null) request.Headers.Add("Idempotency-Key", key);
            _inFlight[request] = (DateTime.UtcNow, key is not null);
            Outcome outcome;
            try { outcome = await Outcome.Of(() => client.SendAsync(request), () => InstanceOf(request)); }
            finally { _inFlight.TryRemove(request, out _); }
            Calls.Enqueue(new CallRecord(n, step, outcome, _clock.Elapsed));
            return outcome;
        }

        private string InstanceOf(HttpRequestMessage request) =>
            request.RequestUri is { IsAbsoluteUri: true } u ? u.Port == _f.A.Port ? "A" : u.Port == _f.B.Port ? "B" : u.Authority : "?";

        /// <summary>
        /// Once <paramref name="steps"/> steps are done, kills B while it is serving: preferably a money-moving request that
        /// has been in flight at B for a few milliseconds (so its claim is taken and its transaction open), else any request to B.
        /// Returns when B was killed (on this run's clock).
        /// </summary>
        public async Task<TimeSpan?> KillBWhen(int steps)
        {
            var deadline = _clock.Elapsed + TimeSpan.FromSeconds(100);
            while (Volatile.Read(ref _steps) < steps)
            {
                if (_clock.Elapsed > deadline) return null;
                await Task.Delay(5);
            }
            bool AtB(bool idempotentOnly) => _inFlight.Any(r => InstanceOf(r.Key) == "B" && (!idempotentOnly || r.Value.Idempotent)
                                                              && DateTime.UtcNow - r.Value.Since > TimeSpan.FromMilliseconds(5));
            var wait = Stopwatch.StartNew();
            while (!AtB(idempotentOnly: wait.Elapsed < TimeSpan.FromSeconds(3)) && wait.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(1);
            _f.B.Kill();
            return _clock.Elapsed;
        }
    }
}
