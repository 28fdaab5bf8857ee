using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Vouchers.Domain.Common;
using Vouchers.Infrastructure.Qr;

namespace Vouchers.Infrastructure.Tests.Qr;

/// <summary>Chromium is heavy on a two-core machine: its tests run one at a time, and alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChromiumCollection
{
    public const string Name = "Chromium";
}

/// <summary>
/// The SVG and the voucher card as Debian's Chromium draws them: zbarimg must read exactly the token back from a
/// screenshot at device scale 1, the hardest case (a printer or a phone screen has more pixels a module).
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class RenderingBrowserTests
{
    public static TheoryData<string, string> Tokens()
    {
        var random = new Random(20261123);
        var data = new TheoryData<string, string> { { "random", TokenShapes.Random(random) } };
        foreach (var (name, token) in TokenShapes.EdgeCases(random).Where(c => c.Name is "spaces after the prefix" or "ends with three spaces" or "only $%*+-./:"))
            data.Add(name, token);
        return data;
    }

    [Theory]
    [MemberData(nameof(Tokens))]
    public void The_svg_in_a_page_reads_back_exactly_from_a_chromium_screenshot(string name, string token)
    {
        using var dir = new ScratchDirectory();
        var page = dir.File("svg.html");
        File.WriteAllText(page,
            $"<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>QR</title></head>" +
            $"<body style=\"margin:24px;background:#fff\">{QrImages.Svg(token, 4)}</body></html>");
        var shot = dir.File("svg.png");

        Chromium.Screenshot(page, shot, 400, 400);

        Assert.True(ZBar.DecodeQr(shot) == token, $"{name}: the screenshot does not read back as \"{token}\" ({shot}).");
    }

    [Theory]
    [MemberData(nameof(Tokens))]
    public void The_voucher_card_reads_back_exactly_from_a_chromium_screenshot(string name, string token)
    {
        using var dir = new ScratchDirectory();
        var page = dir.File("card.html");
        File.WriteAllText(page, VoucherCard.Render(RenderingCardTests.Sample(token)));
        var shot = dir.File("card.png");

        Chromium.Screenshot(page, shot, 720, 540);

        var screenshot = PngImage.Decode(File.ReadAllBytes(shot));
        Assert.Equal((720, 540), (screenshot.Width, screenshot.Height));
        Assert.True(ZBar.DecodeQr(shot) == token, $"{name}: the card does not read back as \"{token}\" ({shot}).");
    }

    [Fact]
    public void A_card_with_long_names_and_the_longest_amount_in_words_still_prints_on_one_A6_landscape_page()
    {
        using var dir = new ScratchDirectory();
        var page = dir.File("long.html");
        File.WriteAllText(page, VoucherCard.Render(RenderingCardTests.LongSample()));
        var pdf = dir.File("long.pdf");

        Chromium.PrintToPdf(page, pdf);
        Chromium.Screenshot(page, dir.File("long.png"), 720, 540); // to look at, with VOUCHERS_KEEP_TEST_FILES=1

        var text = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(pdf));
        Assert.True(Regex.Count(text, @"/Type\s*/Page(?![a-zA-Z])") == 1, $"The card prints on more than one page ({pdf}).");
        var box = Regex.Match(text, @"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]");
        Assert.True(box.Success, "No MediaBox.");
        var (width, height) = (double.Parse(box.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(box.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.InRange(width, 148 / 25.4 * 72 - 1.5, 148 / 25.4 * 72 + 1.5); // 148 mm in points
        Assert.InRange(height, 105 / 25.4 * 72 - 1.5, 105 / 25.4 * 72 + 1.5);
    }

    [Fact]
    public void The_svg_has_its_size_in_pixels_a_view_box_in_modules_and_black_on_white()
    {
        var token = TokenShapes.Random(new Random(5));

        var svg = XElement.Parse(QrImages.Svg(token, 6));

        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Name);
        Assert.Equal("390", (string?)svg.Attribute("width"));  // (57 + 8) modules × 6 px
        Assert.Equal("390", (string?)svg.Attribute("height"));
        Assert.Equal("0 0 65 65", (string?)svg.Attribute("viewBox"));
        Assert.Equal("crispEdges", (string?)svg.Attribute("shape-rendering"));
        var background = Assert.Single(svg.Elements(ns + "rect"));
        Assert.Equal(("0", "0", "65", "65", "#ffffff"),
            ((string?)background.Attribute("x"), (string?)background.Attribute("y"), (string?)background.Attribute("width"),
             (string?)background.Attribute("height"), (string?)background.Attribute("fill")));
        Assert.All(svg.Elements(ns + "path"), p => Assert.Equal("#000000", (string?)p.Attribute("fill")));
        Assert.DoesNotContain(svg.Descendants(), e => e.Name.LocalName is "script" or "image" or "foreignObject");
    }

    [Fact]
    public void A_missing_browser_is_a_failure_with_a_hint_not_a_skip()
    {
        using var dir = new ScratchDirectory();
        var page = dir.File("p.html");
        File.WriteAllText(page, "<!DOCTYPE html><title>x</title>");
        var before = Environment.GetEnvironmentVariable("CHROMIUM");
        Environment.SetEnvironmentVariable("CHROMIUM", dir.File("no-such-chromium"));
        try
        {
            var e = Assert.Throws<InvalidOperationException>(() => Chromium.Screenshot(page, dir.File("p.png"), 100, 100));
            Assert.Contains("apt-get install chromium", e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CHROMIUM", before);
        }
    }
}
