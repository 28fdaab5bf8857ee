using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Vouchers.Domain.Common;
using Vouchers.Infrastructure.Qr;

namespace Vouchers.Infrastructure.Tests.Qr;

/// <summary>
/// What the voucher card page says, and that nothing put in it can become markup. Strings are compared ordinally:
/// xunit's default, the current culture, would find NFD text equal to NFC text.
/// </summary>
public sealed partial class RenderingCardTests
{
    public static VoucherCardModel Sample(string? token = null) => new(
        Code: "PH-7KQ2-M9XD-3TWA",
        ProgramName: "Chương trình hỗ trợ chuyển đổi số doanh nghiệp nhỏ và vừa năm 2026",
        ProgramCode: "CDS-2026-DN",
        FundName: "Quỹ phát triển doanh nghiệp nhỏ và vừa",
        ProvinceName: "Thành phố Đà Nẵng",
        EnterpriseName: "Công ty TNHH Thương mại và Dịch vụ Kỹ thuật Số Hưng Thịnh",
        ServiceKind: ServiceKind.DigitalTransformationConsulting,
        FaceValue: Money.Vnd(20_000_000),
        ValidUntil: new DateOnly(2026, 3, 5),
        Token: token ?? TokenShapes.Random(new Random(42)));

    /// <summary>Long but real-looking names, a long program name and the longest amount in words a program could pay.</summary>
    public static VoucherCardModel LongSample() => Sample() with
    {
        ProgramName = "Chương trình hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số, ứng dụng trí tuệ nhân tạo và đổi mới sáng tạo giai đoạn 2026–2030",
        ProgramCode = "CDS-AI-2026-2030-HCM-01",
        FundName = "Quỹ phát triển khoa học và công nghệ",
        ProvinceName = "Thành phố Hồ Chí Minh",
        EnterpriseName = "Công ty Cổ phần Đầu tư Phát triển Công nghệ và Dịch vụ Thương mại Quốc tế Hưng Thịnh Phát",
        ServiceKind = ServiceKind.AiSolution,
        FaceValue = Money.Vnd(997_777_777_777),
        Token = TokenShapes.Random(new Random(43)),
    };

    [Fact]
    public void The_card_is_a_self_contained_utf8_html5_page_in_vietnamese()
    {
        var html = VoucherCard.Render(Sample());

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"vi\">", html, StringComparison.Ordinal);
        Assert.Contains("<meta charset=\"utf-8\">", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
        Assert.Contains("@page { size: 148mm 105mm", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        foreach (var forbidden in new[] { "<script", "<link", "<img", "<iframe", "<object", "src=", "href=", "url(", "@import", "https:" })
            Assert.DoesNotContain(forbidden, html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal); // and a policy that would block them anyway
        Assert.Equal(html, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(html))); // no lone surrogates
    }

    [Fact]
    public void The_card_shows_the_labels_the_code_the_program_the_issuer_the_enterprise_and_the_service()
    {
        var html = VoucherCard.Render(Sample());

        Assert.Contains("<h1>PHIẾU HỖ TRỢ TÀI CHÍNH</h1>", html, StringComparison.Ordinal);
        Assert.Contains("dành cho doanh nghiệp nhỏ và vừa", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Mã phiếu</dt><dd class=\"code\">PH-7KQ2-M9XD-3TWA</dd>", html, StringComparison.Ordinal);
        Assert.Contains("Chương trình hỗ trợ chuyển đổi số doanh nghiệp nhỏ và vừa năm 2026", html, StringComparison.Ordinal);
        Assert.Contains("(mã CDS-2026-DN)", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"fund\">Quỹ phát triển doanh nghiệp nhỏ và vừa</div>", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"province\">Thành phố Đà Nẵng</div>", html, StringComparison.Ordinal);
        Assert.Contains("Công ty TNHH Thương mại và Dịch vụ Kỹ thuật Số Hưng Thịnh", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Dịch vụ</dt><dd>Tư vấn chuyển đổi số</dd>", html, StringComparison.Ordinal);
        Assert.Contains("Đơn vị cung cấp dịch vụ:", html, StringComparison.Ordinal);
        Assert.Contains("<title>Phiếu hỗ trợ tài chính PH-7KQ2-M9XD-3TWA</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_face_value_is_in_figures_and_in_words()
    {
        var html = VoucherCard.Render(Sample());

        Assert.Contains("<dt>Mệnh giá</dt><dd class=\"value\">20.000.000 ₫</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Bằng chữ</dt><dd class=\"words\">Hai mươi triệu đồng</dd>", html, StringComparison.Ordinal);

        var odd = VoucherCard.Render(Sample() with { FaceValue = Money.Vnd(1_250_500) });
        Assert.Contains(">1.250.500 ₫<", odd, StringComparison.Ordinal);
        Assert.Contains(">Một triệu hai trăm năm mươi nghìn năm trăm đồng<", odd, StringComparison.Ordinal);
    }

    [Fact]
    public void The_validity_date_is_dd_MM_yyyy_whatever_the_current_culture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            foreach (var culture in new[] { "en-US", "vi-VN", "ar-SA", "" })
            {
                CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
                var html = VoucherCard.Render(Sample());
                Assert.Contains("<p class=\"validity\">Có giá trị đến hết ngày 05/03/2026</p>", html, StringComparison.Ordinal);
                Assert.Contains("20.000.000 ₫", html, StringComparison.Ordinal);
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void Vietnamese_text_is_written_as_characters_never_as_entities()
    {
        var html = VoucherCard.Render(Sample());

        Assert.DoesNotContain("&#", html, StringComparison.Ordinal);
        Assert.Contains("Thành phố Đà Nẵng", html, StringComparison.Ordinal);
        Assert.True(html.IsNormalized(NormalizationForm.FormC));
    }

    [Fact]
    public void Text_typed_decomposed_NFD_comes_out_composed_NFC()
    {
        const string name = "Công ty Cổ phần Đức Việt Hưng Yên";
        var nfd = name.Normalize(NormalizationForm.FormD);
        Assert.NotEqual(name, nfd);

        var html = VoucherCard.Render(Sample() with
        {
            EnterpriseName = nfd,
            ProgramName = "Hỗ trợ đổi mới sáng tạo".Normalize(NormalizationForm.FormD),
        });

        Assert.Contains($"<dd class=\"enterprise\">{name}</dd>", html, StringComparison.Ordinal);
        Assert.Contains("Hỗ trợ đổi mới sáng tạo", html, StringComparison.Ordinal);
        Assert.DoesNotContain(nfd, html, StringComparison.Ordinal);
        Assert.True(html.IsNormalized(NormalizationForm.FormC));
        // Vietnamese in NFC has a precomposed letter for every tone and vowel mark: no combining mark is left.
        Assert.DoesNotContain(html, c => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark);
    }

    public static TheoryData<string> Fields => ["Code", "ProgramName", "ProgramCode", "FundName", "ProvinceName", "EnterpriseName"];

    [Theory]
    [MemberData(nameof(Fields))]
    public void Markup_in_any_text_is_shown_as_text(string field)
    {
        const string attack = "<script>alert(1)</script>\"'&"; // fits the 40 characters of a code
        var m = Sample();
        m = field switch
        {
            "Code" => m with { Code = attack },
            "ProgramName" => m with { ProgramName = attack },
            "ProgramCode" => m with { ProgramCode = attack },
            "FundName" => m with { FundName = attack },
            "ProvinceName" => m with { ProvinceName = attack },
            _ => m with { EnterpriseName = attack },
        };

        var html = VoucherCard.Render(m);

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&apos;&amp;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_token_is_printed_in_full_with_its_spaces_so_it_can_be_typed()
    {
        var token = "VV1:  AB$%*+-./:" + TokenShapes.RandomBase45(new Random(9), 172) + "  Z ";

        var html = VoucherCard.Render(Sample(token));

        var block = TokenBlock().Match(html);
        Assert.True(block.Success, "No token block.");
        var lines = block.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length); // 192 characters in lines of 32
        var printed = string.Concat(lines.Select(l => WebUtility.HtmlDecode(Tags().Replace(l, ""))));
        Assert.Equal(token, printed);
        Assert.Equal(token.Count(c => c == ' '), Regex.Count(html, "<span class=\"space\"> </span>"));
    }

    [Fact]
    public void Without_fund_and_province_there_is_no_issuer_header()
    {
        var html = VoucherCard.Render(Sample() with { FundName = null, ProvinceName = "  " });

        Assert.DoesNotContain("class=\"issuer\"", html, StringComparison.Ordinal);
        Assert.Contains("PHIẾU HỖ TRỢ TÀI CHÍNH", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_or_broken_values_are_refused()
    {
        Assert.Throws<InvalidValueException>(() => VoucherCard.Render(Sample() with { EnterpriseName = " " }));
        Assert.Throws<InvalidValueException>(() => VoucherCard.Render(Sample() with { Code = "PH-\u0007" }));
        Assert.Throws<ArgumentException>(() => VoucherCard.Render(Sample() with { Token = "" }));
        Assert.Throws<ArgumentException>(() => VoucherCard.Render(Sample() with { Token = "VV1:\nABC" }));
        Assert.Throws<ArgumentException>(() => VoucherCard.Render(Sample() with { Token = new string('A', 257) }));
    }

    [GeneratedRegex("<div class=\"token\"[^>]*>(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex TokenBlock();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}
