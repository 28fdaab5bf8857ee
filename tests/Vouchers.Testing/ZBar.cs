namespace Vouchers.Testing;

/// <summary>
/// Decodes QR codes in image files with Debian's <c>zbarimg</c> (package zbar-tools), the reference decoder of these
/// tests. Missing zbarimg is a failure with an install hint, not a skip.
/// </summary>
public static class ZBar
{
    public const string Executable = "zbarimg";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The data of the one QR code in the image, exactly as encoded: <c>zbarimg --raw -q</c> ends each symbol with one
    /// <c>\n</c>, and only that one character is removed (never a trim: a token may start or end with a space).
    /// Only QR codes are looked for, so a line of text can never pass for a bar code.
    /// </summary>
    /// <exception cref="InvalidOperationException">zbarimg is missing, failed, or found no QR code.</exception>
    public static string DecodeQr(string imagePath, TimeSpan? timeout = null)
    {
        if (!File.Exists(imagePath))
            throw new FileNotFoundException("No image to decode.", imagePath);

        var result = ExternalProcess.Run(Executable,
            ["--nodbus", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", imagePath],
            timeout ?? DefaultTimeout,
            "Install Debian's zbar-tools (apt-get install zbar-tools): the QR tests decode with the real zbarimg.");

        // zbarimg exits 4 when the image holds no symbol.
        if (result.ExitCode == 4)
            throw new InvalidOperationException($"zbarimg found no QR code in {imagePath}.\n{result.StandardErrorTail()}");
        if (result.ExitCode != 0)
            throw new InvalidOperationException(
                $"zbarimg failed on {imagePath} (exit code {result.ExitCode}).\n{result.StandardErrorTail()}");

        var text = result.StandardOutputText;
        if (!text.EndsWith('\n'))
            throw new InvalidOperationException($"zbarimg's output does not end with a newline: \"{text}\".");
        return text[..^1];
    }
}
