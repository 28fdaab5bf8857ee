using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Vouchers.Benchmarks.Harness;

/// <summary>
/// <c>pages --url URL [--samples 50] --out FILE</c>: the web pages' time to first byte, row 7 of <c>bench/run.sh</c>.
/// Against a service in the Development environment (its own development identity provider) on the database a load run
/// left, each role's busiest page is asked for by a demo person of that role, signed in the way a browser signs in — the
/// sign-in page's challenge, the provider's authorize endpoint, its user list (a form with antiforgery), the code sent
/// back to <c>/signin-oidc</c>, the cookie — then the page is fetched <c>--samples</c> times one after the other, after
/// two unmeasured warm-ups. Time to first byte: from sending the request to having the response's headers
/// (<see cref="HttpCompletionOption.ResponseHeadersRead"/>); the whole body is read after the clock stops, and each
/// answer must be 200 with the page's own heading, or the sample is an error.
/// </summary>
public static partial class PageDriver
{
    public const string Name = "pages";

    /// <summary>Who asks for which page: the page each role opens first and most (its queue or list), with a demo person of Đồng Tháp, where the load runs seed.</summary>
    public static readonly IReadOnlyList<(string Role, string? User, string Path)> Pages =
    [
        ("public", null, "/public/support"),
        ("sme", "sme.xoai", "/sme/vouchers"),
        ("provider", "provider.consultant", "/provider/vouchers"),
        ("reviewer", "reviewer.an", "/reviewer/applications"),
        ("finance", "finance.binh", "/finance/approvals"),
        ("auditor", "auditor.dung", "/auditor/trail"),
        ("admin", "admin.giang", "/admin/programs"),
    ];

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var o = new Options(args);
        var url = new Uri(o.Text("url").TrimEnd('/') + "/");
        var samples = o.Int("samples", 50);
        var results = new List<object>();
        var failed = false;
        foreach (var (role, user, path) in Pages)
        {
            using var handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true, MaxAutomaticRedirections = 10 };
            using var http = new HttpClient(handler) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
            string? error = null;
            if (user is not null)
                try { await SignInAsync(http, user, path); }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException) { error = $"sign-in: {e.Message}"; }
            var times = new List<double>();
            var errors = 0;
            string? firstError = error;
            long bytes = 0;
            for (var i = 0; error is null && i < samples + 2; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
                var ttfb = watch.Elapsed.TotalMilliseconds;
                var body = await response.Content.ReadAsStringAsync();
                var ok = response.StatusCode == HttpStatusCode.OK && response.RequestMessage?.RequestUri?.AbsolutePath == path && body.Contains("<h1", StringComparison.Ordinal);
                if (!ok)
                {
                    errors++;
                    firstError ??= $"{(int)response.StatusCode} at {response.RequestMessage?.RequestUri?.AbsolutePath}";
                    continue;
                }
                if (i < 2) continue; // warm-up: the page's first compilation and caches
                times.Add(ttfb);
                bytes = body.Length;
            }
            times.Sort();
            failed |= times.Count == 0;
            results.Add(new
            {
                role, user, path, n = times.Count, errors, firstError, chars = bytes,
                p50Ms = times.Count == 0 ? (double?)null : Math.Round(Measurement.Percentile(times, 0.5), 2),
                p99Ms = times.Count == 0 ? (double?)null : Math.Round(Measurement.Percentile(times, 0.99), 2),
            });
            Console.Error.WriteLine($"{role} {path}: {(times.Count == 0 ? "no sample: " + firstError : $"p50 {Measurement.Percentile(times, 0.5):0.0} ms, p99 {Measurement.Percentile(times, 0.99):0.0} ms, n {times.Count}")}");
        }
        var json = JsonSerializer.Serialize(new { url = url.ToString(), samples, pages = results },
            new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
        await File.WriteAllTextAsync(o.Text("out"), json);
        Console.WriteLine(json);
        return failed ? 1 : 0;
    }

    /// <summary>The browser's way in, by HTTP: challenge → authorize → the development provider's user list → pick → code → cookie.</summary>
    private static async Task SignInAsync(HttpClient http, string user, string returnPath)
    {
        using var list = await http.GetAsync("/account/challenge?returnUrl=" + Uri.EscapeDataString(returnPath)); // redirects to the provider's user list
        var html = await list.Content.ReadAsStringAsync();
        var form = FormOf().Match(html);
        if (!list.IsSuccessStatusCode || !form.Success) throw new InvalidOperationException($"no user list at {list.RequestMessage?.RequestUri} ({(int)list.StatusCode})");
        var fields = new Dictionary<string, string>();
        foreach (Match input in Input().Matches(form.Value))
        {
            string? Attribute(string name) => Regex.Match(input.Value, $"\\b{name}=\"([^\"]*)\"") is { Success: true } a ? WebUtility.HtmlDecode(a.Groups[1].Value) : null;
            if (Attribute("type") == "hidden" && Attribute("name") is { } n) fields[n] = Attribute("value") ?? "";
        }
        fields["user"] = user;
        var action = WebUtility.HtmlDecode(form.Groups["action"].Value);
        using var signedIn = await http.PostAsync(new Uri(list.RequestMessage!.RequestUri!, action.Length == 0 ? list.RequestMessage.RequestUri!.PathAndQuery : action),
            new FormUrlEncodedContent(fields));
        if (!signedIn.IsSuccessStatusCode || signedIn.RequestMessage?.RequestUri?.AbsolutePath != returnPath)
            throw new InvalidOperationException($"{user} landed on {signedIn.RequestMessage?.RequestUri?.AbsolutePath} ({(int)signedIn.StatusCode}), not {returnPath}");
    }

    [GeneratedRegex("""<form[^>]*?method="post"[^>]*?(?:action="(?<action>[^"]*)")?[^>]*>[\s\S]*?</form>""", RegexOptions.IgnoreCase)]
    private static partial Regex FormOf();

    [GeneratedRegex("""<input\b[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex Input();
}
