using Vouchers.Infrastructure.Qr;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Vouchers.Infrastructure.Tests.Qr;

/// <summary>Texts shaped like voucher tokens: <c>VV1:</c> + 188 Base45 characters, 192 in all.</summary>
public static class TokenShapes
{
    public const string Base45Alphabet = Base45.Alphabet;
    public const string Prefix = VoucherTokenFormat.Prefix;
    public const int Length = VoucherTokenFormat.TokenLength;

    public static string Random(Random random) => Prefix + RandomBase45(random, Length - Prefix.Length);

    public static string RandomBase45(Random random, int length) =>
        string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = Base45Alphabet[r.Next(Base45Alphabet.Length)];
        });

    /// <summary>Tokens that stress the edges: spaces first and last, only punctuation, runs of one character.</summary>
    public static IEnumerable<(string Name, string Token)> EdgeCases(Random random)
    {
        var body = Length - Prefix.Length;
        yield return ("spaces after the prefix", Prefix + "   " + RandomBase45(random, body - 3));
        yield return ("ends with a space", Prefix + RandomBase45(random, body - 1) + " ");
        yield return ("ends with three spaces", Prefix + RandomBase45(random, body - 3) + "   ");
        yield return ("all spaces", Prefix + new string(' ', body));
        yield return ("only $%*+-./:", Prefix + Repeat("$%*+-./:", body));
        yield return ("only digits", Prefix + Repeat("0123456789", body));
        yield return ("only Z", Prefix + new string('Z', body));
        yield return ("starts with a space (no prefix)", " " + RandomBase45(random, Length - 1));
        yield return ("spaces at both ends (no prefix)", "  " + RandomBase45(random, Length - 4) + "  ");
    }

    private static string Repeat(string pattern, int length)
    {
        var b = new StringBuilder(length);
        while (b.Length < length) b.Append(pattern);
        return b.ToString(0, length);
    }
}

/// <summary>A decoded PNG (non-interlaced; grey, RGB, palette or with alpha, 1 to 8 bits), enough to check pixels.</summary>
public sealed class PngImage
{
    public static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly uint[] _rgb;

    private PngImage(int width, int height, uint[] rgb) => (Width, Height, _rgb) = (width, height, rgb);

    public int Width { get; }
    public int Height { get; }

    /// <summary>The colour at (x, y) as 0xRRGGBB (alpha is ignored).</summary>
    public uint this[int x, int y] => _rgb[y * Width + x];

    public static bool HasSignature(ReadOnlySpan<byte> png) => png.Length >= 8 && png[..8].SequenceEqual(Signature);

    /// <summary>Width and height from the IHDR chunk, which must come first.</summary>
    public static (int Width, int Height) Dimensions(ReadOnlySpan<byte> png)
    {
        if (!HasSignature(png) || png.Length < 24 || !png.Slice(12, 4).SequenceEqual("IHDR"u8))
            throw new FormatException("Not a PNG starting with IHDR.");
        return (BinaryPrimitives.ReadInt32BigEndian(png[16..]), BinaryPrimitives.ReadInt32BigEndian(png[20..]));
    }

    public static PngImage Decode(byte[] png)
    {
        var (width, height) = Dimensions(png);
        int bitDepth = png[24], colourType = png[25], interlace = png[28];
        if (interlace != 0) throw new NotSupportedException("Interlaced PNG.");
        if (bitDepth > 8) throw new NotSupportedException($"Bit depth {bitDepth}.");
        var channels = colourType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => throw new FormatException($"Colour type {colourType}.") };

        byte[]? palette = null;
        using var idat = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            if (type == "PLTE") palette = data.ToArray();
            else if (type == "IDAT") idat.Write(data);
            else if (type == "IEND") break;
            at += 12 + length;
        }
        if (colourType == 3 && palette is null) throw new FormatException("Palette image without PLTE.");

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(inflated);
        var raw = inflated.ToArray();

        var bitsPerPixel = bitDepth * channels;
        var stride = (width * bitsPerPixel + 7) / 8;
        var bpp = Math.Max(1, bitsPerPixel / 8); // filter distance in bytes
        if (raw.Length < height * (stride + 1)) throw new FormatException("Image data too short.");

        var previous = new byte[stride];
        var line = new byte[stride];
        var rgb = new uint[width * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            Array.Copy(raw, y * (stride + 1) + 1, line, 0, stride);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= bpp ? line[i - bpp] : 0, b = previous[i], c = i >= bpp ? previous[i - bpp] : 0;
                line[i] = (byte)(line[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new FormatException($"Filter {filter}."),
                });
            }
            for (var x = 0; x < width; x++) rgb[y * width + x] = Colour(line, x, bitDepth, colourType, channels, palette);
            (previous, line) = (line, previous);
        }
        return new PngImage(width, height, rgb);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static uint Colour(byte[] line, int x, int bitDepth, int colourType, int channels, byte[]? palette)
    {
        int Sample(int index)
        {
            if (bitDepth == 8) return line[index];
            var bit = index * bitDepth;
            return (line[bit / 8] >> (8 - bitDepth - bit % 8)) & ((1 << bitDepth) - 1);
        }
        int Scale(int v) => bitDepth == 8 ? v : v * 255 / ((1 << bitDepth) - 1);

        var first = x * channels;
        switch (colourType)
        {
            case 3:
                var p = Sample(first) * 3;
                return (uint)(palette![p] << 16 | palette[p + 1] << 8 | palette[p + 2]);
            case 0 or 4:
                var g = Scale(Sample(first));
                return (uint)(g << 16 | g << 8 | g);
            default:
                return (uint)(Sample(first) << 16 | Sample(first + 1) << 8 | Sample(first + 2));
        }
    }
}

/// <summary>
/// Reads back from a QR symbol's modules what a decoder does not report: the error correction level and mask from the
/// format information (both copies), and the mode indicator of the first segment (ISO/IEC 18004 §7.9, §7.7).
/// </summary>
public static class QrSymbol
{
    public const int Black = 0x000000, White = 0xFFFFFF;

    /// <summary>
    /// The modules of a QR picture drawn at <paramref name="pixelsPerModule"/> with a quiet zone of
    /// <paramref name="quietZone"/>, sampled at each module's centre; checks that every pixel is pure black or white,
    /// that each module is one colour, and that the quiet zone is white.
    /// </summary>
    public static bool[,] Modules(PngImage image, int pixelsPerModule, int quietZone)
    {
        Assert.Equal(image.Width, image.Height);
        Assert.Equal(0, image.Width % pixelsPerModule);
        var total = image.Width / pixelsPerModule;
        var size = total - 2 * quietZone;

        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
            {
                var c = image[x, y];
                if (c is not (Black or White)) Assert.Fail($"Pixel ({x}, {y}) is #{c:X6}, neither black nor white.");
                if (c != image[x / pixelsPerModule * pixelsPerModule, y / pixelsPerModule * pixelsPerModule])
                    Assert.Fail($"Pixel ({x}, {y}) differs from the rest of its module.");
                var (mx, my) = (x / pixelsPerModule - quietZone, y / pixelsPerModule - quietZone);
                if ((mx < 0 || my < 0 || mx >= size || my >= size) && c != White)
                    Assert.Fail($"Pixel ({x}, {y}) in the quiet zone is not white.");
            }

        var modules = new bool[size, size]; // [row, column], true = dark
        for (var r = 0; r < size; r++)
            for (var c = 0; c < size; c++)
                modules[r, c] = image[(c + quietZone) * pixelsPerModule, (r + quietZone) * pixelsPerModule] == Black;
        return modules;
    }

    public static int Version(bool[,] modules) => (modules.GetLength(0) - 17) / 4;

    /// <summary>"L", "M", "Q" or "H" and the mask (0..7), read from the format information; both copies must agree.</summary>
    public static (string Level, int Mask) Format(bool[,] m)
    {
        var size = m.GetLength(0);
        int first = 0, second = 0;
        // Bit i of the 15 format bits (bit 14 first in the stream), at the places ISO/IEC 18004 figure 25 gives.
        for (var i = 0; i <= 5; i++) first |= Bit(m[i, 8], i);
        first |= Bit(m[7, 8], 6) | Bit(m[8, 8], 7) | Bit(m[8, 7], 8);
        for (var i = 9; i < 15; i++) first |= Bit(m[8, 14 - i], i);
        for (var i = 0; i < 8; i++) second |= Bit(m[8, size - 1 - i], i);
        for (var i = 8; i < 15; i++) second |= Bit(m[size - 15 + i, 8], i);
        Assert.True(first == second, $"The two copies of the format information differ: {first:b15} and {second:b15}.");
        Assert.True(m[size - 8, 8], "The dark module is missing.");

        var data = (first ^ 0x5412) >> 10;
        var level = (data >> 3) switch { 1 => "L", 0 => "M", 3 => "Q", _ => "H" };
        return (level, data & 7);
    }

    /// <summary>
    /// The first four data bits (the mode indicator: 0b0010 alphanumeric, 0b0100 byte, 0b0001 numeric), which sit
    /// in the bottom-right corner: (n-1, n-1), (n-1, n-2), (n-2, n-1), (n-2, n-2), unmasked. Holds for versions 2 and
    /// up to 40, where no function pattern covers that corner.
    /// </summary>
    public static int ModeIndicator(bool[,] m)
    {
        var size = m.GetLength(0);
        var (_, mask) = Format(m);
        var mode = 0;
        foreach (var (r, c) in new[] { (size - 1, size - 1), (size - 1, size - 2), (size - 2, size - 1), (size - 2, size - 2) })
            mode = mode << 1 | ((m[r, c] ^ Masked(mask, r, c)) ? 1 : 0);
        return mode;
    }

    private static int Bit(bool dark, int i) => dark ? 1 << i : 0;

    private static bool Masked(int mask, int row, int col) => mask switch
    {
        0 => (row + col) % 2 == 0,
        1 => row % 2 == 0,
        2 => col % 3 == 0,
        3 => (row + col) % 3 == 0,
        4 => (row / 2 + col / 3) % 2 == 0,
        5 => row * col % 2 + row * col % 3 == 0,
        6 => (row * col % 2 + row * col % 3) % 2 == 0,
        _ => ((row + col) % 2 + row * col % 3) % 2 == 0,
    };
}
