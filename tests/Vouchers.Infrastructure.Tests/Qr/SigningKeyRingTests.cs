using Vouchers.Infrastructure.Signing;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vouchers.Application.Qr;
using Vouchers.Infrastructure.Qr;
using static Vouchers.Infrastructure.Tests.Qr.QrTestKit;

namespace Vouchers.Infrastructure.Tests.Qr;

/// <summary>Where the keys come from, which one signs, rotation and withdrawal, the published JWK Set, and the start-up checks.</summary>
public sealed class SigningKeyRingTests : IDisposable
{
    private readonly TempRoot root = new();

    public void Dispose() => root.Dispose();

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static string NewPem(ECCurve? curve = null)
    {
        using var key = ECDsa.Create(curve ?? ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    private static string KidOf(string pem)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return VoucherTokenFormat.KeyIdOf(key);
    }

    [Fact]
    public void FirstRun_GeneratesAKeyFile_Mode0600_AndTheNextRunLoadsTheSameKey()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 11, 22, 3, 0, 0, TimeSpan.Zero));
        Assert.False(File.Exists(root.KeyFile));
        var first = root.Ring(time: time);

        Assert.True(File.Exists(root.KeyFile));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(root.KeyFile));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(root.KeyFile)!, "*.tmp")); // the temporary file was moved, not left

        var file = JsonNode.Parse(File.ReadAllText(root.KeyFile))!["keys"]!.AsArray();
        var entry = Assert.Single(file)!;
        Assert.Equal(first.SigningKeyId, (string)entry["kid"]!);
        Assert.Equal(time.Now, DateTimeOffset.Parse((string)entry["createdAt"]!));
        Assert.Null(entry["retiredAt"]);
        Assert.True(((JsonObject)entry).ContainsKey("retiredAt"));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", (string)entry["privateKey"]!);
        Assert.Matches("^[0-9a-f]{16}$", first.SigningKeyId);

        var again = root.Ring(root.Options(generate: false));
        Assert.Equal(first.SigningKeyId, again.SigningKeyId);
        var token = new VoucherTokenService(first).Issue(Claims());
        Assert.True(new VoucherTokenService(again).Read(token, Today).IsValid);
    }

    [Fact]
    public void InstancesStartingAtOnce_OnOneContentRoot_ShareOneGeneratedKey()
    {
        const int starters = 6;
        var kids = new string[starters];
        using var start = new Barrier(starters);
        var threads = Enumerable.Range(0, starters).Select(i => new Thread(() => { start.SignalAndWait(); kids[i] = root.Ring().SigningKeyId; })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Single(kids.Distinct());
        Assert.Single(JsonNode.Parse(File.ReadAllText(root.KeyFile))!["keys"]!.AsArray());
    }

    [Fact]
    public void TheKeyId_IsTheRfc7638Thumbprint()
    {
        // RFC 7638 §3.1 builds the thumbprint input from the required members in lexicographic order, no spaces.
        var ring = root.Ring();
        var jwk = JsonNode.Parse(ring.Jwks())!["keys"]![0]!;
        var canonical = $$"""{"crv":"P-256","kty":"EC","x":"{{jwk["x"]}}","y":"{{jwk["y"]}}"}""";
        var thumbprint = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical));
        Assert.Equal(Convert.ToHexStringLower(thumbprint[..8]), ring.SigningKeyId);
    }

    [Fact]
    public void Rotation_NewKeySigns_TheOldOneRetiresAndStillVerifies_AWithdrawnKeysTokensAreUnknown()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var before = root.Ring(time: time);
        var oldToken = new VoucherTokenService(before).Issue(Claims());

        time.Now = time.Now.AddDays(100);
        var newKid = SigningKeyRing.Rotate(root.Options(generate: false), root.Path, time);
        Assert.NotEqual(before.SigningKeyId, newKid);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(root.KeyFile));

        var after = root.Ring(root.Options(generate: false));
        Assert.Equal(newKid, after.SigningKeyId);
        var old = Assert.Single(after.Keys, k => k.KeyId == before.SigningKeyId);
        Assert.True(old.Retired);
        Assert.False(old.Signing);
        Assert.Equal(time.Now, old.RetiredAt);
        Assert.Contains(after.Keys, k => k.KeyId == newKid && k is { Retired: false, Signing: true, Source: "file" } && k.CreatedAt == time.Now);

        var service = new VoucherTokenService(after);
        var newToken = service.Issue(Claims());
        Assert.Equal(newKid, service.Read(newToken, Today).KeyId);
        var oldReading = service.Read(oldToken, Today);
        Assert.True(oldReading.IsValid, "a retired key keeps verifying until its tokens expire");
        Assert.Equal(before.SigningKeyId, oldReading.KeyId);

        // A second rotation retires the second key; the first stays retired (and its retiredAt unchanged).
        time.Now = time.Now.AddDays(1);
        var third = SigningKeyRing.Rotate(root.Options(generate: false), root.Path, time);
        var ring3 = root.Ring(root.Options(generate: false));
        Assert.Equal(third, ring3.SigningKeyId);
        Assert.Equal([true, true, false], ring3.Keys.Select(k => k.Retired));
        Assert.Equal(time.Now.AddDays(-1), ring3.Keys[0].RetiredAt);

        // Withdraw the first key (compromised): remove it from the file. Its tokens are now unknown.
        var file = JsonNode.Parse(File.ReadAllText(root.KeyFile))!;
        file["keys"]!.AsArray().RemoveAt(0);
        File.WriteAllText(root.KeyFile, file.ToJsonString());
        var withdrawn = new VoucherTokenService(root.Ring(root.Options(generate: false)));
        var reading = withdrawn.Read(oldToken, Today);
        Assert.Equal(TokenFault.UnknownKey, reading.Fault);
        Assert.Equal(before.SigningKeyId, reading.KeyId);
        Assert.True(withdrawn.Read(newToken, Today).IsValid);
    }

    [Fact]
    public void Rotation_WithNoKeyYet_CreatesTheFirst_AndIsRefusedWhenAKeyIsPinnedOrComesFromConfiguration()
    {
        var first = SigningKeyRing.Rotate(root.Options(generate: false), root.Path, TimeProvider.System);
        Assert.Equal(first, root.Ring(root.Options(generate: false)).SigningKeyId);

        var pinned = root.Options(generate: false);
        pinned.SigningKeyId = first;
        Assert.Throws<InvalidOperationException>(() => SigningKeyRing.Rotate(pinned, root.Path, TimeProvider.System));

        var configured = root.Options(generate: false);
        configured.Keys.Add(new ConfiguredSigningKey { PrivateKey = NewPem() });
        var e = Assert.Throws<InvalidOperationException>(() => SigningKeyRing.Rotate(configured, root.Path, TimeProvider.System));
        Assert.Contains("comes from configuration", e.Message);
        Assert.Single(SigningKeyRing.List(root.Options(generate: false), root.Path)); // nothing written
    }

    [Fact]
    public void AKeyFromConfiguration_SignsAfterTheFileKeys_AndItsIdIsComputed()
    {
        var fileKid = root.Ring().SigningKeyId;
        var pem = NewPem();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["QrSigning:Keys:0:PrivateKey"] = pem,
            ["QrSigning:Keys:0:Kid"] = "0000000000000000", // not a setting: never trusted, ignored
        }).Build();
        var options = SigningKeyOptions.From(config, SigningPurpose.Qr);
        var ring = SigningKeyRing.Load(options, root.Path, TimeProvider.System);

        Assert.Equal(KidOf(pem), ring.SigningKeyId);
        Assert.Equal(["file", "config"], ring.Keys.Select(k => k.Source));
        var service = new VoucherTokenService(ring);
        Assert.True(service.Read(service.Issue(Claims()), Today).IsValid);
        Assert.Equal(KidOf(pem), service.Read(service.Issue(Claims()), Today).KeyId);

        // Retired in configuration: the file's key signs again, the configured one still verifies.
        var token = service.Issue(Claims());
        options.Keys[0].Retired = true;
        var retired = new VoucherTokenService(SigningKeyRing.Load(options, root.Path, TimeProvider.System));
        Assert.Equal(fileKid, retired.SigningKeyId);
        Assert.True(retired.Read(token, Today).IsValid);
    }

    [Fact]
    public void AKeyFileOthersCanRead_StopsTheService_UntilItIsTheOwnersAlone()
    {
        if (OperatingSystem.IsWindows()) return;
        var first = root.Ring();
        File.SetUnixFileMode(root.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var problems = root.Options(generate: false).Problems("Production", root.Path);
        Assert.Contains(problems, p => p.Contains("can be read or written by other users (mode 0644)", StringComparison.Ordinal));
        Assert.Throws<InvalidOperationException>(() => root.Ring(root.Options(generate: false)));

        File.SetUnixFileMode(root.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Empty(root.Options(generate: false).Problems("Production", root.Path));
        Assert.Equal(first.SigningKeyId, root.Ring(root.Options(generate: false)).SigningKeyId);
    }

    [Fact]
    public void ConfigurationOnly_NoKeyFile_SecOnePemAccepted()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var options = new SigningKeyOptions { KeyFile = "", Keys = [new ConfiguredSigningKey { PrivateKey = key.ExportECPrivateKeyPem() }] };
        var ring = SigningKeyRing.Load(options, root.Path, TimeProvider.System);
        Assert.Equal(VoucherTokenFormat.KeyIdOf(key), ring.SigningKeyId);
        Assert.Empty(options.Problems("Production", root.Path));
        Assert.False(Directory.Exists(Path.Combine(root.Path, "data")));
    }

    [Fact]
    public void AddVoucherTokens_BindsFromEnvironmentStyleKeys_AndRegistersOneRing()
    {
        var pem = NewPem();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["QrSigning:KeyFile"] = "",
            ["QrSigning:Keys:0:PrivateKey"] = NewPem(),
            ["QrSigning:Keys:0:Retired"] = "true",
            ["QrSigning:Keys:1:PrivateKey"] = pem,
        }).Build();
        using var provider = new ServiceCollection().AddVoucherTokens(config, root.Path).BuildServiceProvider();
        var tokens = provider.GetRequiredService<IVoucherTokens>();
        Assert.Same(provider.GetRequiredService<SigningKeyRing>(), provider.GetRequiredService<SigningKeyRing>());
        var reading = tokens.Read(tokens.Issue(Claims()), Today);
        Assert.True(reading.IsValid);
        Assert.Equal(KidOf(pem), reading.KeyId);
    }

    [Fact]
    public void SigningKeyId_IsHonoured()
    {
        var ring1 = root.Ring();
        var older = ring1.SigningKeyId;
        var newer = SigningKeyRing.Rotate(root.Options(), root.Path, TimeProvider.System);
        // Un-retire the older one by hand, then pin it.
        var file = JsonNode.Parse(File.ReadAllText(root.KeyFile))!;
        file["keys"]![0]!["retiredAt"] = null;
        File.WriteAllText(root.KeyFile, file.ToJsonString());

        var options = root.Options(generate: false);
        Assert.Equal(newer, root.Ring(options).SigningKeyId); // unpinned: the last active key
        options.SigningKeyId = older;
        var pinned = root.Ring(options);
        Assert.Equal(older, pinned.SigningKeyId);
        Assert.Equal(older, new VoucherTokenService(pinned).Read(new VoucherTokenService(pinned).Issue(Claims()), Today).KeyId);
        Assert.Equal([true, false], pinned.Keys.Select(k => k.Signing));
    }

    [Fact]
    public void Jwks_HoldsEveryPublicKey_NoPrivatePart()
    {
        var first = root.Ring().SigningKeyId;
        var second = SigningKeyRing.Rotate(root.Options(), root.Path, TimeProvider.System);
        var ring = root.Ring(root.Options(generate: false));

        var json = ring.Jwks();
        var keys = JsonNode.Parse(json)!["keys"]!.AsArray();
        Assert.Equal(2, keys.Count);
        foreach (var key in keys)
        {
            var o = key!.AsObject();
            Assert.Equal(["kty", "crv", "x", "y", "kid", "use", "alg", "status"], o.Select(p => p.Key));
            Assert.Equal("EC", (string)o["kty"]!);
            Assert.Equal("P-256", (string)o["crv"]!);
            Assert.Equal("sig", (string)o["use"]!);
            Assert.Equal("ES256", (string)o["alg"]!);
            Assert.Equal(43, ((string)o["x"]!).Length);
        }
        Assert.Equal([first, second], keys.Select(k => (string)k!["kid"]!));
        Assert.Equal(["retired", "active"], keys.Select(k => (string)k!["status"]!));
        Assert.DoesNotContain("\"d\"", json);
        foreach (var pem in JsonNode.Parse(File.ReadAllText(root.KeyFile))!["keys"]!.AsArray())
        {
            using var key = ECDsa.Create();
            key.ImportFromPem((string)pem!["privateKey"]!);
            Assert.DoesNotContain(Convert.ToBase64String(key.ExportParameters(true).D!).TrimEnd('=').Replace('+', '-').Replace('/', '_'), json);
        }
    }

    [Fact]
    public void OfflineReader_FromTheJwksAlone_ReadsLikeTheService()
    {
        var oldService = new VoucherTokenService(root.Ring());
        var oldToken = oldService.Issue(Claims());
        SigningKeyRing.Rotate(root.Options(), root.Path, TimeProvider.System);
        var ring = root.Ring(root.Options(generate: false));
        var service = new VoucherTokenService(ring);
        var claims = Claims(validUntil: Today);
        var token = service.Issue(claims);

        var reader = VoucherTokenReader.FromJwks(ring.Jwks()); // public keys only: what a provider's app holds
        Assert.Equal(ring.Keys.Select(k => k.KeyId).Order(), reader.KeyIds.Order());
        var reading = reader.Read(token, Today);
        Assert.True(reading.IsValid);
        AssertSameClaims(claims, reading.Claims);
        Assert.True(reader.Read(oldToken, Today).IsValid);
        Assert.Equal(TokenFault.Expired, reader.Read(token, Today.AddDays(1)).Fault);

        var binary = Binary(token);
        binary[70] ^= 1;
        Assert.Equal(TokenFault.Signature, reader.Read(Token(binary), Today).Fault);
        Assert.Equal(TokenFault.Version, reader.Read("vv1:" + token[4..], Today).Fault);
        Assert.Equal(TokenFault.Format, reader.Read(token[..^1], Today).Fault);
        using var otherRoot = new TempRoot();
        Assert.Equal(TokenFault.UnknownKey, reader.Read(new VoucherTokenService(otherRoot.Ring()).Issue(Claims()), Today).Fault);
    }

    [Fact]
    public void OfflineReader_RefusesAWrongKidOrAMalformedSet_AndSkipsForeignKeyTypes()
    {
        var ring = root.Ring();
        var jwks = JsonNode.Parse(ring.Jwks())!;

        var lying = jwks.DeepClone();
        lying["keys"]![0]!["kid"] = "0123456789abcdef";
        Assert.Throws<FormatException>(() => VoucherTokenReader.FromJwks(lying.ToJsonString()));

        var offCurve = jwks.DeepClone();
        offCurve["keys"]![0]!["y"] = offCurve["keys"]![0]!["x"]!.GetValue<string>();
        Assert.Throws<FormatException>(() => VoucherTokenReader.FromJwks(offCurve.ToJsonString()));

        Assert.Throws<FormatException>(() => VoucherTokenReader.FromJwks("not json"));
        Assert.Throws<FormatException>(() => VoucherTokenReader.FromJwks("""{"keys":[]}"""));
        Assert.Throws<FormatException>(() => VoucherTokenReader.FromJwks("""{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]}"""));

        var mixed = jwks.DeepClone();
        mixed["keys"]!.AsArray().Add(JsonNode.Parse("""{"kty":"RSA","n":"AQAB","e":"AQAB","kid":"rsa"}"""));
        mixed["keys"]!.AsArray().Add(JsonNode.Parse("""{"kty":"oct","k":"c2VjcmV0"}"""));
        var reader = VoucherTokenReader.FromJwks(mixed.ToJsonString());
        Assert.Equal([ring.SigningKeyId], reader.KeyIds);
        Assert.True(reader.Read(new VoucherTokenService(ring).Issue(Claims()), Today).IsValid);
    }

    // ---- Problems: what stops the service from starting ----------------------------------------------------

    [Theory]
    [InlineData("Development")]
    [InlineData("Testing")]
    public void GenerateIfMissing_IsFineInDevelopmentAndTesting(string environment) =>
        Assert.Empty(root.Options(generate: true).Problems(environment, root.Path));

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void GenerateIfMissing_IsRefusedElsewhere_EvenWithAKey(string environment)
    {
        root.Ring();
        var problems = root.Options(generate: true).Problems(environment, root.Path);
        Assert.Contains(problems, p => p.Contains("GenerateIfMissing") && p.Contains(environment));
        Assert.Empty(root.Options(generate: false).Problems(environment, root.Path));
    }

    [Fact]
    public void NoKeyAtAll_WithGenerationOff_IsAProblem_AndLoadingRefuses()
    {
        var options = root.Options(generate: false);
        Assert.Contains(options.Problems("Production", root.Path), p => p.Contains("no QR signing key"));
        Assert.Contains(options.Problems("Development", root.Path), p => p.Contains("no QR signing key"));
        Assert.Throws<InvalidOperationException>(() => root.Ring(options));
        Assert.False(File.Exists(root.KeyFile)); // Problems and a refused load write nothing
    }

    [Fact]
    public void ASigningKeyIdNamingNoKey_OrARetiredKey_IsAProblem()
    {
        var first = root.Ring().SigningKeyId;
        SigningKeyRing.Rotate(root.Options(), root.Path, TimeProvider.System);

        var unknown = root.Options(generate: false);
        unknown.SigningKeyId = "0123456789abcdef";
        Assert.Contains(unknown.Problems("Production", root.Path), p => p.Contains("names no key"));
        Assert.Throws<InvalidOperationException>(() => root.Ring(unknown));

        var retired = root.Options(generate: false);
        retired.SigningKeyId = first;
        Assert.Contains(retired.Problems("Production", root.Path), p => p.Contains("retired"));
        Assert.Throws<InvalidOperationException>(() => root.Ring(retired));
    }

    public static TheoryData<string, string> BadKeys => new()
    {
        { "not a key at all", "is not PEM" },
        { "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", "does not parse" },
        { PublicPem(), "not a private key" },
        { RsaPem(), "does not parse" },
        { NewPem(ECCurve.NamedCurves.nistP384), "not P-256" },
    };

    private static string PublicPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportSubjectPublicKeyInfoPem();
    }

    private static string RsaPem()
    {
        using var key = RSA.Create(2048);
        return key.ExportPkcs8PrivateKeyPem();
    }

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void AnUnusablePrivateKey_IsAProblem_InConfigurationOrInTheFile(string pem, string why)
    {
        var options = new SigningKeyOptions { KeyFile = "", Keys = [new ConfiguredSigningKey { PrivateKey = NewPem() }, new ConfiguredSigningKey { PrivateKey = pem }] };
        var problem = Assert.Single(options.Problems("Production", root.Path));
        Assert.Contains("QrSigning:Keys:1:PrivateKey", problem);
        Assert.Contains(why, problem);
        Assert.DoesNotContain(pem.Length > 40 ? pem[30..40] : pem, problem); // no key material in messages
        Assert.Throws<InvalidOperationException>(() => SigningKeyRing.Load(options, root.Path, TimeProvider.System));

        Directory.CreateDirectory(Path.GetDirectoryName(root.KeyFile)!);
        File.WriteAllText(root.KeyFile, JsonSerializer.Serialize(new { keys = new[] { new { kid = (string?)null, createdAt = DateTimeOffset.UtcNow, retiredAt = (DateTimeOffset?)null, privateKey = pem } } }));
        Assert.Contains(root.Options(generate: false).Problems("Production", root.Path), p => p.Contains("key #1") && p.Contains(why));
    }

    [Fact]
    public void AKeyFileThatIsNotJson_OrClaimsAWrongKid_IsAProblem()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(root.KeyFile)!);
        File.WriteAllText(root.KeyFile, "{ not json");
        Assert.Contains(root.Options(generate: true).Problems("Development", root.Path), p => p.Contains("cannot be read"));
        Assert.Throws<InvalidOperationException>(() => root.Ring()); // and generation does not overwrite it
        Assert.Equal("{ not json", File.ReadAllText(root.KeyFile));

        File.Delete(root.KeyFile);
        root.Ring();
        var file = JsonNode.Parse(File.ReadAllText(root.KeyFile))!;
        file["keys"]![0]!["kid"] = "0123456789abcdef";
        File.WriteAllText(root.KeyFile, file.ToJsonString());
        Assert.Contains(root.Options(generate: false).Problems("Production", root.Path), p => p.Contains("says kid 0123456789abcdef"));
    }

    [Fact]
    public void EveryKeyRetired_IsAProblem()
    {
        var options = new SigningKeyOptions { KeyFile = "", Keys = [new ConfiguredSigningKey { PrivateKey = NewPem(), Retired = true }] };
        Assert.Contains(options.Problems("Production", root.Path), p => p.Contains("retired"));
    }

    [Fact]
    public void AGoodProductionConfiguration_HasNoProblem()
    {
        var options = new SigningKeyOptions { KeyFile = "", Keys = [new ConfiguredSigningKey { PrivateKey = NewPem(), Retired = true }, new ConfiguredSigningKey { PrivateKey = NewPem() }] };
        Assert.Empty(options.Problems("Production", root.Path));
    }
}
