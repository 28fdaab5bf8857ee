namespace Vouchers.Infrastructure.Qr;

/// <summary>
/// "QrSigning" in configuration: the keys that sign and verify voucher tokens (see <see cref="QrKeyRing"/>).
/// </summary>
/// <remarks>
/// Keys come from the key file and from <see cref="Keys"/> (e.g. environment variables
/// <c>QrSigning__Keys__0__PrivateKey</c>, <c>QrSigning__Keys__0__Retired=true</c>), merged. Exactly one key signs;
/// every listed key verifies, retired or not, so tokens signed before a rotation stay readable until they expire.
/// A compromised key is withdrawn by removing it: its tokens then read as unknown-key.
/// </remarks>
public sealed class QrSigningOptions
{
    public const string Section = "QrSigning";
    public const string DefaultKeyFile = "data/qr-signing-keys.json";

    /// <summary>
    /// The key file, relative to the content root unless absolute; empty for none (keys from configuration only).
    /// JSON <c>{"keys":[{"kid","createdAt","retiredAt","privateKey"}]}</c> with PKCS#8 PEM private keys, mode 0600.
    /// </summary>
    public string? KeyFile { get; set; } = DefaultKeyFile;

    /// <summary>Keys from configuration, after the file's keys. A key's id is always computed from the key.</summary>
    public List<QrConfiguredKey> Keys { get; set; } = [];

    /// <summary>
    /// When there is no key at all, make one and write the key file. Development and Testing only: several
    /// instances of a real deployment would each invent a different key.
    /// </summary>
    public bool GenerateIfMissing { get; set; }

    /// <summary>
    /// The key id (16 lowercase hex digits) of the key that signs. Empty: the last non-retired key, in file order
    /// then configuration order (generation and rotation append to the file, so that is the newest one).
    /// </summary>
    public string? SigningKeyId { get; set; }

    /// <summary>The key file's full path, or null when there is none.</summary>
    public string? KeyFilePath(string contentRoot) =>
        string.IsNullOrWhiteSpace(KeyFile) ? null : Path.GetFullPath(Path.IsPathRooted(KeyFile) ? KeyFile : Path.Combine(contentRoot, KeyFile));

    /// <summary>
    /// What must stop the service from starting: <see cref="GenerateIfMissing"/> outside Development and Testing, an
    /// unreadable key file, a private key that does not parse or is not P-256, a <see cref="SigningKeyId"/> naming
    /// no key or a retired one, no key at all (with generation off), or no key left that may sign. Reads the key
    /// file (hence <paramref name="contentRoot"/>, against which a relative <see cref="KeyFile"/> is resolved) but
    /// writes nothing.
    /// </summary>
    public IReadOnlyList<string> Problems(string environment, string contentRoot)
    {
        var problems = new List<string>();
        var relaxed = string.Equals(environment, "Development", StringComparison.OrdinalIgnoreCase)
            || string.Equals(environment, "Testing", StringComparison.OrdinalIgnoreCase);
        if (GenerateIfMissing && !relaxed)
            problems.Add($"{Section}:GenerateIfMissing is true in the '{environment}' environment. Each instance would invent its own signing key; " +
                "generate one with `qr-keys rotate` and give every instance the same key file or QrSigning:Keys.");
        problems.AddRange(QrKeyRing.Inspect(this, contentRoot).Problems);
        return problems;
    }
}

/// <summary>A key given in configuration rather than in the key file.</summary>
public sealed class QrConfiguredKey
{
    /// <summary>PKCS#8 PEM (<c>-----BEGIN PRIVATE KEY-----</c>) or SEC 1 PEM (<c>-----BEGIN EC PRIVATE KEY-----</c>) of a P-256 key.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>A retired key verifies but never signs.</summary>
    public bool Retired { get; set; }

    /// <summary>Informational (shown by <c>qr-keys list</c>).</summary>
    public DateTimeOffset? CreatedAt { get; set; }
}
