using System.Globalization;
using System.Text;
using Vouchers.Domain.Common;

namespace Vouchers.Infrastructure.Qr;

/// <summary>What a printed voucher card shows. Plain values, so any query can fill it.</summary>
/// <param name="Code">The voucher's printed code, e.g. <c>PH-7KQ2-M9XD-3TWA</c>.</param>
/// <param name="ProgramName">The support program's name.</param>
/// <param name="ProgramCode">The support program's code.</param>
/// <param name="FundName">The fund that pays, if it should be named (e.g. "Quỹ phát triển doanh nghiệp nhỏ và vừa").</param>
/// <param name="ProvinceName">The province or city of the fund, if it should be named (e.g. "Thành phố Đà Nẵng").</param>
/// <param name="EnterpriseName">The SME the voucher was issued to.</param>
/// <param name="ServiceKind">What the voucher pays for; shown in Vietnamese.</param>
/// <param name="FaceValue">The face value, shown in figures and in words.</param>
/// <param name="ValidUntil">The last day of validity, a Vietnamese calendar date (Asia/Ho_Chi_Minh), as the voucher stores it.</param>
/// <param name="Token">The signed token the QR code carries, printed under it as well.</param>
public sealed record VoucherCardModel(
    string Code,
    string ProgramName,
    string ProgramCode,
    string? FundName,
    string? ProvinceName,
    string EnterpriseName,
    ServiceKind ServiceKind,
    Money FaceValue,
    DateOnly ValidUntil,
    string Token);

/// <summary>
/// The printable voucher card: one self-contained HTML5 page (UTF-8, <c>lang="vi"</c>, inline CSS, the QR code as
/// inline SVG; no scripts, no external resources, and a Content-Security-Policy that would block them anyway). On
/// screen it is a card on a grey page; printed, it fills one A6 landscape sheet (148 × 105 mm).
/// </summary>
/// <remarks>
/// Every value is HTML-encoded (only <c>&amp; &lt; &gt; " '</c> are replaced), so Vietnamese text stays readable
/// UTF-8 characters, NFC-normalised, and never becomes numeric entities. The token is printed in lines of
/// <see cref="TokenLineLength"/> characters in groups of 8, each space shown as a grey box, so it can be typed when a
/// camera fails; copying it gives the exact token plus line breaks (which the token alphabet does not contain).
/// Long names switch the card to a smaller type so it still fits the sheet; texts far longer than real names (the
/// domain allows 300 characters) make the card taller on screen and spill onto a second sheet in print.
/// </remarks>
public static class VoucherCard
{
    /// <summary>The QR code is drawn at 3 CSS pixels a module: 195 px (about 52 mm in print) for a token.</summary>
    public const int QrPixelsPerModule = 3;

    /// <summary>Characters a printed line of the token holds.</summary>
    public const int TokenLineLength = 32;

    private const int TokenGroupLength = 8;

    /// <summary>
    /// Above this many characters of enterprise name, program name and code and amount in words together, the card is
    /// set in a smaller type so that it still prints on one A6 sheet (a 90-character company name, a 125-character
    /// program name and a 12-digit amount in words do, as the tests check).
    /// </summary>
    private const int CompactAbove = 200;

    /// <summary>The card as an HTML page.</summary>
    /// <exception cref="InvalidValueException">A text is missing, too long or has control characters.</exception>
    /// <exception cref="ArgumentException">The token is empty, too long for a QR code or has control characters.</exception>
    public static string Render(VoucherCardModel m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var code = Text.Required(m.Code, "code", 40);
        var programName = Text.Required(m.ProgramName, "programName", Text.NameMax);
        var programCode = Text.Required(m.ProgramCode, "programCode", 40);
        var fundName = Text.Optional(m.FundName, "fundName", Text.NameMax);
        var provinceName = Text.Optional(m.ProvinceName, "provinceName", 200);
        var enterpriseName = Text.Required(m.EnterpriseName, "enterpriseName", Text.NameMax);
        var token = m.Token ?? throw new ArgumentNullException(nameof(m), "The token is required.");
        if (token.Any(char.IsControl))
            throw new ArgumentException("The token must not contain control characters.", nameof(m));
        var qr = QrImages.Svg(token, QrPixelsPerModule); // also checks the token's length

        var title = $"Phiếu hỗ trợ tài chính {code}";
        var validUntil = m.ValidUntil.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        var words = m.FaceValue.ToWords();
        var compact = enterpriseName.Length + programName.Length + programCode.Length + words.Length > CompactAbove;

        var h = new StringBuilder(16_384);
        h.Append("""
            <!DOCTYPE html>
            <html lang="vi">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            """).Append('\n');
        h.Append("<title>").Append(E(title)).Append("</title>\n");
        h.Append("<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        h.Append(compact ? "<main class=\"card compact\">\n" : "<main class=\"card\">\n");

        if (fundName is not null || provinceName is not null)
        {
            h.Append("<header class=\"issuer\">\n");
            if (fundName is not null) h.Append("<div class=\"fund\">").Append(E(fundName)).Append("</div>\n");
            if (provinceName is not null) h.Append("<div class=\"province\">").Append(E(provinceName)).Append("</div>\n");
            h.Append("</header>\n");
        }

        h.Append("<h1>PHIẾU HỖ TRỢ TÀI CHÍNH</h1>\n");
        h.Append("<p class=\"subtitle\">dành cho doanh nghiệp nhỏ và vừa</p>\n");

        h.Append("<div class=\"body\">\n<dl class=\"facts\">\n");
        Fact(h, "Mã phiếu", "code", E(code));
        Fact(h, "Doanh nghiệp", "enterprise", E(enterpriseName));
        Fact(h, "Chương trình", null, $"{E(programName)} <span class=\"program-code\">(mã {E(programCode)})</span>");
        Fact(h, "Dịch vụ", null, E(Labels.Vi(m.ServiceKind)));
        Fact(h, "Mệnh giá", "value", E(m.FaceValue.ToString()));
        Fact(h, "Bằng chữ", "words", E(words));
        h.Append("</dl>\n");
        h.Append("<p class=\"validity\">Có giá trị đến hết ngày ").Append(validUntil).Append("</p>\n");
        h.Append("</div>\n");

        h.Append("<figure class=\"qr\">\n<div class=\"qr-code\" role=\"img\" aria-label=\"Mã QR của phiếu\">")
            .Append(qr).Append("</div>\n");
        h.Append("<figcaption>\n<div class=\"token-label\">Mã xác thực (ô xám là một dấu cách)</div>\n");
        AppendToken(h, token);
        h.Append("</figcaption>\n</figure>\n");

        h.Append("<footer class=\"note\"><strong>Đơn vị cung cấp dịch vụ:</strong> quét mã QR (hoặc nhập mã xác thực) ")
            .Append("trên hệ thống để kiểm tra phiếu và đối chiếu mã số thuế của doanh nghiệp trước khi cung cấp dịch vụ.</footer>\n");
        h.Append("</main>\n</body>\n</html>\n");

        return h.ToString().Normalize(NormalizationForm.FormC);
    }

    private static void Fact(StringBuilder h, string label, string? cssClass, string encodedValue)
    {
        h.Append("<dt>").Append(label).Append("</dt><dd");
        if (cssClass is not null) h.Append(" class=\"").Append(cssClass).Append('"');
        h.Append('>').Append(encodedValue).Append("</dd>\n");
    }

    /// <summary>The token in lines and groups; spaces are real spaces inside a marked span, so copying keeps them.</summary>
    private static void AppendToken(StringBuilder h, string token)
    {
        h.Append("<div class=\"token\" translate=\"no\">");
        for (var line = 0; line < token.Length; line += TokenLineLength)
        {
            h.Append("<span class=\"line\">");
            var end = Math.Min(line + TokenLineLength, token.Length);
            for (var group = line; group < end; group += TokenGroupLength)
            {
                h.Append("<span class=\"group\">");
                foreach (var c in token.AsSpan(group, Math.Min(TokenGroupLength, end - group)))
                {
                    if (c == ' ') h.Append("<span class=\"space\"> </span>");
                    else h.Append(E(c.ToString()));
                }
                h.Append("</span>");
            }
            h.Append("</span>\n");
        }
        h.Append("</div>\n");
    }

    /// <summary>HTML-encodes text for element content and quoted attributes, leaving every other character as it is.</summary>
    private static string E(string s)
    {
        var b = new StringBuilder(s.Length + 16);
        foreach (var c in s)
            b.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&apos;",
                _ => c.ToString(),
            });
        return b.ToString();
    }

    private const string Css = """
        @page { size: 148mm 105mm; margin: 0; }
        * { box-sizing: border-box; }
        html { background: #e9e9e6; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { margin: 0; padding: 8mm; color: #1a1a1a;
          font-family: "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 8.5pt; line-height: 1.3; }
        .card { width: 148mm; min-height: 105mm; margin: 0 auto; padding: 4.5mm 5.5mm 3.5mm;
          background: #fff; border: 0.7mm double #8b1a1a; box-shadow: 0 1mm 4mm rgba(0,0,0,.25);
          display: grid; grid-template-columns: 1fr 53mm; column-gap: 4mm;
          grid-template-areas: "issuer issuer" "title qr" "subtitle qr" "body qr" "note note";
          grid-template-rows: auto auto auto 1fr auto; }
        .issuer { grid-area: issuer; display: flex; justify-content: space-between; align-items: baseline; gap: 3mm;
          border-bottom: 0.3mm solid #8b1a1a; padding-bottom: 1mm; margin-bottom: 2.5mm; }
        .issuer .fund { font-weight: 700; text-transform: uppercase; font-size: 7.5pt; color: #8b1a1a; }
        .issuer .province { font-size: 7.5pt; color: #444; text-align: right; }
        h1 { grid-area: title; margin: 0; font-size: 13pt; line-height: 1.2; color: #8b1a1a; white-space: nowrap; }
        .subtitle { grid-area: subtitle; margin: 0.2mm 0 2.5mm; font-size: 8pt; font-style: italic; color: #555; }
        .body { grid-area: body; }
        .facts { display: grid; grid-template-columns: auto 1fr; gap: 1.1mm 3mm; margin: 0; }
        .facts dt { color: #666; font-size: 7.5pt; padding-top: 0.3mm; white-space: nowrap; }
        .facts dd { margin: 0; overflow-wrap: anywhere; }
        .facts dd.code { font-family: "DejaVu Sans Mono", "Noto Sans Mono", Consolas, monospace; font-size: 9.5pt; font-weight: 700; letter-spacing: .03em; }
        .facts dd.enterprise { font-size: 9.5pt; font-weight: 700; }
        .facts .program-code { color: #666; white-space: nowrap; }
        .facts dd.value { font-size: 14pt; line-height: 1.1; color: #8b1a1a; font-weight: 700; }
        .facts dd.words { font-style: italic; }
        .validity { margin: 2.5mm 0 0; padding: 1mm 2mm; border-left: 1mm solid #8b1a1a; background: #f6eeee; font-weight: 700; }
        .qr { grid-area: qr; margin: 0; display: flex; flex-direction: column; align-items: center; }
        .qr-code svg { display: block; }
        .qr figcaption { margin-top: 0.5mm; text-align: center; }
        .token-label { font-size: 6.5pt; color: #555; margin-bottom: 0.4mm; }
        .token { font-family: "DejaVu Sans Mono", "Noto Sans Mono", Consolas, monospace; font-size: 7pt; line-height: 1.3; }
        .token .line { display: block; white-space: pre; }
        .token .group + .group { margin-left: 0.5em; }
        .token .space { background: #cfcfcf; }
        .note { grid-area: note; margin-top: 2mm; padding-top: 1.2mm; border-top: 0.2mm solid #bbb; font-size: 7pt; color: #333; }
        .card.compact { font-size: 7.5pt; line-height: 1.25; }
        .card.compact .subtitle { margin-bottom: 1.5mm; }
        .card.compact .facts { gap: 0.6mm 2.5mm; }
        .card.compact .facts dd.enterprise, .card.compact .facts dd.code { font-size: 8.5pt; }
        .card.compact .facts dd.value { font-size: 12pt; }
        .card.compact .validity { margin-top: 1.5mm; }
        @media print {
          html { background: #fff; }
          body { padding: 0; }
          .card { margin: 0; box-shadow: none; }
        }

        """;
}
