using System.IO.Compression;
using Vouchers.Application.Exports;
using Vouchers.Domain.Common;

namespace Vouchers.Infrastructure.Exports;

/// <summary>
/// The auditor's export as one zip archive in a temporary file that is deleted when the answer has been sent, so
/// memory stays small and a failure half-way is an error answer, not a truncated download.
/// </summary>
public sealed class ZipExportArchives : IExportArchives
{
    public async Task<(Stream Content, T Result)> ZipAsync<T>(DateTimeOffset entryTime, Func<IExportSink, Task<T>> write)
    {
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"vouchers-export-{Guid.NewGuid():N}.zip"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            T result;
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
                result = await write(new ZipExportSink(zip, entryTime));
            file.Position = 0;
            return (file, result);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}

public sealed class ZipExportSink(ZipArchive zip, DateTimeOffset entryTime) : IExportSink
{
    public Stream Create(string fileName)
    {
        var entry = zip.CreateEntry(fileName, CompressionLevel.Optimal);
        entry.LastWriteTime = VietnamTime.Local(entryTime);
        return entry.Open();
    }
}

/// <summary>The export's files in a directory (for tools and tests that read the files themselves).</summary>
public sealed class DirectoryExportSink(string directory) : IExportSink
{
    public Stream Create(string fileName)
    {
        Directory.CreateDirectory(directory);
        return new FileStream(Path.Combine(directory, fileName), FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
    }
}
