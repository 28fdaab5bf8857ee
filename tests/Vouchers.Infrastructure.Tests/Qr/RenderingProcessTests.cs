using System.Diagnostics;

namespace Vouchers.Infrastructure.Tests.Qr;

/// <summary>The helpers that run zbarimg and Chromium: exact output, failures that say why, timeouts that kill.</summary>
public sealed class RenderingProcessTests
{
    [Fact]
    public void A_missing_program_fails_with_the_install_hint()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            ExternalProcess.Run("vouchers-no-such-program", [], TimeSpan.FromSeconds(5), "Install it with apt-get."));

        Assert.Contains("vouchers-no-such-program", e.Message);
        Assert.Contains("Install it with apt-get.", e.Message);
    }

    [Fact]
    public void Output_is_kept_byte_for_byte_and_standard_error_is_captured()
    {
        var result = ExternalProcess.Run("sh", ["-c", "printf ' a b \\n\\n'; printf 'oops' >&2; exit 3"], TimeSpan.FromSeconds(10), "");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(" a b \n\n", result.StandardOutputText);
        Assert.Equal("oops", result.StandardError);
    }

    [Fact]
    public void A_program_that_runs_too_long_is_killed_with_its_children_and_the_failure_shows_its_standard_error()
    {
        var clock = Stopwatch.StartNew();

        var e = Assert.Throws<TimeoutException>(() => ExternalProcess.Run("sh",
            ["-c", "echo started >&2; sleep 60 & sleep 60"], TimeSpan.FromSeconds(1), ""));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Contains("was killed", e.Message);
        Assert.Contains("started", e.Message);
    }

    [Fact]
    public void Zbarimg_that_finds_no_code_is_a_failure_not_an_empty_string()
    {
        using var dir = new ScratchDirectory();
        var blank = dir.File("blank.png");
        // A 64×64 all-white PNG.
        File.WriteAllBytes(blank, WhitePng(64));

        var e = Assert.Throws<InvalidOperationException>(() => ZBar.DecodeQr(blank));

        Assert.Contains("no QR code", e.Message);
    }

    private static byte[] WhitePng(int size)
    {
        using var raw = new MemoryStream();
        for (var y = 0; y < size; y++)
        {
            raw.WriteByte(0);
            for (var x = 0; x < size; x++) raw.WriteByte(255);
        }
        using var compressed = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            raw.WriteTo(z);

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", [0, 0, 0, (byte)size, 0, 0, 0, (byte)size, 8, 0, 0, 0, 0]); // 8-bit grey
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        Span<byte> number = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        png.Write(typeBytes);
        png.Write(data);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(number, Crc32([.. typeBytes, .. data]));
        png.Write(number);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
