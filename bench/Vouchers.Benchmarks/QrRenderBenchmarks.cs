using BenchmarkDotNet.Attributes;
using Vouchers.Application.Qr;
using Vouchers.Domain.Common;
using Vouchers.Infrastructure.Qr;

namespace Vouchers.Benchmarks;

/// <summary>
/// Rendering a real 192-character VV1 token (QR version 10, level Q): the PNG and the SVG at the API's default 8
/// pixels per module, the SVG at the card's scale, and the whole printable card page, one thread at a time.
/// <code>dotnet run -c Release --project bench/Vouchers.Benchmarks -- --filter '*QrRender*'</code>
/// </summary>
[Config(typeof(OpsPerSecond))]
[MemoryDiagnoser]
public class QrRenderBenchmarks
{
    private string token = "";
    private VoucherCardModel card = null!;

    [GlobalSetup]
    public void Setup()
    {
        var tokens = OpsPerSecond.NewTokenService();
        var voucherId = Guid.NewGuid();
        var validUntil = new DateOnly(2027, 2, 20);
        token = tokens.Issue(new VoucherTokenClaims(voucherId, Guid.NewGuid(), VoucherTokenClaims.SmeDigestOf(voucherId, "1400000114"),
            50_000_000, validUntil, ServiceKind.DigitalTransformationConsulting, 1));
        card = new VoucherCardModel("PH-7KQ2-M9XD-3TWA", "Hỗ trợ chuyển đổi số doanh nghiệp nhỏ và vừa 2026", "DT-CDS-2026",
            "Quỹ phát triển doanh nghiệp nhỏ và vừa Đồng Tháp", "Đồng Tháp", "Công ty TNHH Xoài Cao Lãnh",
            ServiceKind.DigitalTransformationConsulting, Money.Vnd(50_000_000), validUntil, token);
    }

    [Benchmark]
    public byte[] Png8() => QrImages.Png(token, 8);

    [Benchmark]
    public string CardSvg() => QrImages.Svg(token, VoucherCard.QrPixelsPerModule);

    [Benchmark]
    public string Svg() => QrImages.Svg(token, 8);

    [Benchmark]
    public string Card() => VoucherCard.Render(card);
}
