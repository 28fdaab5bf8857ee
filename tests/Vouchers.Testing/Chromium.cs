namespace Vouchers.Testing;

/// <summary>
/// Screenshots of pages in Debian's Chromium (<c>/usr/bin/chromium</c>, or the path in <c>CHROMIUM</c>), headless,
/// with a fresh profile each time and nothing fetched from the network. Missing Chromium is a failure, not a skip.
/// </summary>
public static class Chromium
{
    public static string Executable => Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Renders <paramref name="htmlPath"/> in a <paramref name="width"/> × <paramref name="height"/> CSS-pixel window
    /// (device scale 1) and writes a PNG screenshot of the viewport to <paramref name="pngPath"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Chromium is missing, failed, or wrote no screenshot.</exception>
    public static void Screenshot(string htmlPath, string pngPath, int width, int height, TimeSpan? timeout = null) =>
        Render(htmlPath, pngPath, "screenshot",
            ["--hide-scrollbars", "--force-device-scale-factor=1", $"--window-size={width},{height}"], timeout);

    /// <summary>
    /// Prints <paramref name="htmlPath"/> to a PDF at <paramref name="pdfPath"/> the way a user's "Print" would, with
    /// the page's own <c>@page</c> size and no header or footer.
    /// </summary>
    /// <exception cref="InvalidOperationException">Chromium is missing, failed, or wrote no PDF.</exception>
    public static void PrintToPdf(string htmlPath, string pdfPath, TimeSpan? timeout = null) =>
        Render(htmlPath, pdfPath, "print-to-pdf", ["--no-pdf-header-footer"], timeout);

    private static void Render(string htmlPath, string outputPath, string what, string[] options, TimeSpan? timeout)
    {
        var page = Path.GetFullPath(htmlPath);
        if (!File.Exists(page)) throw new FileNotFoundException("No page to render.", page);
        var output = Path.GetFullPath(outputPath);
        File.Delete(output);

        var profile = Directory.CreateTempSubdirectory("vouchers-chromium-");
        try
        {
            var result = ExternalProcess.Run(Executable,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                $"--user-data-dir={profile.FullName}", .. options, $"--{what}={output}", new Uri(page).AbsoluteUri,
            ], timeout ?? DefaultTimeout,
                "Install Debian's chromium (apt-get install chromium), or set CHROMIUM to a Chromium binary.");

            if (result.ExitCode != 0 || !File.Exists(output) || new FileInfo(output).Length == 0)
                throw new InvalidOperationException(
                    $"Chromium did not {what} {page} (exit code {result.ExitCode}).\n{result.StandardErrorTail()}");
        }
        finally
        {
            try { profile.Delete(recursive: true); }
            catch (IOException) { } // a helper process may still hold a file for a moment; it is a temp dir
            catch (UnauthorizedAccessException) { }
        }
    }
}
