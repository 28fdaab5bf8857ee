using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Vouchers.Application.Qr;
using Vouchers.Domain.Common;
using Vouchers.Infrastructure.Demo;
using Vouchers.Infrastructure.Qr;

namespace Vouchers.Api.Tests;

/// <summary>
/// Signed QR vouchers through the real service: the token issued with the voucher, its pictures read back by the real
/// zbarimg (and by Chromium for the SVG and the printable card), verification naming the check that failed, and
/// redemption refusing every forged, edited, superseded or cancelled voucher with its reason and changing nothing.
/// </summary>
public class QrVoucherApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly Scenario _s = new(factory);

    private async Task<HttpClient> Consultant() => _s.Provider(await _s.ProviderId(DemoData.ConsultantTaxCode));

    private async Task<JsonNode> Qr(string id) => await _s.SmeOf(id).GetAsync($"/api/sme/vouchers/{id}/qr").Ok();

    private async Task<JsonNode> Verify(string token) => await (await Consultant()).Post("/api/provider/vouchers/verify", new { token }).Ok();

    private async Task<string> Status(string id) => (await _s.SmeOf(id).GetAsync($"/api/sme/vouchers/{id}").Ok())["voucher"]!["status"]!.GetValue<string>();

    /// <summary>The service's own signing key, as someone who stole the key file would hold it.</summary>
    private ECDsa ServiceKey()
    {
        var json = JsonNode.Parse(File.ReadAllText(factory.KeyFilePath))!;
        var key = ECDsa.Create();
        key.ImportFromPem(json["keys"]![0]!["privateKey"]!.GetValue<string>());
        return key;
    }

    private static byte[] Binary(string token) => Base45.Decode(token[VoucherTokenFormat.Prefix.Length..]);

    private static string Token(byte[] binary) => VoucherTokenFormat.Prefix + Base45.Encode(binary);

    /// <summary>The token's payload with some claims changed, signed by <paramref name="key"/> under <paramref name="keyId"/>'s bytes.</summary>
    private static string Forge(string token, ECDsa key, Func<VoucherTokenClaims, VoucherTokenClaims> change, byte[]? keyId = null)
    {
        var reading = VoucherTokenReader.FromJwks(Jwk(key)).Read(Resign(token, key), new DateOnly(2000, 1, 1));
        var claims = change(reading.Claims!);
        var payload = VoucherTokenFormat.WritePayload(keyId ?? Convert.FromHexString(VoucherTokenFormat.KeyIdOf(key)), claims);
        return VoucherTokenFormat.Sign(payload, key);
    }

    /// <summary>The same payload under another key's id and signature.</summary>
    private static string Resign(string token, ECDsa key)
    {
        var payload = Binary(token)[..VoucherTokenFormat.PayloadLength];
        Convert.FromHexString(VoucherTokenFormat.KeyIdOf(key)).CopyTo(payload, 0);
        return VoucherTokenFormat.Sign(payload, key);
    }

    private static string Jwk(ECDsa key)
    {
        var p = key.ExportParameters(false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "EC", ["crv"] = "P-256", ["kid"] = VoucherTokenFormat.KeyIdOf(key), ["alg"] = "ES256",
                ["x"] = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(p.Q.X!),
                ["y"] = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(p.Q.Y!),
            }),
        }.ToJsonString();
    }

    [Fact]
    public async Task AnIssuedVoucher_CarriesASignedToken_ThatAProviderAppVerifiesOffline_WithThePublishedKeys()
    {
        var id = await _s.Issued(12_000_000);
        var voucher = (await _s.SmeOf(id).GetAsync($"/api/sme/vouchers/{id}").Ok())["voucher"]!;
        var qr = await Qr(id);
        var token = qr["token"]!.GetValue<string>();
        Assert.StartsWith("VV1:", token, StringComparison.Ordinal);
        Assert.Equal(192, token.Length);
        Assert.All(token, c => Assert.Contains(c, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"));
        Assert.Equal(1, qr["serial"]!.GetValue<int>());
        Assert.Equal(12_000_000, qr["faceValue"]!.GetValue<long>());
        Assert.Equal("Mười hai triệu đồng", qr["faceValueInWords"]!.GetValue<string>());
        Assert.Equal(voucher["validUntil"]!.GetValue<string>(), qr["validUntil"]!.GetValue<string>());
        Assert.Equal(voucher["code"]!.GetValue<string>(), qr["code"]!.GetValue<string>());

        // offline: only the public key set, fetched anonymously, and the token
        var jwks = await _s.Public.GetStringAsync("/api/public/qr-keys");
        Assert.DoesNotContain("\"d\"", jwks, StringComparison.Ordinal);
        var reading = VoucherTokenReader.FromJwks(jwks).Read(token, VietnamTime.Today(factory.Clock.GetUtcNow()));
        Assert.True(reading.IsValid, reading.Fault.ToString());
        Assert.Equal(Guid.Parse(id), reading.Claims!.VoucherId);
        Assert.Equal(Guid.Parse(voucher["programId"]!.GetValue<string>()), reading.Claims.ProgramId);
        Assert.Equal(12_000_000, reading.Claims.FaceValue);
        Assert.Equal(ServiceKind.DigitalTransformationConsulting, reading.Claims.ServiceKind);
        Assert.Equal(DateOnly.Parse(qr["validUntil"]!.GetValue<string>()), reading.Claims.ValidUntil);

        // the SME is in the token only as a digest: its tax code matches, another does not, and the digits are not there
        var taxCode = voucher["enterpriseTaxCode"]!.GetValue<string>();
        Assert.True(reading.Claims.IsFor(taxCode));
        Assert.False(reading.Claims.IsFor(DemoData.MangoSmeTaxCode));
        Assert.DoesNotContain(taxCode, Encoding.Latin1.GetString(Binary(token)), StringComparison.Ordinal);
        Assert.DoesNotContain(taxCode, token, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyTheVouchersOwnSme_GetsItsQr()
    {
        var id = await _s.Issued(3_000_000);
        var other = _s.Sme(await _s.NewSme());
        foreach (var path in new[] { "qr", "qr.png", "qr.svg", "card" })
            await other.GetAsync($"/api/sme/vouchers/{id}/{path}").Problem(404);
        await other.Post($"/api/sme/vouchers/{id}/qr/reissue").Problem(404);
        Assert.Equal(1, (await Qr(id))["serial"]!.GetValue<int>()); // the refused reissue changed nothing
    }

    [Fact]
    public async Task EveryRenderedPng_DecodesWithZbarimg_ToExactlyTheIssuedToken()
    {
        using var dir = new ScratchDirectory();
        for (var v = 0; v < 3; v++)
        {
            var id = await _s.Issued(1_000_000 + v);
            var token = (await Qr(id))["token"]!.GetValue<string>();
            foreach (var scale in new[] { 3, 8 })
            {
                var response = await _s.SmeOf(id).GetAsync($"/api/sme/vouchers/{id}/qr.png?scale={scale}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal("no-store", response.Headers.CacheControl?.NoStore == true ? "no-store" : response.Headers.CacheControl?.ToString());
                var file = dir.File($"{v}-{scale}.png");
                await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
                Assert.Equal(token, ZBar.DecodeQr(file));
            }
        }
    }

    [Fact]
    public async Task TheSvg_AndThePrintableCard_RenderedByChromium_DecodeToTheToken()
    {
        using var dir = new ScratchDirectory();
        var id = await _s.Issued(25_000_000);
        var sme = _s.SmeOf(id);
        var qr = await Qr(id);
        var token = qr["token"]!.GetValue<string>();

        var svg = await sme.GetAsync($"/api/sme/vouchers/{id}/qr.svg?scale=6");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        var page = dir.File("svg.html");
        await File.WriteAllTextAsync(page, $"<!doctype html><html><body style=\"margin:0;background:#fff\">{await svg.Content.ReadAsStringAsync()}</body></html>");
        Chromium.Screenshot(page, dir.File("svg.png"), 500, 500);
        Assert.Equal(token, ZBar.DecodeQr(dir.File("svg.png")));

        var card = await sme.GetAsync($"/api/sme/vouchers/{id}/card");
        Assert.Equal("text/html", card.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", card.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await card.Content.ReadAsStringAsync();
        var validUntil = DateOnly.Parse(qr["validUntil"]!.GetValue<string>());
        foreach (var text in new[] { "PHIẾU HỖ TRỢ TÀI CHÍNH", "25.000.000 ₫", "Hai mươi lăm triệu đồng", $"{validUntil:dd/MM/yyyy}",
                     qr["code"]!.GetValue<string>(), qr["programName"]!.GetValue<string>(), qr["enterpriseName"]!.GetValue<string>() })
            Assert.Contains(text, html, StringComparison.Ordinal);
        var cardPage = dir.File("card.html");
        await File.WriteAllTextAsync(cardPage, html);
        Chromium.Screenshot(cardPage, dir.File("card.png"), 1000, 800);
        Assert.Equal(token, ZBar.DecodeQr(dir.File("card.png")));
    }

    [Theory]
    [InlineData("qr.png?scale=1")]
    [InlineData("qr.png?scale=21")]
    [InlineData("qr.svg?scale=0")]
    public async Task AScaleOutOfRange_IsABadRequest_NamingTheField(string path)
    {
        var id = await _s.Issued(1_000_000);
        var p = await _s.SmeOf(id).GetAsync($"/api/sme/vouchers/{id}/{path}").Problem(400);
        Assert.NotNull(p["errors"]!["scale"]);
    }

    [Fact]
    public async Task VerifyingAValidToken_TellsTheProviderWhatItNeeds_AndNothingAboutTheSme()
    {
        var id = await _s.Issued(9_000_000);
        var token = (await Qr(id))["token"]!.GetValue<string>();
        var detail = (await _s.SmeOf(id).GetAsync($"/api/sme/vouchers/{id}").Ok())["voucher"]!;

        var answer = await (await Consultant()).Post("/api/provider/vouchers/verify", new { token }).Ok();
        Assert.True(answer["valid"]!.GetValue<bool>());
        var v = answer["voucher"]!;
        Assert.Equal(id, v["id"]!.GetValue<string>());
        Assert.Equal("Issued", v["status"]!.GetValue<string>());
        Assert.Equal(9_000_000, v["faceValue"]!.GetValue<long>());
        Assert.Equal("DigitalTransformationConsulting", v["serviceKind"]!.GetValue<string>());
        Assert.Contains("DigitalTransformationConsulting", v["eligibleServiceKinds"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Contains("Consultant", v["eligibleProviderKinds"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.True(v["mayRedeem"]!.GetValue<bool>());

        var raw = answer.ToJsonString();
        foreach (var secret in new[] { detail["enterpriseTaxCode"]!.GetValue<string>(), detail["enterpriseId"]!.GetValue<string>(), detail["purpose"]!.GetValue<string>() })
            Assert.DoesNotContain(secret, raw, StringComparison.Ordinal);
        foreach (var field in new[] { "enterprise", "taxCode", "purpose", "sizeClass", "enterpriseName" })
            Assert.DoesNotContain($"\"{field}", raw, StringComparison.OrdinalIgnoreCase);

        // the lab is not a kind this program pays: a valid voucher, but not this provider's to redeem
        var lab = _s.Provider(await _s.ProviderId(DemoData.LabTaxCode));
        var asLab = await lab.Post("/api/provider/vouchers/verify", new { token }).Ok();
        Assert.True(asLab["valid"]!.GetValue<bool>());
        Assert.False(asLab["voucher"]!["mayRedeem"]!.GetValue<bool>());
        Assert.Equal("program.provider-kind-not-eligible", asLab["voucher"]!["refusalCode"]!.GetValue<string>());
        Assert.Equal("Issued", await Status(id)); // verifying changes nothing
    }

    [Fact]
    public async Task TheTypedCodeAndTaxCode_StandForTheQr_WithTheSameChecks_AndAWrongTaxCodeIsAnsweredAsAWrongCode()
    {
        var id = await _s.Issued(9_000_000);
        var token = (await Qr(id))["token"]!.GetValue<string>();
        var detail = (await _s.SmeOf(id).GetAsync($"/api/sme/vouchers/{id}").Ok())["voucher"]!;
        var code = detail["code"]!.GetValue<string>();
        var taxCode = detail["enterpriseTaxCode"]!.GetValue<string>();
        var consultant = await Consultant();

        // as typed at a front desk: lower case, spaces around
        var answer = await consultant.Post("/api/provider/vouchers/verify-code", new { code = $"  {code.ToLowerInvariant()} ", taxCode }).Ok();
        Assert.True(answer["valid"]!.GetValue<bool>());
        Assert.Equal(token, answer["token"]!.GetValue<string>());
        var scanned = await Verify(token);
        Assert.Equal(scanned["voucher"]!.ToJsonString(), answer["voucher"]!.ToJsonString()); // the scan's very answer

        // a provider kind the program does not pay: the same refusal as a scan gives
        var lab = _s.Provider(await _s.ProviderId(DemoData.LabTaxCode));
        var asLab = await lab.Post("/api/provider/vouchers/verify-code", new { code, taxCode }).Ok();
        Assert.Equal("program.provider-kind-not-eligible", asLab["voucher"]!["refusalCode"]!.GetValue<string>());

        // a wrong tax code and a code of no voucher: one answer, word for word
        var wrongTaxCode = await consultant.Post("/api/provider/vouchers/verify-code", new { code, taxCode = Scenario.NewTaxCode() }).Ok();
        var noSuchCode = await consultant.Post("/api/provider/vouchers/verify-code", new { code = "PH-2222-3333-4444", taxCode }).Ok();
        Assert.False(wrongTaxCode["valid"]!.GetValue<bool>());
        Assert.Equal("not-found", wrongTaxCode["reason"]!.GetValue<string>());
        Assert.Null(wrongTaxCode["token"]);
        Assert.Equal(noSuchCode.ToJsonString(), wrongTaxCode.ToJsonString());

        // not a code or not a tax code at all: a bad request, naming the field
        var malformed = await consultant.Post("/api/provider/vouchers/verify-code", new { code = "PH-0000-OOOO-IIII", taxCode });
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        // the wrong tax code is on the voucher's audit trail as the refusal it is
        var trail = await _s.Auditor.GetAsync($"/api/auditor/audit-trail?objectId={id}&pageSize=100").Ok();
        Assert.Contains(trail["items"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "VerifyVoucherCode"
            && e["outcome"]!.GetValue<string>() == "Refused" && e["reasonCode"]?.GetValue<string>() == "qr.not-found");
        Assert.Equal("Issued", await Status(id)); // verifying changes nothing
    }

    [Fact]
    public async Task TheQuote_ShowsWhatTheRedemptionThenFixes_AndRefusesAsItWould()
    {
        var id = await _s.Issued(9_000_000);
        var token = (await Qr(id))["token"]!.GetValue<string>();
        var consultant = await Consultant();

        var quote = await consultant.Post("/api/provider/vouchers/redeem/quote", new { token, contractValue = 30_000_000 }).Ok();
        Assert.Equal(9_000_000, quote["supportAmount"]!.GetValue<long>()); // min(50 % × 30.000.000, cap, face value 9.000.000)
        Assert.Equal(21_000_000, quote["coPayment"]!.GetValue<long>());
        Assert.Equal("Chín triệu đồng", quote["supportAmountInWords"]!.GetValue<string>());
        Assert.Equal("Issued", await Status(id)); // a quote changes nothing

        var half = await consultant.Post("/api/provider/vouchers/redeem/quote", new { token, contractValue = 10_000_000 }).Ok();
        Assert.Equal(5_000_000, half["supportAmount"]!.GetValue<long>());
        Assert.Equal(5_000_000, half["coPayment"]!.GetValue<long>());

        // above the consultant's list price plus the margin: refused with the redemption's own code
        var tooDear = await consultant.Post("/api/provider/vouchers/redeem/quote", new { token, contractValue = 900_000_000 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooDear.StatusCode);
        Assert.Contains("redemption.contract-above-list-price", await tooDear.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var redeemed = await consultant.Post("/api/provider/vouchers/redeem", new { token, contractValue = 10_000_000, contractNumber = "HĐ-Q/2026" }, TestHttp.Key()).Ok();
        Assert.Equal(half["supportAmount"]!.GetValue<long>(), redeemed["supportAmount"]!.GetValue<long>());
        Assert.Equal(half["coPayment"]!.GetValue<long>(), redeemed["coPayment"]!.GetValue<long>());

        // once redeemed, the quote is refused as a second redemption would be
        var after = await consultant.Post("/api/provider/vouchers/redeem/quote", new { token, contractValue = 10_000_000 });
        Assert.Equal(HttpStatusCode.Conflict, after.StatusCode);
        Assert.Contains("voucher.already-redeemed", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Each kind of bad token, and the reason both verify and redeem must give for it.</summary>
    private List<(string Name, string Token, string Reason)> BadTokens(string token)
    {
        using var foreign = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var service = ServiceKey();
        var serviceKid = Binary(token)[..8];
        var bin = Binary(token);
        var flippedPayload = (byte[])bin.Clone();
        flippedPayload[50] ^= 0x01; // a bit of the face value
        var flippedSignature = (byte[])bin.Clone();
        flippedSignature[100] ^= 0x80;
        return
        [
            ("wrong prefix", "HC1:" + token[4..], "version"),
            ("lower-case prefix", "vv1:" + token[4..], "version"),
            ("truncated", token[..^1], "format"),
            ("padded", token + "0", "format"),
            ("not Base45", token[..^3] + "abc", "format"),
            ("face value edited", Token(flippedPayload), "signature"),
            ("signature edited", Token(flippedSignature), "signature"),
            ("re-signed with a foreign key under its own id", Resign(token, foreign), "unknown-key"),
            ("re-signed with a foreign key under the service's key id", Forge(token, foreign, c => c with { FaceValue = 99_000_000 }, serviceKid), "signature"),
            ("expired (signed by the real key)", Forge(token, service, c => c with { ValidUntil = VietnamTime.Today(factory.Clock.GetUtcNow()).AddDays(-1) }), "expired"),
        ];
    }

    [Fact]
    public async Task Verify_NamesTheCheckThatFailed_ForEveryKindOfBadToken()
    {
        var id = await _s.Issued(4_000_000);
        var token = (await Qr(id))["token"]!.GetValue<string>();
        foreach (var (name, bad, reason) in BadTokens(token))
        {
            var answer = await Verify(bad);
            Assert.False(answer["valid"]!.GetValue<bool>(), name);
            Assert.True(reason == answer["reason"]!.GetValue<string>(), $"{name}: expected {reason}, got {answer["reason"]}");
            Assert.False(string.IsNullOrWhiteSpace(answer["reasonLabel"]!.GetValue<string>()), name);
            Assert.Null(answer["voucher"]);
        }
        Assert.True((await Verify(token))["valid"]!.GetValue<bool>()); // and the original is still good

        // signed with the real key, for a voucher that does not exist (e.g. a database restored to before it)
        using var service = ServiceKey();
        var ghost = await Verify(Forge(token, service, c => c with { VoucherId = Guid.CreateVersion7() }));
        Assert.Equal("not-found", ghost["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Redeem_RefusesEveryBadToken_WithItsReason_AndMovesNothing()
    {
        var id = await _s.Issued(4_000_000);
        var token = (await Qr(id))["token"]!.GetValue<string>();
        var consultant = await Consultant();
        var before = await _s.Position();
        foreach (var (name, bad, reason) in BadTokens(token))
        {
            var p = await consultant.Post("/api/provider/vouchers/redeem", new { token = bad, contractValue = 8_000_000, contractNumber = "HĐ-QR" }, TestHttp.Key())
                .Problem(422);
            Assert.True($"qr.{reason}" == p["code"]!.GetValue<string>(), $"{name}: expected qr.{reason}, got {p["code"]}");
            Assert.Equal("token", p["field"]!.GetValue<string>());
            Assert.Equal(reason, p["reason"]!.GetValue<string>());
        }
        Assert.Equal("Issued", await Status(id));
        Assert.Equal(before.ToJsonString(), (await _s.Position()).ToJsonString());

        var trail = await _s.Auditor.GetAsync("/api/auditor/audit-trail?action=RedeemVoucher&outcome=Refused&pageSize=100").Ok();
        var reasons = trail["items"]!.AsArray().Select(e => e!["reasonCode"]?.GetValue<string>()).ToHashSet();
        foreach (var code in new[] { "qr.version", "qr.format", "qr.signature", "qr.unknown-key", "qr.expired" })
            Assert.Contains(code, reasons);

        var redeemed = await consultant.Post("/api/provider/vouchers/redeem", new { token, contractValue = 8_000_000, contractNumber = "HĐ-QR" }, TestHttp.Key()).Ok();
        Assert.Equal("Redeemed", redeemed["status"]!.GetValue<string>());
        await _s.AssertLedgerHolds();
    }

    [Fact]
    public async Task AReissuedQr_SupersedesTheOldOne_WhateverItsSignature()
    {
        var id = await _s.Issued(6_000_000);
        var old = (await Qr(id))["token"]!.GetValue<string>();
        var reissued = await _s.SmeOf(id).Post($"/api/sme/vouchers/{id}/qr/reissue").Ok();
        var current = reissued["token"]!.GetValue<string>();
        Assert.Equal(2, reissued["serial"]!.GetValue<int>());
        Assert.NotEqual(old, current);
        Assert.Equal(current, (await Qr(id))["token"]!.GetValue<string>());

        var stale = await Verify(old);
        Assert.False(stale["valid"]!.GetValue<bool>());
        Assert.Equal("superseded", stale["reason"]!.GetValue<string>());
        Assert.DoesNotContain("2", stale["reasonLabel"]!.GetValue<string>(), StringComparison.Ordinal); // the current serial is not disclosed
        var p = await (await Consultant()).Post("/api/provider/vouchers/redeem", new { token = old, contractValue = 6_000_000, contractNumber = "HĐ-OLD" }, TestHttp.Key()).Problem(422);
        Assert.Equal("qr.superseded", p["code"]!.GetValue<string>());
        Assert.Equal("Issued", await Status(id));

        Assert.True((await Verify(current))["valid"]!.GetValue<bool>());
        await (await Consultant()).Post("/api/provider/vouchers/redeem", new { token = current, contractValue = 6_000_000, contractNumber = "HĐ-NEW" }, TestHttp.Key()).Ok();
        var late = await _s.SmeOf(id).Post($"/api/sme/vouchers/{id}/qr/reissue").Problem(422);
        Assert.Equal("voucher.qr-not-reissuable", late["code"]!.GetValue<string>()); // a redeemed voucher's QR is spent
    }

    [Fact]
    public async Task AnotherValidSignatureOverTheSameContent_IsNotTheIssuedQr()
    {
        // ECDSA is malleable: (r, n − s) verifies as well as (r, s). Only the exact text issued is the voucher's QR.
        var id = await _s.Issued(2_000_000);
        var token = (await Qr(id))["token"]!.GetValue<string>();
        var bin = Binary(token);
        var n = System.Numerics.BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber);
        var s = new System.Numerics.BigInteger(bin.AsSpan(VoucherTokenFormat.PayloadLength + 32, 32), isUnsigned: true, isBigEndian: true);
        var flipped = (n - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var twin = (byte[])bin.Clone();
        Array.Clear(twin, VoucherTokenFormat.PayloadLength + 32, 32);
        flipped.CopyTo(twin, VoucherTokenFormat.BinaryLength - flipped.Length);
        var malleated = Token(twin);
        Assert.NotEqual(token, malleated);
        var jwks = await _s.Public.GetStringAsync("/api/public/qr-keys");
        Assert.True(VoucherTokenReader.FromJwks(jwks).Read(malleated, VietnamTime.Today(factory.Clock.GetUtcNow())).IsValid); // a valid signature ...

        Assert.Equal("superseded", (await Verify(malleated))["reason"]!.GetValue<string>()); // ... but not the issued QR
        var p = await (await Consultant()).Post("/api/provider/vouchers/redeem", new { token = malleated, contractValue = 2_000_000, contractNumber = "HĐ-M" }, TestHttp.Key())
            .Problem(422);
        Assert.Equal("qr.superseded", p["code"]!.GetValue<string>());
        Assert.Equal("Issued", await Status(id));
    }

    [Fact]
    public async Task RefusedScans_AreOnTheVouchersAuditTrail_WithTheirReasons()
    {
        var id = await _s.Issued(2_500_000);
        var token = (await Qr(id))["token"]!.GetValue<string>();
        await _s.SmeOf(id).Post($"/api/sme/vouchers/{id}/qr/reissue").Ok();
        var consultant = await Consultant();
        Assert.False((await Verify(token))["valid"]!.GetValue<bool>());
        await consultant.Post("/api/provider/vouchers/redeem", new { token, contractValue = 2_500_000, contractNumber = "HĐ-A" }, TestHttp.Key()).Problem(422);

        var trail = (await _s.Auditor.GetAsync($"/api/auditor/audit-trail?objectId={id}&pageSize=100").Ok())["items"]!.AsArray();
        Assert.Contains(trail, e => e!["action"]!.GetValue<string>() == "VerifyVoucherToken" && e["reasonCode"]?.GetValue<string>() == "qr.superseded"
                                    && e["outcome"]!.GetValue<string>() == "Refused" && e["statusCode"]!.GetValue<int>() == 200);
        Assert.Contains(trail, e => e!["action"]!.GetValue<string>() == "RedeemVoucher" && e["outcome"]!.GetValue<string>() == "Refused"
                                    && e["reasonCode"]?.GetValue<string>() == "qr.superseded");
        Assert.Contains(trail, e => e!["action"]!.GetValue<string>() == "ReissueVoucherQr" && e["outcome"]!.GetValue<string>() == "Succeeded");
    }

    [Fact]
    public async Task TheQrIsShownOnlyWhileTheVoucherCanBeUsed_AndNeverCached()
    {
        var id = await _s.Issued(3_500_000);
        var response = await _s.SmeOf(id).GetAsync($"/api/sme/vouchers/{id}/qr");
        Assert.True(response.Headers.CacheControl?.NoStore, "the token is the voucher: no copy may be kept on the way");
        await _s.Finance.Post($"/api/finance/vouchers/{id}/cancel", new { reason = "Hồ sơ không hợp lệ" }, TestHttp.Key()).Ok();
        foreach (var path in new[] { "qr", "qr.png", "card" })
        {
            var p = await _s.SmeOf(id).GetAsync($"/api/sme/vouchers/{id}/{path}").Problem(409);
            Assert.Equal("voucher.qr-not-current", p["code"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task AnApplication_HasNoQrToReissue_ARefusalNotAnError()
    {
        var id = await _s.Apply(1_500_000);
        var p = await _s.SmeOf(id).Post($"/api/sme/vouchers/{id}/qr/reissue").Problem(422);
        Assert.Equal("voucher.qr-not-reissuable", p["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ACancelledVoucher_IsRefused_ThoughItsSignatureIsGood()
    {
        var id = await _s.Issued(5_000_000);
        var token = (await Qr(id))["token"]!.GetValue<string>();
        await _s.Finance.Post($"/api/finance/vouchers/{id}/cancel", new { reason = "Phát hiện không đủ điều kiện" }, TestHttp.Key()).Ok();

        var answer = await Verify(token);
        Assert.True(answer["valid"]!.GetValue<bool>()); // the signature proves origin ...
        Assert.Equal("Cancelled", answer["voucher"]!["status"]!.GetValue<string>());
        Assert.False(answer["voucher"]!["mayRedeem"]!.GetValue<bool>()); // ... the database decides state
        Assert.Equal("voucher.illegal-transition", answer["voucher"]!["refusalCode"]!.GetValue<string>());

        var p = await (await Consultant()).Post("/api/provider/vouchers/redeem", new { token, contractValue = 5_000_000, contractNumber = "HĐ-X" }, TestHttp.Key()).Problem(409);
        Assert.Equal("voucher.illegal-transition", p["code"]!.GetValue<string>());
        Assert.Equal("Cancelled", p["state"]!.GetValue<string>());
        await _s.AssertLedgerHolds();
    }

    [Fact]
    public async Task ARetriedRedemption_IsAnsweredFromTheFirst_AndAnotherProviderLosesWithTheReason()
    {
        var id = await _s.Issued(7_000_000);
        var token = (await Qr(id))["token"]!.GetValue<string>();
        var key = TestHttp.Key();
        var consultant = await Consultant();
        var first = await consultant.Post("/api/provider/vouchers/redeem", new { token, contractValue = 7_000_000, contractNumber = "HĐ-R" }, key);
        var again = await consultant.Post("/api/provider/vouchers/redeem", new { token, contractValue = 7_000_000, contractNumber = "HĐ-R" }, key);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());

        var verify = await Verify(token);
        Assert.Equal("Redeemed", verify["voucher"]!["status"]!.GetValue<string>());
        Assert.Equal("voucher.already-redeemed", verify["voucher"]!["refusalCode"]!.GetValue<string>());

        // another provider that scans the same card loses with the reason, and learns nothing of the voucher's progress
        var lab = _s.Provider(await _s.ProviderId(DemoData.LabTaxCode));
        var lost = await lab.Post("/api/provider/vouchers/redeem", new { token, contractValue = 7_000_000, contractNumber = "HĐ-L" }, TestHttp.Key()).Problem(409);
        Assert.Equal("voucher.already-redeemed", lost["code"]!.GetValue<string>());
        var elsewhere = await lab.Post("/api/provider/vouchers/verify", new { token }).Ok();
        Assert.Equal("redeemed-elsewhere", elsewhere["reason"]!.GetValue<string>());
        Assert.Null(elsewhere["voucher"]);
        var history = await _s.Auditor.GetAsync($"/api/auditor/vouchers/{id}").Ok();
        Assert.Single(history["history"]!.AsArray(), h => h!["to"]!.GetValue<string>() == "Redeemed");
    }
}
