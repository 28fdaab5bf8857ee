using Vouchers.Infrastructure.Signing;
using System.Text.Json.Nodes;
using Vouchers.Infrastructure.Demo;
using Vouchers.Infrastructure.Qr;

namespace Vouchers.Api.Tests;

/// <summary>
/// Key rotation across restarts of the service, on one database and one key file: a retired key keeps verifying the
/// cards it signed until they expire, new vouchers are signed with the new key, and a key withdrawn from the ring
/// (after a compromise) makes its tokens unknown until the voucher is reissued.
/// </summary>
public class QrKeyRotationTests : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), "vouchers-tests", $"{Guid.NewGuid():N}.qr-keys.json");

    private ApiFactory Start() => new() { Database = _database, KeyFilePath = _keyFile, KeepFiles = true };

    public void Dispose()
    {
        _database.Dispose();
        foreach (var f in new[] { _keyFile, _keyFile + ".lock" })
            try { File.Delete(f); } catch (IOException) { }
    }

    private static async Task<JsonNode> Verify(Scenario s, string token) =>
        await s.Provider(await s.ProviderId(DemoData.ConsultantTaxCode)).Post("/api/provider/vouchers/verify", new { token }).Ok();

    private static async Task<string> KeyIdOf(Scenario s, string token) =>
        VoucherTokenReader.FromJwks(await s.Public.GetStringAsync("/api/public/qr-keys")).Read(token, new DateOnly(2000, 1, 1)).KeyId!;

    [Fact]
    public async Task ARetiredKey_KeepsVerifyingItsCards_NewCardsUseTheNewKey_AWithdrawnKeyIsUnknown()
    {
        string oldVoucher, oldToken, firstKey;
        using (var first = Start())
        {
            var s = new Scenario(first);
            oldVoucher = await s.Issued(3_000_000);
            oldToken = await s.Token(oldVoucher);
            firstKey = await KeyIdOf(s, oldToken);
        }

        var options = new SigningKeyOptions { KeyFile = _keyFile };
        var secondKey = SigningKeyRing.Rotate(options, Path.GetTempPath(), TimeProvider.System);
        Assert.NotEqual(firstKey, secondKey);

        string newVoucher, newToken;
        using (var second = Start())
        {
            var s = new Scenario(second);
            var jwks = await s.Public.GetAsync("/api/public/qr-keys").Ok();
            var status = jwks["keys"]!.AsArray().ToDictionary(k => k!["kid"]!.GetValue<string>(), k => k!["status"]!.GetValue<string>());
            Assert.Equal("retired", status[firstKey]);
            Assert.Equal("active", status[secondKey]);

            // the card printed before the rotation still verifies
            Assert.True((await Verify(s, oldToken))["valid"]!.GetValue<bool>());
            newVoucher = await s.Issued(4_000_000);
            newToken = await s.Token(newVoucher);
            Assert.Equal(secondKey, await KeyIdOf(s, newToken));
        }

        // the first key leaked: it is withdrawn from the key file, and its cards stop working until reissued
        var file = JsonNode.Parse(await File.ReadAllTextAsync(_keyFile))!;
        var keys = file["keys"]!.AsArray();
        keys.Remove(keys.Single(k => k!["kid"]!.GetValue<string>() == firstKey));
        await File.WriteAllTextAsync(_keyFile, file.ToJsonString());
        using (var third = Start())
        {
            var s = new Scenario(third);
            var jwks = await s.Public.GetAsync("/api/public/qr-keys").Ok();
            Assert.DoesNotContain(jwks["keys"]!.AsArray(), k => k!["kid"]!.GetValue<string>() == firstKey);
            var stale = await Verify(s, oldToken);
            Assert.Equal("unknown-key", stale["reason"]!.GetValue<string>());
            Assert.True((await Verify(s, newToken))["valid"]!.GetValue<bool>());

            var owner = s.Sme(await OwnerOf(s, oldVoucher));
            var reissued = await owner.Post($"/api/sme/vouchers/{oldVoucher}/qr/reissue").Ok();
            Assert.Equal(secondKey, await KeyIdOf(s, reissued["token"]!.GetValue<string>()));
            Assert.True((await Verify(s, reissued["token"]!.GetValue<string>()))["valid"]!.GetValue<bool>());
        }
    }

    private static async Task<string> OwnerOf(Scenario s, string voucherId) =>
        (await s.Auditor.GetAsync($"/api/auditor/vouchers/{voucherId}").Ok())["voucher"]!["enterpriseTaxCode"]!.GetValue<string>();
}
