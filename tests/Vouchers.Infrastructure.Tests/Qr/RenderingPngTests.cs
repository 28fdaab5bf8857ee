using QRCoder;
using Vouchers.Infrastructure.Qr;

namespace Vouchers.Infrastructure.Tests.Qr;

/// <summary>QrImages.Png: what zbarimg reads back, and the symbol's version, level, mode and quiet zone.</summary>
public sealed class RenderingPngTests
{
    /// <summary>Documented in <see cref="QrImages"/>: a 192-character alphanumeric token at level Q.</summary>
    private const int TokenVersion = 10;

    private const int AlphanumericMode = 0b0010;

    public static TheoryData<int> PixelsPerModule => [2, 4, 8, 12];

    [Theory]
    [MemberData(nameof(PixelsPerModule))]
    public void Zbarimg_reads_back_exactly_every_token_shaped_text(int pixelsPerModule)
    {
        const int seed = 20261122;
        var random = new Random(seed + pixelsPerModule);
        var cases = Enumerable.Range(1, 16).Select(i => ($"random #{i}", TokenShapes.Random(random)))
            .Concat(TokenShapes.EdgeCases(random)).ToList();

        using var dir = new ScratchDirectory();
        var failures = new List<string>();
        foreach (var (i, (name, token)) in cases.Index())
        {
            Assert.Equal(TokenShapes.Length, token.Length);
            var file = dir.File($"token-{i}.png");
            File.WriteAllBytes(file, QrImages.Png(token, pixelsPerModule));
            string decoded;
            try { decoded = ZBar.DecodeQr(file); }
            catch (InvalidOperationException e) when (e.InnerException is null) // not found or unreadable; a missing zbarimg fails at once
            {
                decoded = $"<{e.Message}>";
            }
            if (decoded != token)
                failures.Add($"{name} (seed {seed + pixelsPerModule}, {pixelsPerModule} px/module):\n  wrote \"{token}\"\n  read  \"{decoded}\"");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} codes did not read back exactly:\n{string.Join('\n', failures)}");
    }

    [Theory]
    [MemberData(nameof(PixelsPerModule))]
    public void A_token_is_a_black_on_white_png_of_version_10_at_level_Q_in_alphanumeric_mode_with_a_4_module_quiet_zone(int pixelsPerModule)
    {
        var token = TokenShapes.Random(new Random(7));

        var png = QrImages.Png(token, pixelsPerModule);

        Assert.True(PngImage.HasSignature(png), "The PNG signature is missing.");
        var (width, height) = PngImage.Dimensions(png);
        Assert.Equal(width, height);
        Assert.Equal(0, width % pixelsPerModule);
        var modules = width / pixelsPerModule - 2 * QrImages.QuietZoneModules;
        Assert.Equal(TokenVersion, (modules - 17) / 4);
        Assert.Equal((4 * TokenVersion + 17 + 8) * pixelsPerModule, width);

        var symbol = QrSymbol.Modules(PngImage.Decode(png), pixelsPerModule, QrImages.QuietZoneModules);
        Assert.Equal(TokenVersion, QrSymbol.Version(symbol));
        Assert.Equal("Q", QrSymbol.Format(symbol).Level);
        Assert.Equal(AlphanumericMode, QrSymbol.ModeIndicator(symbol));
    }

    [Fact]
    public void The_documented_versions_hold_Q_gives_10_M_gives_8_and_byte_mode_would_need_12()
    {
        var token = TokenShapes.Random(new Random(11));

        using var q = QRCodeGenerator.GenerateQrCode(token, QRCodeGenerator.ECCLevel.Q);
        using var m = QRCodeGenerator.GenerateQrCode(token, QRCodeGenerator.ECCLevel.M);
        using var bytes = QRCodeGenerator.GenerateQrCode(token, QRCodeGenerator.ECCLevel.Q, forceUtf8: true);

        Assert.Equal((10, 8, 12), (q.Version, m.Version, bytes.Version));
    }

    [Fact]
    public void No_token_shaped_text_needs_more_than_version_10_and_random_ones_need_exactly_10()
    {
        // Every character costs the same in alphanumeric mode; QRCoder may code a long run of digits in numeric mode,
        // which is smaller ("only digits" gets version 7), never larger.
        var random = new Random(3);
        foreach (var (name, token) in TokenShapes.EdgeCases(random))
        {
            using var data = QRCodeGenerator.GenerateQrCode(token, QRCodeGenerator.ECCLevel.Q);
            Assert.True(data.Version <= TokenVersion, $"{name}: version {data.Version}");
        }
        for (var i = 0; i < 200; i++)
        {
            using var data = QRCodeGenerator.GenerateQrCode(TokenShapes.Random(random), QRCodeGenerator.ECCLevel.Q);
            Assert.Equal(TokenVersion, data.Version);
        }
    }

    [Fact]
    public void Other_text_is_encoded_too_and_reads_back_exactly()
    {
        // Not a token: lower case and Vietnamese letters need byte mode (UTF-8). The picture must still be exact.
        const string text = "https://vouchers.example/v/PH-7KQ2-M9XD-3TWA?q=Phiếu hỗ trợ";
        using var dir = new ScratchDirectory();
        var file = dir.File("text.png");
        File.WriteAllBytes(file, QrImages.Png(text, 4));

        Assert.Equal(text, ZBar.DecodeQr(file));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(21)]
    public void Pixels_per_module_outside_2_to_20_are_refused(int pixelsPerModule)
    {
        var png = Assert.Throws<ArgumentOutOfRangeException>(() => QrImages.Png("VV1:ABC", pixelsPerModule));
        var svg = Assert.Throws<ArgumentOutOfRangeException>(() => QrImages.Svg("VV1:ABC", pixelsPerModule));

        Assert.Equal("pixelsPerModule", png.ParamName);
        Assert.Equal("pixelsPerModule", svg.ParamName);
        Assert.Contains("between 2 and 20", png.Message);
    }

    [Fact]
    public void Text_must_be_present_and_at_most_256_characters()
    {
        Assert.Throws<ArgumentNullException>(() => QrImages.Png(null!));
        Assert.Throws<ArgumentException>(() => QrImages.Png(""));
        var tooLong = Assert.Throws<ArgumentException>(() => QrImages.Svg(new string('A', QrImages.MaxTextLength + 1)));
        Assert.Contains("at most 256", tooLong.Message);

        Assert.True(PngImage.HasSignature(QrImages.Png(new string('A', QrImages.MaxTextLength), QrImages.MinPixelsPerModule)));
        Assert.StartsWith("<svg", QrImages.Svg("A", QrImages.MaxPixelsPerModule));
    }
}
