using Vouchers.Infrastructure.Signing;
using System.Security.Cryptography;
using Vouchers.Application.Qr;
using Vouchers.Domain.Common;
using Vouchers.Infrastructure.Qr;
using static Vouchers.Infrastructure.Tests.Qr.QrTestKit;

namespace Vouchers.Infrastructure.Tests.Qr;

/// <summary>Issuing and reading VV1 tokens, and every way a scanned text can be wrong, each with its own reason.</summary>
public sealed class VoucherTokenTests : IDisposable
{
    private readonly TempRoot root = new();
    private readonly VoucherTokenService tokens;

    public VoucherTokenTests() => tokens = new VoucherTokenService(root.Ring());

    public void Dispose() => root.Dispose();

    [Fact]
    public void IssueThenRead_GivesTheSameClaims_In192QrAlphanumericCharacters()
    {
        var claims = Claims();
        var token = tokens.Issue(claims);

        Assert.Equal(192, token.Length);
        Assert.Equal(VoucherTokenFormat.TokenLength, token.Length);
        Assert.StartsWith("VV1:", token, StringComparison.Ordinal);
        Assert.True(Base45.IsAlphabet(token), "every character is in the QR alphanumeric set");
        Assert.Equal(VoucherTokenFormat.BinaryLength, Binary(token).Length);

        var reading = tokens.Read(token, Today);
        Assert.True(reading.IsValid);
        Assert.Equal(TokenFault.None, reading.Fault);
        Assert.Equal(tokens.SigningKeyId, reading.KeyId);
        AssertSameClaims(claims, reading.Claims);
    }

    [Theory]
    [InlineData(1L, 1, ServiceKind.LabTesting, "2000-01-01")]
    [InlineData(long.MaxValue, 65535, ServiceKind.AiSolution, "2179-06-06")]
    public void ExtremeValues_RoundTrip(long face, int serial, ServiceKind kind, string validUntil)
    {
        var claims = Claims(DateOnly.Parse(validUntil), face, serial, kind);
        var reading = tokens.Read(tokens.Issue(claims), new DateOnly(2000, 1, 1));
        Assert.True(reading.IsValid);
        AssertSameClaims(claims, reading.Claims);
    }

    [Fact]
    public void ClaimsTheFormatCannotCarry_AreRefusedAtIssue()
    {
        Assert.Throws<ArgumentException>(() => tokens.Issue(Claims(faceValue: 0)));
        Assert.Throws<ArgumentException>(() => tokens.Issue(Claims(faceValue: -1)));
        Assert.Throws<ArgumentException>(() => tokens.Issue(Claims(serial: 0)));
        Assert.Throws<ArgumentException>(() => tokens.Issue(Claims(serial: 65536)));
        Assert.Throws<ArgumentException>(() => tokens.Issue(Claims(kind: (ServiceKind)99)));
        Assert.Throws<ArgumentException>(() => tokens.Issue(Claims(validUntil: new DateOnly(1999, 12, 31))));
        Assert.Throws<ArgumentException>(() => tokens.Issue(Claims(validUntil: VoucherTokenFormat.LastDate.AddDays(1))));
        Assert.Throws<ArgumentException>(() => tokens.Issue(Claims() with { SmeDigest = new byte[7] }));
    }

    [Fact]
    public void SmeDigest_NamesTheEnterprise()
    {
        var claims = tokens.Read(tokens.Issue(Claims()), Today).Claims!;
        Assert.True(claims.IsFor(TaxCode));
        Assert.False(claims.IsFor("0312345679"));
        Assert.False(claims.IsFor(""));
    }

    [Fact]
    public void EveryByteFlipped_IsRefused_UnknownKeyInTheKeyId_SignatureElsewhere()
    {
        var binary = Binary(tokens.Issue(Claims()));
        for (var i = 0; i < binary.Length; i++)
        foreach (var mask in new byte[] { 0x01, 0x80, 0xFF })
        {
            var tampered = (byte[])binary.Clone();
            tampered[i] ^= mask;
            var reading = tokens.Read(Token(tampered), Today);
            var expected = i < VoucherTokenFormat.KeyIdLength ? TokenFault.UnknownKey : TokenFault.Signature;
            Assert.True(expected == reading.Fault, $"byte {i} ^ 0x{mask:X2}: expected {expected}, got {reading.Fault}");
            Assert.Null(reading.Claims);
        }
    }

    [Fact]
    public void EveryCharacterReplaced_IsNeverValid()
    {
        var token = tokens.Issue(Claims());
        var seen = new HashSet<TokenFault>();
        for (var i = 0; i < token.Length; i++)
        foreach (var replacement in Base45.Alphabet)
        {
            if (replacement == token[i]) continue;
            var tampered = string.Concat(token.AsSpan(0, i), replacement.ToString(), token.AsSpan(i + 1));
            var reading = tokens.Read(tampered, Today);
            Assert.False(reading.IsValid, $"position {i} → '{replacement}' read as valid");
            Assert.Null(reading.Claims);
            var allowed = i < 4
                ? new[] { TokenFault.Version }
                : new[] { TokenFault.Format, TokenFault.UnknownKey, TokenFault.Signature };
            Assert.True(allowed.Contains(reading.Fault), $"position {i} → '{replacement}': {reading.Fault}");
            seen.Add(reading.Fault);
        }
        Assert.Equal([TokenFault.Version, TokenFault.Format, TokenFault.UnknownKey, TokenFault.Signature], seen.Order());
    }

    [Fact]
    public void Truncated_IsFormat_OrVersionWhenThePrefixIsCut()
    {
        var token = tokens.Issue(Claims());
        for (var cut = 1; cut <= token.Length; cut++)
        {
            var reading = tokens.Read(token[..^cut], Today);
            var expected = token.Length - cut < 4 ? TokenFault.Version : TokenFault.Format;
            Assert.True(expected == reading.Fault, $"cut {cut}: {reading.Fault}");
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("00")]
    [InlineData("000")]
    [InlineData(" ")]
    [InlineData("\n")]
    [InlineData("VV1:")]
    public void ExtraCharacters_AreFormat(string extra)
    {
        Assert.Equal(TokenFault.Format, tokens.Read(tokens.Issue(Claims()) + extra, Today).Fault);
        var prepended = tokens.Read(extra + tokens.Issue(Claims()), Today).Fault;
        Assert.Equal(extra == "VV1:" ? TokenFault.Format : TokenFault.Version, prepended); // "VV1:VV1:…" has the prefix, not the length
    }

    [Theory]
    [InlineData("VV2:")]
    [InlineData("vv1:")]
    [InlineData("Vv1:")]
    [InlineData("HC1:")]
    [InlineData("VV1")]
    [InlineData("VV1;")]
    [InlineData(" VV1:")]
    public void WrongPrefix_IsVersion(string prefix)
    {
        var body = tokens.Issue(Claims())[4..];
        // ':' is a Base45 digit: a body (from this run's random key) that began with one would give "VV1" + body the
        // real prefix "VV1:" (a format fault, tested below), so the first digit is made another one; the prefix is read first
        if (body[0] == ':') body = "0" + body[1..];
        Assert.Equal(TokenFault.Version, tokens.Read(prefix + body, Today).Fault);
    }

    [Fact]
    public void VV1WithoutItsColon_BeforeABodyThatStartsWithOne_HasThePrefix_AndIsOneCharacterShort()
    {
        var body = tokens.Issue(Claims())[4..];
        Assert.Equal(TokenFault.Format, tokens.Read("VV1" + ":" + body[1..], Today).Fault);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("https://example.gov.vn/v/123")]
    [InlineData("VV1")]
    [InlineData("Phiếu hỗ trợ")]
    public void NotAToken_IsVersion(string? text) => Assert.Equal(TokenFault.Version, tokens.Read(text!, Today).Fault);

    [Fact]
    public void HugeOrStrangeInput_NeverThrows()
    {
        Assert.Equal(TokenFault.Format, tokens.Read("VV1:" + new string('0', 10_000_000), Today).Fault);
        Assert.Equal(TokenFault.Format, tokens.Read("VV1:" + new string('Đ', 188), Today).Fault);
        Assert.Equal(TokenFault.Format, tokens.Read("VV1:" + new string(' ', 188), Today).Fault);
        Assert.Equal(TokenFault.Format, tokens.Read("VV1:" + new string(':', 188), Today).Fault); // triples > 65535
        Assert.Equal(TokenFault.Format, tokens.Read("VV1:" + new string('\uD800', 188), Today).Fault);
        var token = tokens.Issue(Claims());
        Assert.Equal(TokenFault.Format, tokens.Read(token[..191] + "\u0000", Today).Fault);
        Assert.Equal(TokenFault.Format, tokens.Read(token[..100] + token.ToLowerInvariant()[100..], Today).Fault);
        Assert.Equal(TokenFault.Format, tokens.Read(token + "\r\n", Today).Fault); // no trimming
    }

    [Fact]
    public void AnyRandomText_WithThePrefix_NeverThrowsAndIsNeverValid()
    {
        var random = new Random(2026);
        for (var n = 0; n < 2_000; n++)
        {
            var length = random.Next(0, 400);
            var chars = new char[length];
            for (var i = 0; i < length; i++) chars[i] = random.Next(4) == 0 ? (char)random.Next(0, 0xFFFF) : Base45.Alphabet[random.Next(45)];
            var reading = tokens.Read("VV1:" + new string(chars), Today);
            Assert.False(reading.IsValid);
        }
    }

    [Fact]
    public void ResignedWithAForeignKey_UnderOurKeyId_IsSignature()
    {
        var claims = Claims();
        var ours = Convert.FromHexString(tokens.SigningKeyId);
        using var foreign = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = VoucherTokenFormat.Sign(VoucherTokenFormat.WritePayload(ours, claims), foreign);
        var reading = tokens.Read(forged, Today);
        Assert.Equal(TokenFault.Signature, reading.Fault);
        Assert.Equal(tokens.SigningKeyId, reading.KeyId);
        Assert.Null(reading.Claims);
    }

    [Fact]
    public void SignedByAForeignKey_UnderItsOwnKeyId_IsUnknownKey()
    {
        using var foreign = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var foreignKid = VoucherTokenFormat.KeyIdOf(foreign);
        var forged = VoucherTokenFormat.Sign(VoucherTokenFormat.WritePayload(Convert.FromHexString(foreignKid), Claims()), foreign);
        var reading = tokens.Read(forged, Today);
        Assert.Equal(TokenFault.UnknownKey, reading.Fault);
        Assert.Equal(foreignKid, reading.KeyId);

        // And another service's token (its own ring) is unknown here, and ours there.
        using var otherRoot = new TempRoot();
        var other = new VoucherTokenService(otherRoot.Ring());
        Assert.Equal(TokenFault.UnknownKey, tokens.Read(other.Issue(Claims()), Today).Fault);
        Assert.Equal(TokenFault.UnknownKey, other.Read(tokens.Issue(Claims()), Today).Fault);
    }

    [Fact]
    public void OnlyTheLastValidDayIsIncluded()
    {
        var claims = Claims(validUntil: Today);
        var token = tokens.Issue(claims);

        Assert.True(tokens.Read(token, Today).IsValid);
        Assert.True(tokens.Read(token, Today.AddDays(-30)).IsValid);

        var expired = tokens.Read(token, Today.AddDays(1));
        Assert.Equal(TokenFault.Expired, expired.Fault);
        Assert.False(expired.IsValid);
        AssertSameClaims(claims, expired.Claims); // authentic, so the claims are there to show why
        Assert.Equal(tokens.SigningKeyId, expired.KeyId);
    }

    [Theory]
    [InlineData(VoucherTokenFormat.ServiceKindOffset, 0)]
    [InlineData(VoucherTokenFormat.ServiceKindOffset, 5)]
    [InlineData(VoucherTokenFormat.ServiceKindOffset, 255)]
    public void ValidlySignedButMalformedPayload_IsFormat(int offset, byte value)
    {
        var payload = VoucherTokenFormat.WritePayload(Convert.FromHexString(tokens.SigningKeyId), Claims());
        payload[offset] = value;
        using var ourKey = PrivateKeyFromFile(root.KeyFile);
        var reading = tokens.Read(VoucherTokenFormat.Sign(payload, ourKey), Today);
        Assert.Equal(TokenFault.Format, reading.Fault);
        Assert.Null(reading.Claims);
    }

    [Fact]
    public void ValidlySignedZeroFaceValueOrSerial_IsFormat_AndTooLargeAFaceValue()
    {
        using var ourKey = PrivateKeyFromFile(root.KeyFile);
        var kid = Convert.FromHexString(tokens.SigningKeyId);

        var zeroFace = VoucherTokenFormat.WritePayload(kid, Claims());
        zeroFace.AsSpan(VoucherTokenFormat.FaceValueOffset, 8).Clear();
        Assert.Equal(TokenFault.Format, tokens.Read(VoucherTokenFormat.Sign(zeroFace, ourKey), Today).Fault);

        var hugeFace = VoucherTokenFormat.WritePayload(kid, Claims());
        hugeFace.AsSpan(VoucherTokenFormat.FaceValueOffset, 8).Fill(0xFF);
        Assert.Equal(TokenFault.Format, tokens.Read(VoucherTokenFormat.Sign(hugeFace, ourKey), Today).Fault);

        var zeroSerial = VoucherTokenFormat.WritePayload(kid, Claims());
        zeroSerial.AsSpan(VoucherTokenFormat.SerialOffset, 2).Clear();
        Assert.Equal(TokenFault.Format, tokens.Read(VoucherTokenFormat.Sign(zeroSerial, ourKey), Today).Fault);

        // The signature is checked before the fields: the same bad payload under a forged signature is Signature.
        using var foreign = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Equal(TokenFault.Signature, tokens.Read(VoucherTokenFormat.Sign(zeroSerial, foreign), Today).Fault);
    }

    [Fact]
    public void TheSignatureCoversThePrefix()
    {
        // A signature over the bare payload (without "VV1:") does not verify.
        var payload = VoucherTokenFormat.WritePayload(Convert.FromHexString(tokens.SigningKeyId), Claims());
        using var ourKey = PrivateKeyFromFile(root.KeyFile);
        var signature = ourKey.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        Assert.Equal(TokenFault.Signature, tokens.Read(Token([.. payload, .. signature]), Today).Fault);
        Assert.True(tokens.Read(VoucherTokenFormat.Sign(payload, ourKey), Today).IsValid);
    }

    [Fact]
    public void ConcurrentSigningAndReading_GiveValidTokens()
    {
        const int threads = 8, each = 150;
        var failures = 0;
        var total = 0;
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait(); // all eight at once
            for (var n = 0; n < each; n++)
            {
                var claims = Claims(serial: n + 1);
                var reading = tokens.Read(tokens.Issue(claims), Today);
                Interlocked.Increment(ref total);
                if (!reading.IsValid || reading.Claims!.VoucherId != claims.VoucherId || reading.Claims.Serial != claims.Serial)
                    Interlocked.Increment(ref failures);
            }
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        Assert.Equal(threads * each, total);
        Assert.Equal(0, failures);
    }
}
