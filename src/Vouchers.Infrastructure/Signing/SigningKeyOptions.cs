using Microsoft.Extensions.Configuration;
using Vouchers.Infrastructure.Qr;

namespace Vouchers.Infrastructure.Signing;

/// <summary>What a key ring is for: its configuration section, default key file, name in messages and management command.</summary>
public sealed record SigningPurpose(string Section, string DefaultKeyFile, string Noun, string Command)
{
    /// <summary>The keys that sign and verify voucher QR tokens (docs/qr-token.md).</summary>
    public static readonly SigningPurpose Qr = new("QrSigning", "data/qr-signing-keys.json", "QR signing", "qr-keys");

    /// <summary>The keys that sign the seal chain's checkpoints (docs/ledger-integrity.md).</summary>
    public static readonly SigningPurpose Checkpoints = new("CheckpointSigning", "data/checkpoint-signing-keys.json", "checkpoint signing", "checkpoint-keys");
}

/// <summary>
/// A key ring's configuration (<see cref="SigningKeyRing"/>): "QrSigning" for the voucher tokens, "CheckpointSigning"
/// for the seal chain's checkpoints. Same shape, separate keys: a leaked QR key cannot sign a checkpoint.
/// </summary>
/// <remarks>
/// Keys come from the key file and from <see cref="Keys"/> (e.g. environment variables
/// <c>QrSigning__Keys__0__PrivateKey</c>, <c>QrSigning__Keys__0__Retired=true</c>), merged. Exactly one key signs;
/// every listed key verifies, retired or not, so tokens signed before a rotation stay readable until they expire.
/// A compromised key is withdrawn by removing it: its tokens then read as unknown-key.
/// </remarks>
public sealed class SigningKeyOptions
{
    /// <summary>The options of <paramref name="purpose"/> from configuration (its section, with its default key file).</summary>
    public static SigningKeyOptions From(Microsoft.Extensions.Configuration.IConfiguration config, SigningPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(purpose);
        var options = new SigningKeyOptions { Purpose = purpose, KeyFile = purpose.DefaultKeyFile };
        config.GetSection(purpose.Section).Bind(options);
        return options;
    }

    /// <summary>What these keys are for (not bound from configuration).</summary>
    public SigningPurpose Purpose { get; private set; } = SigningPurpose.Qr;

    /// <summary>The configuration section, for messages.</summary>
    public string Section => Purpose.Section;

    /// <summary>
    /// The key file, relative to the content root unless absolute; empty for none (keys from configuration only).
    /// JSON <c>{"keys":[{"kid","createdAt","retiredAt","privateKey"}]}</c> with PKCS#8 PEM private keys, mode 0600.
    /// </summary>
    public string? KeyFile { get; set; } = SigningPurpose.Qr.DefaultKeyFile;

    /// <summary>Keys from configuration, after the file's keys. A key's id is always computed from the key.</summary>
    public List<ConfiguredSigningKey> Keys { get; set; } = [];

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
                $"generate one with `{Purpose.Command} rotate` and give every instance the same key file or {Section}:Keys.");
        problems.AddRange(SigningKeyRing.Inspect(this, contentRoot).Problems);
        return problems;
    }
}

/// <summary>A key given in configuration rather than in the key file.</summary>
public sealed class ConfiguredSigningKey
{
    /// <summary>PKCS#8 PEM (<c>-----BEGIN PRIVATE KEY-----</c>) or SEC 1 PEM (<c>-----BEGIN EC PRIVATE KEY-----</c>) of a P-256 key.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>A retired key verifies but never signs.</summary>
    public bool Retired { get; set; }

    /// <summary>Informational (shown by <c>qr-keys list</c>).</summary>
    public DateTimeOffset? CreatedAt { get; set; }
}
