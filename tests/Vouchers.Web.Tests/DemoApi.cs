using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Web.Tests;

/// <summary>
/// The API side of a page test: the demo users' bearer tokens (the development issuer's <c>/api/dev/tokens</c>) and the
/// steps that put a voucher where a page test starts (applied, recommended, issued, redeemed, delivered, confirmed,
/// accepted, claimed, settled), so a test drives through pages only the part it is about. Each call must succeed.
/// </summary>
public sealed class DemoApi(string baseUrl) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl + "/") };
    private readonly Dictionary<string, string> _tokens = new();

    public void Dispose() => _http.Dispose();

    public async Task<JsonNode> Call(HttpMethod method, string user, string path, object? body = null, bool idempotent = false)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenOf(user));
        request.Headers.AcceptLanguage.ParseAdd("en");
        if (idempotent) request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} as {user}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    public Task<JsonNode> Get(string user, string path) => Call(HttpMethod.Get, user, path);

    public async Task<string> TokenOf(string user)
    {
        if (_tokens.TryGetValue(user, out var t)) return t;
        using var response = await _http.PostAsJsonAsync("api/dev/tokens", new { user });
        response.EnsureSuccessStatusCode();
        return _tokens[user] = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["accessToken"]!.GetValue<string>();
    }

    /// <summary>The open program of a province whose code starts with <paramref name="codePrefix"/> (e.g. <c>TH-CDS-</c>).</summary>
    public async Task<string> ProgramId(string province, string codePrefix)
    {
        var programs = await _http.GetFromJsonAsync<JsonNode>($"api/public/programs?province={province}");
        return programs!["items"]!.AsArray().First(p => p!["code"]!.GetValue<string>().StartsWith(codePrefix, StringComparison.Ordinal))!["id"]!.GetValue<string>();
    }

    /// <summary>
    /// A Thanh Hóa digital-transformation consulting application of <c>sme.food</c> (a medium enterprise, room under the
    /// caps for many tests' vouchers), as the SME submits it; its id.
    /// </summary>
    public async Task<string> ApplyAsync(long amount, string sme = "sme.food", string province = "thanh-hoa", string codePrefix = "TH-CDS-",
        string serviceKind = "DigitalTransformationConsulting")
    {
        var applied = await Call(HttpMethod.Post, sme, "api/sme/applications", new
        {
            programId = await ProgramId(province, codePrefix), serviceKind, requestedAmount = amount,
            purpose = "Đánh giá mức độ chuyển đổi số và lộ trình cho xưởng chế biến",
        });
        return applied["id"]!.GetValue<string>();
    }

    public Task Recommend(string id, string reviewer = "reviewer.quang") =>
        Call(HttpMethod.Post, reviewer, $"api/reviewer/vouchers/{id}/recommend", new { note = "Đủ điều kiện" });

    public Task Approve(string id, string finance = "finance.son") =>
        Call(HttpMethod.Post, finance, $"api/finance/vouchers/{id}/approve", new { }, idempotent: true);

    /// <summary>Redeemed by the Thanh Hóa demo consultant at twice the voucher's amount (the program's rate leaves the SME a co-payment).</summary>
    public async Task Redeem(string id, string sme = "sme.food", string provider = "provider.consultant")
    {
        var qr = await Get(sme, $"api/sme/vouchers/{id}/qr");
        var voucher = await Get(sme, $"api/sme/vouchers/{id}");
        var amount = voucher["voucher"]!["faceValue"]!.GetValue<long>();
        await Call(HttpMethod.Post, provider, "api/provider/vouchers/redeem",
            new { token = qr["token"]!.GetValue<string>(), contractValue = amount * 2, contractNumber = "HĐ-" + id[..8] }, idempotent: true);
    }

    public Task Deliver(string id, string provider = "provider.consultant") =>
        Call(HttpMethod.Post, provider, $"api/provider/vouchers/{id}/deliver", new { note = "Đã bàn giao báo cáo đánh giá và lộ trình" });

    public Task ConfirmDelivery(string id, string sme = "sme.food") =>
        Call(HttpMethod.Post, sme, $"api/sme/vouchers/{id}/confirm-delivery", new { note = "Đã nhận báo cáo" });

    public Task Accept(string id, string reviewer = "reviewer.quang") =>
        Call(HttpMethod.Post, reviewer, $"api/reviewer/vouchers/{id}/accept", new { decisionNumber = "07/BB-NT" });

    public Task Claim(string id, string provider = "provider.consultant") =>
        Call(HttpMethod.Post, provider, $"api/provider/vouchers/{id}/claim-payment", new { eInvoiceNumber = "C26TAA-" + id[^8..].ToUpperInvariant() }, idempotent: true);

    public Task Settle(string id, string finance = "finance.tam") =>
        Call(HttpMethod.Post, finance, $"api/finance/vouchers/{id}/settle", null, idempotent: true);

    /// <summary>
    /// Where a page test starts: a new Thanh Hóa voucher of <c>sme.food</c> taken through the API to <paramref name="stage"/>.
    /// Keep amounts small: every page test shares the demo data, and a medium enterprise may hold 100.000.000 ₫ a year in
    /// the program (the minimum support is 500.000 ₫).
    /// </summary>
    public async Task<string> VoucherAt(Stage stage, long amount = 1_500_000)
    {
        var id = await ApplyAsync(amount);
        if (stage == Stage.Submitted) return id;
        await Recommend(id);
        if (stage == Stage.Recommended) return id;
        await Approve(id);
        if (stage == Stage.Issued) return id;
        await Redeem(id);
        if (stage == Stage.Redeemed) return id;
        await Deliver(id);
        if (stage == Stage.Delivered) return id;
        await ConfirmDelivery(id);
        if (stage == Stage.DeliveryConfirmed) return id;
        await Accept(id);
        if (stage == Stage.Accepted) return id;
        await Claim(id);
        if (stage == Stage.PaymentClaimed) return id;
        await Settle(id);
        return id;
    }

    public enum Stage { Submitted, Recommended, Issued, Redeemed, Delivered, DeliveryConfirmed, Accepted, PaymentClaimed, Settled }

    public static string FoodSmeTaxCode => DemoData.FoodSmeTaxCode;
}
