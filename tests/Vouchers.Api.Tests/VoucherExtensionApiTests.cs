using System.Text.Json.Nodes;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Common;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Api.Tests;

/// <summary>
/// The funder extends an issued voucher's validity (issue 16) through the real service: the date moves, the history
/// says so, the QR follows (a new token, serial + 1; the old one refused as superseded), the expiry job passes the old
/// date by; and every refused extension changes nothing.
/// </summary>
public class VoucherExtensionApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly Scenario _s = new(factory);

    private async Task<HttpClient> Consultant() => _s.Provider(await _s.ProviderId(DemoData.ConsultantTaxCode));

    private async Task<JsonNode> Verify(string token) => await (await Consultant()).Post("/api/provider/vouchers/verify", new { token }).Ok();

    private async Task<JsonNode> View(string id) => await _s.Finance.GetAsync($"/api/finance/vouchers/{id}").Ok();

    private static DateOnly UntilOf(JsonNode view) => DateOnly.Parse(view["voucher"]!["validUntil"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    private async Task<int> ExpireDue()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ExpireDueVouchers());
    }

    [Fact]
    public async Task AnExtension_MovesTheValidityAndTheQr_SupersedesTheOldToken_AndTheVoucherOutlivesItsOldDate()
    {
        var id = await _s.Issued(7_000_000);
        var oldToken = await _s.Token(id);
        var before = await _s.Position();
        var oldUntil = UntilOf(await View(id));
        var newUntil = oldUntil.AddDays(30);
        var key = TestHttp.Key();
        var body = new { validUntil = newUntil.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), reason = "Nhà cung cấp chậm tiến độ do mưa lũ" };

        var extended = await _s.Finance.Post($"/api/finance/vouchers/{id}/extend", body, key).Ok();
        Assert.Equal("Issued", extended["status"]!.GetValue<string>());
        Assert.Equal(newUntil, DateOnly.Parse(extended["validUntil"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        // idempotent: the same key answers the same, and extends once
        var replay = await _s.Finance.Post($"/api/finance/vouchers/{id}/extend", body, key).Ok();
        Assert.Equal(extended.ToJsonString(), replay.ToJsonString());

        var view = await View(id);
        Assert.Equal(newUntil, UntilOf(view));
        var extensions = view["history"]!.AsArray().Where(h => h!["trigger"]?.GetValue<string>() == "Extend").ToList();
        var line = Assert.Single(extensions)!;
        Assert.Equal("Issued", line["from"]!.GetValue<string>());
        Assert.Equal("Issued", line["to"]!.GetValue<string>());
        Assert.Contains("mưa lũ", line["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains($"{newUntil:dd/MM/yyyy}", line["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before.ToJsonString(), (await _s.Position()).ToJsonString()); // no money moved
        // audited: one line for the extension, one for its replay
        var trail = (await _s.Auditor.GetAsync($"/api/auditor/audit-trail?pageSize=100&objectId={id}").Ok())["items"]!.AsArray();
        var audited = Assert.Single(trail, l => l!["action"]!.GetValue<string>() == "ExtendVoucher" && l["outcome"]!.GetValue<string>() == "Succeeded")!;
        Assert.Equal(TestUser.Finance.Subject, audited["subject"]!.GetValue<string>());
        Assert.Equal(key, audited["idempotencyKey"]!.GetValue<string>());
        Assert.Single(trail, l => l!["action"]!.GetValue<string>() == "ExtendVoucher" && l["outcome"]!.GetValue<string>() == "Replayed");

        // the QR follows: serial 2, the new date; the old token is refused as superseded, at verify and at redeem
        var qr = await _s.SmeOf(id).GetAsync($"/api/sme/vouchers/{id}/qr").Ok();
        Assert.Equal(2, qr["serial"]!.GetValue<int>());
        var newToken = qr["token"]!.GetValue<string>();
        Assert.NotEqual(oldToken, newToken);
        Assert.Equal("superseded", (await Verify(oldToken))["reason"]!.GetValue<string>());
        var refused = await (await Consultant()).Post("/api/provider/vouchers/redeem",
            new { token = oldToken, contractValue = 14_000_000, contractNumber = "HĐ-GH-OLD" }, TestHttp.Key()).Problem(422);
        Assert.Equal("qr.superseded", refused["code"]!.GetValue<string>());

        // past the old date the voucher is still valid: the expiry job leaves it, the new token verifies
        var now = factory.Clock.GetUtcNow();
        var toOld = VietnamTime.StartOf(oldUntil.AddDays(5)) - now;
        factory.Clock.Advance(toOld);
        try
        {
            await ExpireDue();
            Assert.Equal("Issued", (await View(id))["voucher"]!["status"]!.GetValue<string>());
            Assert.True((await Verify(newToken))["valid"]!.GetValue<bool>());
            // and it expires at its new date
            var toNew = VietnamTime.StartOf(newUntil.AddDays(1)) - factory.Clock.GetUtcNow();
            factory.Clock.Advance(toNew);
            try
            {
                await ExpireDue();
                Assert.Equal("Expired", (await View(id))["voucher"]!["status"]!.GetValue<string>());
            }
            finally
            {
                factory.Clock.Advance(-toNew);
            }
        }
        finally
        {
            factory.Clock.Advance(-toOld);
        }
        await _s.AssertLedgerHolds();
    }

    [Fact]
    public async Task RefusedExtensions_AnswerWithTheirCode_AndMoveNothing()
    {
        var id = await _s.Issued(3_000_000);
        var until = UntilOf(await View(id));
        var redeemed = await _s.Issued(4_000_000);
        await _s.Redeem(redeemed, 8_000_000);
        static object Body(DateOnly d, string reason = "Gia hạn") =>
            new { validUntil = d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), reason };

        var cases = new (string Name, Func<Task<HttpResponseMessage>> Call, int Status, string? Code)[]
        {
            ("not later", () => _s.Finance.Post($"/api/finance/vouchers/{id}/extend", Body(until), TestHttp.Key()), 422, "voucher.extension-not-later"),
            ("beyond the program's limit", () => _s.Finance.Post($"/api/finance/vouchers/{id}/extend", Body(until.AddDays(91)), TestHttp.Key()), 422,
                "voucher.extension-beyond-limit"),
            ("no reason", () => _s.Finance.Post($"/api/finance/vouchers/{id}/extend", Body(until.AddDays(10), ""), TestHttp.Key()), 400, null),
            ("redeemed", () => _s.Finance.Post($"/api/finance/vouchers/{redeemed}/extend", Body(until.AddDays(10)), TestHttp.Key()), 409,
                "voucher.illegal-transition"),
            ("another province's finance officer", () => _s.As(TestUser.Finance.In("dong-nai")).Post($"/api/finance/vouchers/{id}/extend",
                Body(until.AddDays(10)), TestHttp.Key()), 404, null),
            ("a reviewer", () => _s.Reviewer.Post($"/api/finance/vouchers/{id}/extend", Body(until.AddDays(10)), TestHttp.Key()), 403, null),
            ("no idempotency key", () => _s.Finance.Post($"/api/finance/vouchers/{id}/extend", Body(until.AddDays(10))), 400, null),
        };
        foreach (var (name, call, status, code) in cases)
        {
            var start = StateFingerprint.Read(factory.Services);
            using var response = await call();
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(status == (int)response.StatusCode, $"{name}: expected {status}, got {(int)response.StatusCode}: {text}");
            if (code is not null) Assert.True(code == JsonNode.Parse(text)!["code"]?.GetValue<string>(), $"{name}: {text}");
            Assert.True(start.Hash == StateFingerprint.Read(factory.Services).Hash, $"{name}: the state changed");
        }

        // past its date (before the expiry job ran) a voucher is not extended either
        var past = VietnamTime.StartOf(until.AddDays(1)) - factory.Clock.GetUtcNow();
        factory.Clock.Advance(past);
        try
        {
            var start = StateFingerprint.Read(factory.Services);
            var p = await _s.Finance.Post($"/api/finance/vouchers/{id}/extend", Body(until.AddDays(10)), TestHttp.Key()).Problem(422);
            Assert.Equal("voucher.expired", p["code"]!.GetValue<string>());
            Assert.Equal(start.Hash, StateFingerprint.Read(factory.Services).Hash);
        }
        finally
        {
            factory.Clock.Advance(-past);
        }
    }
}
