using MediatR;
using Vouchers.Application.Qr;
using Vouchers.Domain.Common;
using Vouchers.Infrastructure.Qr;

namespace Vouchers.Api.Endpoints;

/// <summary>How the SME's QR pictures and card are answered: a bounded scale, and never cached or sniffed.</summary>
internal static class QrPictures
{
    public const int DefaultScale = 8;

    /// <summary>Pixels per module, checked before anything is loaded (400 <c>scale</c> when out of range).</summary>
    public static int Scale(int? scale) => scale switch
    {
        null => DefaultScale,
        >= QrImages.MinPixelsPerModule and <= QrImages.MaxPixelsPerModule => scale.Value,
        _ => throw new InvalidValueException("scale", $"must be between {QrImages.MinPixelsPerModule} and {QrImages.MaxPixelsPerModule} pixels per module.",
            $"phải từ {QrImages.MinPixelsPerModule} đến {QrImages.MaxPixelsPerModule} điểm ảnh mỗi ô."),
    };

    /// <summary>The voucher's QR drawn by <paramref name="draw"/> at the checked scale (checked before anything is loaded).</summary>
    public static async Task<IResult> Picture(Guid voucherId, int? scale, HttpContext http, IMediator mediator, Func<string, int, IResult> draw, CancellationToken ct)
    {
        var pixels = Scale(scale);
        var qr = await mediator.Send(new GetVoucherQr(voucherId), ct);
        return Private(http, draw(qr.Token, pixels));
    }

    /// <summary>
    /// The QR is the voucher: whoever holds a copy can present it. Nothing on the way keeps one (no-store), the
    /// browser takes the type as given, and the card page may load nothing and run nothing (its CSS is inline).
    /// </summary>
    public static IResult Private(HttpContext http, IResult result)
    {
        KeepPrivate(http);
        return result;
    }

    /// <summary>The headers of <see cref="Private"/> on the answer being written (a page's file or card).</summary>
    public static void KeepPrivate(HttpContext http)
    {
        http.Response.Headers.CacheControl = "private, no-store";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
    }

    public static VoucherCardModel Card(VoucherQrView qr) => new(qr.Code, qr.ProgramName, qr.ProgramCode, qr.FundName, qr.ProvinceName,
        qr.EnterpriseName, qr.ServiceKind, Money.Vnd(qr.FaceValue), qr.ValidUntil, qr.Token);
}
