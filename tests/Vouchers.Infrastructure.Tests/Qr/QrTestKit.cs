using Vouchers.Infrastructure.Signing;
using System.Security.Cryptography;
using Vouchers.Application.Qr;
using Vouchers.Domain.Common;
using Vouchers.Infrastructure.Qr;

namespace Vouchers.Infrastructure.Tests.Qr;

/// <summary>A temporary content root with its own key file, removed afterwards.</summary>
internal sealed class TempRoot : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("vouchers-qr-").FullName;

    public string KeyFile => System.IO.Path.Combine(Path, "data", "qr-signing-keys.json");

    /// <summary>Options using the default relative key file (data/qr-signing-keys.json under this root).</summary>
    public SigningKeyOptions Options(bool generate = true) => new() { GenerateIfMissing = generate };

    public SigningKeyRing Ring(SigningKeyOptions? options = null, TimeProvider? time = null) =>
        SigningKeyRing.Load(options ?? Options(), Path, time ?? TimeProvider.System);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

internal static class QrTestKit
{
    public const string TaxCode = "0312345678";
    public static readonly DateOnly Today = new(2026, 11, 22);

    public static VoucherTokenClaims Claims(DateOnly? validUntil = null, long faceValue = 50_000_000, int serial = 1, ServiceKind kind = ServiceKind.DigitalSolution)
    {
        var voucherId = Guid.NewGuid();
        return new VoucherTokenClaims(voucherId, Guid.NewGuid(), VoucherTokenClaims.SmeDigestOf(voucherId, TaxCode), faceValue,
            validUntil ?? Today.AddDays(90), kind, serial);
    }

    public static void AssertSameClaims(VoucherTokenClaims expected, VoucherTokenClaims? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.VoucherId, actual.VoucherId);
        Assert.Equal(expected.ProgramId, actual.ProgramId);
        Assert.Equal(expected.SmeDigest, actual.SmeDigest);
        Assert.Equal(expected.FaceValue, actual.FaceValue);
        Assert.Equal(expected.ValidUntil, actual.ValidUntil);
        Assert.Equal(expected.ServiceKind, actual.ServiceKind);
        Assert.Equal(expected.Serial, actual.Serial);
    }

    public static byte[] Binary(string token) => Base45.Decode(token[VoucherTokenFormat.Prefix.Length..]);

    public static string Token(byte[] binary) => VoucherTokenFormat.Prefix + Base45.Encode(binary);

    /// <summary>The private key of a file key, as a test would steal it.</summary>
    public static ECDsa PrivateKeyFromFile(string keyFile, int index = 0)
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(keyFile));
        var key = ECDsa.Create();
        key.ImportFromPem(json.RootElement.GetProperty("keys")[index].GetProperty("privateKey").GetString());
        return key;
    }
}
