using QRCoder;

namespace Vouchers.Infrastructure.Qr;

/// <summary>
/// QR code pictures of a text (in practice a voucher token, <c>VV1:</c> + 188 Base45 characters): PNG for downloads
/// and apps, SVG for pages and print. Black modules on white, a quiet zone of <see cref="QuietZoneModules"/> modules on
/// every side, error correction level Q (about 25% of the code words can be restored).
/// </summary>
/// <remarks>
/// <para>
/// <b>Mode.</b> QRCoder picks the encoding modes from the text; they cannot be forced. A text made only of the 45 QR
/// alphanumeric characters (<c>0-9A-Z $%*+-./:</c>: the Base45 alphabet, and the <c>VV1:</c> prefix) is encoded in
/// alphanumeric mode, 5.5 bits a character; QRCoder may put a long run of digits in a numeric segment (3.3 bits a
/// digit), which only makes the code smaller, and never uses byte mode for such a text. Anything else (a lower-case
/// letter, a Vietnamese letter) brings in byte mode, 8 bits a byte, and a bigger code. The tests read the mode
/// indicator and the error correction level back from the rendered picture.
/// </para>
/// <para>
/// <b>Size of a 192-character token.</b> In alphanumeric mode it needs version 10 (57×57 modules, 65×65 with the quiet
/// zone) at level Q, and version 8 (49×49) at level M; in byte mode it would need version 12 at Q. Version 10 is the
/// most a token needs (every random token in the tests gets exactly 10; one with a long run of digits may get less). Version 10 is
/// comfortable for a phone camera: 3 px a module gives a 195 px square on a screen, 8 px a module a 520 px PNG, and on
/// paper 0.8 mm a module makes a 52 mm square. M would make it only 14% narrower (49 against 57 modules), while Q
/// restores about 25% of the code words instead of M's 15% (a fold, a stain, glare on a screen), so Q it is.
/// </para>
/// </remarks>
public static class QrImages
{
    /// <summary>White modules around the code on every side (what the QR standard asks for).</summary>
    public const int QuietZoneModules = 4;

    public const int MinPixelsPerModule = 2;
    public const int MaxPixelsPerModule = 20;

    /// <summary>
    /// The longest text accepted. A voucher token is 192 characters; 256 leaves room for a slightly longer format,
    /// while a much longer text would make a code too dense to scan from a phone screen.
    /// </summary>
    public const int MaxTextLength = 256;

    private static readonly byte[] Black = [0, 0, 0, 255];
    private static readonly byte[] White = [255, 255, 255, 255];

    /// <summary>
    /// A PNG (1-bit palette) of the QR code of <paramref name="text"/>: <paramref name="pixelsPerModule"/> pixels a
    /// module, quiet zone included, so a token gives a square of (57 + 8) × <paramref name="pixelsPerModule"/> pixels.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="text"/> is empty or longer than <see cref="MaxTextLength"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pixelsPerModule"/> is outside 2..20.</exception>
    public static byte[] Png(string text, int pixelsPerModule = 8)
    {
        using var data = Encode(text, pixelsPerModule);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule, Black, White, drawQuietZones: true);
    }

    /// <summary>
    /// A standalone SVG element of the QR code of <paramref name="text"/>, with <c>width</c>/<c>height</c> of
    /// (modules + 8) × <paramref name="pixelsPerModule"/> and a <c>viewBox</c> in modules, so it can be embedded as is or
    /// resized by CSS without blurring. <c>shape-rendering="crispEdges"</c> keeps modules sharp.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="text"/> is empty or longer than <see cref="MaxTextLength"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pixelsPerModule"/> is outside 2..20.</exception>
    public static string Svg(string text, int pixelsPerModule = 8)
    {
        using var data = Encode(text, pixelsPerModule);
        return new SvgQRCode(data).GetGraphic(pixelsPerModule, "#000000", "#ffffff", drawQuietZones: true,
            SvgQRCode.SizingMode.WidthHeightAttribute);
    }

    private static QRCodeData Encode(string text, int pixelsPerModule)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
            throw new ArgumentException("The text of a QR code must not be empty.", nameof(text));
        if (text.Length > MaxTextLength)
            throw new ArgumentException(
                $"The text of a QR code must be at most {MaxTextLength} characters (was {text.Length}).", nameof(text));
        if (pixelsPerModule is < MinPixelsPerModule or > MaxPixelsPerModule)
            throw new ArgumentOutOfRangeException(nameof(pixelsPerModule), pixelsPerModule,
                $"Pixels per module must be between {MinPixelsPerModule} and {MaxPixelsPerModule}.");

        // No forced UTF-8 and no ECI header: an alphanumeric token stays in alphanumeric mode (see the remarks).
        return QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.Q);
    }
}
