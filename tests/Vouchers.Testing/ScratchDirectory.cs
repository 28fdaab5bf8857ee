namespace Vouchers.Testing;

/// <summary>
/// A new temporary directory for the files a test hands to external programs, removed on dispose unless the
/// environment variable <c>VOUCHERS_KEEP_TEST_FILES</c> is set (then its path is written to standard error, to look
/// at the pictures).
/// </summary>
public sealed class ScratchDirectory : IDisposable
{
    public const string KeepVariable = "VOUCHERS_KEEP_TEST_FILES";

    public ScratchDirectory(string prefix = "vouchers-test-") =>
        Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    public static bool Keep => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(KeepVariable));

    /// <summary>A path for a file in this directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Keep)
        {
            Console.Error.WriteLine($"kept test files in {Path}");
            return;
        }
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
