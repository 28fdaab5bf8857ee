using Vouchers.Infrastructure.Signing;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Vouchers.Application.Qr;
using Vouchers.Domain.Common;
using Vouchers.Infrastructure.Qr;

namespace Vouchers.Benchmarks;

/// <summary>
/// Signing and reading VV1 voucher tokens, and Base45 of a token's 125 bytes, one thread at a time: the Op/s column
/// is what one core does.
/// <code>dotnet run -c Release --project bench/Vouchers.Benchmarks -- --filter '*Token*'</code>
/// (add <c>--job short</c> for a quick run).
/// </summary>
[Config(typeof(OpsPerSecond))]
[MemoryDiagnoser]
public class TokenBenchmarks
{
    private VoucherTokenService tokens = null!;
    private VoucherTokenClaims claims = null!;
    private string token = "";
    private byte[] binary = [];
    private string base45 = "";
    private readonly DateOnly today = new(2026, 11, 22);

    [GlobalSetup]
    public void Setup()
    {
        tokens = OpsPerSecond.NewTokenService();
        var voucherId = Guid.NewGuid();
        claims = new VoucherTokenClaims(voucherId, Guid.NewGuid(), VoucherTokenClaims.SmeDigestOf(voucherId, "0312345678"),
            50_000_000, today.AddDays(90), ServiceKind.DigitalSolution, 1);
        token = tokens.Issue(claims);
        if (!tokens.Read(token, today).IsValid) throw new InvalidOperationException("The benchmark token does not read as valid.");
        base45 = token[VoucherTokenFormat.Prefix.Length..];
        binary = Base45.Decode(base45);
    }

    [Benchmark]
    public string Sign() => tokens.Issue(claims);

    [Benchmark]
    public TokenReading Verify() => tokens.Read(token, today);

    [Benchmark]
    public string Base45Encode() => Base45.Encode(binary);

    [Benchmark]
    public byte[] Base45Decode() => Base45.Decode(base45);
}

/// <summary>Adds the Op/s column: with one thread per benchmark, the rate of one core.</summary>
public sealed class OpsPerSecond : ManualConfig
{
    public OpsPerSecond() => AddColumn(StatisticColumn.OperationsPerSecond);

    /// <summary>A token service on a fresh P-256 key given as configuration (no key file), as the benchmarks' signer.</summary>
    public static VoucherTokenService NewTokenService()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var options = new SigningKeyOptions { KeyFile = "", Keys = [new ConfiguredSigningKey { PrivateKey = key.ExportPkcs8PrivateKeyPem() }] };
        return new VoucherTokenService(SigningKeyRing.Load(options, AppContext.BaseDirectory, TimeProvider.System));
    }
}
