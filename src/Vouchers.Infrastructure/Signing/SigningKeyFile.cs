using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

using Vouchers.Infrastructure.Qr;

namespace Vouchers.Infrastructure.Signing;

/// <summary>
/// The key file: <c>{"keys":[{"kid","createdAt","retiredAt","privateKey"}]}</c>, private keys as PKCS#8 PEM.
/// Written whole to a temporary file of mode 0600 that then replaces it (a reader never sees half a file), under
/// a lock file so that two rotations (or two first starts) do not lose a key.
/// </summary>
internal static class SigningKeyFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    public static KeyFileDocument Read(string path) =>
        JsonSerializer.Deserialize<KeyFileDocument>(File.ReadAllBytes(path), Json) ?? throw new JsonException("The file holds null.");

    public static void Write(string path, KeyFileDocument document)
    {
        var content = JsonSerializer.SerializeToUtf8Bytes(document, Json);
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, Create(FileMode.CreateNew, FileAccess.Write)))
            {
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(stream.SafeFileHandle, OwnerOnly); // whatever the umask
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true); // rename(2): atomic on one file system
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Runs <paramref name="action"/> holding an exclusive lock on <c>&lt;key file&gt;.lock</c> (kept, mode 0600).</summary>
    public static T Locked<T>(string path, Func<T> action)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var started = Stopwatch.StartNew();
        FileStream? held = null;
        while (held is null)
        {
            try { held = new FileStream(path + ".lock", Create(FileMode.OpenOrCreate, FileAccess.ReadWrite)); }
            catch (IOException) when (started.Elapsed < LockTimeout) { Thread.Sleep(25); }
        }
        using (held) return action();
    }

    /// <summary>A new P-256 key as a file entry.</summary>
    public static KeyFileEntry NewEntry(DateTimeOffset now, out SigningKey key)
    {
        key = SigningKey.Private(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        return new KeyFileEntry { Kid = key.KeyId, CreatedAt = now, RetiredAt = null, PrivateKey = key.ExportPkcs8Pem() };
    }

    private static FileStreamOptions Create(FileMode mode, FileAccess access)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
        return options;
    }
}

internal sealed class KeyFileDocument
{
    public List<KeyFileEntry> Keys { get; set; } = [];
}

internal sealed class KeyFileEntry
{
    /// <summary>Written for people; on reading it is checked against the key, never used instead of it.</summary>
    public string? Kid { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTimeOffset? RetiredAt { get; set; }
    public string? PrivateKey { get; set; }
}
