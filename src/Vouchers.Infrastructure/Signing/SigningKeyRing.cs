using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

using Vouchers.Infrastructure.Qr;

namespace Vouchers.Infrastructure.Signing;

/// <summary>A key of the ring as <c>qr-keys list</c> (or <c>checkpoint-keys list</c>) shows it (no key material).</summary>
/// <param name="Source">"file" or "config".</param>
/// <param name="Signing">True for the one key that signs new tokens.</param>
public sealed record SigningKeyInfo(string KeyId, string Source, DateTimeOffset? CreatedAt, DateTimeOffset? RetiredAt, bool Retired, bool Signing);

/// <summary>
/// A ring of the service's ES256 signing keys (one per <see cref="SigningPurpose"/>: QR tokens, ledger checkpoints), loaded once: the key file's keys, then those of configuration
/// (<see cref="SigningKeyOptions"/>). One key signs; every key verifies. Immutable after loading, so any number of
/// threads may sign and verify at once. A rotation changes the key file; running instances see it when restarted.
/// </summary>
public sealed class SigningKeyRing
{
    private readonly IReadOnlyList<Entry> entries;
    private readonly Dictionary<ulong, SigningKey> verifiers;

    private SigningKeyRing(IReadOnlyList<Entry> entries, Entry signing)
    {
        this.entries = entries;
        Signer = signing.Key;
        verifiers = entries.ToDictionary(e => e.Key.Id, e => e.Key);
        Keys = entries.Select(e => e.Info(signing)).ToList();
    }

    /// <summary>The id of the key that signs.</summary>
    public string SigningKeyId => Signer.KeyId;

    /// <summary>Every key, in ring order (file, then configuration).</summary>
    public IReadOnlyList<SigningKeyInfo> Keys { get; }

    internal SigningKey Signer { get; }

    internal IReadOnlyDictionary<ulong, SigningKey> Verifiers => verifiers;

    /// <summary>
    /// Loads the ring; with <see cref="SigningKeyOptions.GenerateIfMissing"/> and no key at all, first makes one and
    /// writes the key file. <see cref="InvalidOperationException"/> listing the problems when the keys are unusable
    /// (see <see cref="SigningKeyOptions.Problems"/>, which the API checks at start-up).
    /// </summary>
    public static SigningKeyRing Load(SigningKeyOptions options, string contentRoot, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var inspection = Inspect(options, contentRoot);
        if (inspection.Entries.Count == 0 && options.GenerateIfMissing && inspection.LoadProblems.Count == 0 && options.KeyFilePath(contentRoot) is { } path)
        {
            SigningKeyFile.Locked(path, () =>
            {
                if (Inspect(options, contentRoot).Entries.Count > 0) return 0; // another process made it meanwhile
                var document = File.Exists(path) ? SigningKeyFile.Read(path) : new KeyFileDocument();
                document.Keys.Add(SigningKeyFile.NewEntry(time.GetUtcNow(), out _));
                SigningKeyFile.Write(path, document);
                return 0;
            });
            inspection = Inspect(options, contentRoot);
        }
        if (inspection.Problems.Count > 0 || inspection.Signing is null)
            throw new InvalidOperationException($"The {options.Purpose.Noun} keys are unusable.\n- " + string.Join("\n- ", inspection.Problems));
        return new SigningKeyRing(inspection.Entries, inspection.Signing);
    }

    /// <summary>
    /// Adds a new key to the key file and retires the current signing key (<c>retiredAt</c> = now), which keeps
    /// verifying the tokens it signed. Returns the new key's id. Every instance must then be restarted (and given the
    /// new file) to sign with it. Refused (<see cref="InvalidOperationException"/>, nothing written) when the keys
    /// have problems, when <see cref="SigningKeyOptions.SigningKeyId"/> pins a key (unset it first), when the signing
    /// key comes from configuration (rotate it there), or when there is no key file.
    /// </summary>
    public static string Rotate(SigningKeyOptions options, string contentRoot, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var path = options.KeyFilePath(contentRoot)
            ?? throw new InvalidOperationException($"{options.Section}:KeyFile is empty: there is no key file to rotate in.");
        if (!string.IsNullOrWhiteSpace(options.SigningKeyId))
            throw new InvalidOperationException($"{options.Section}:SigningKeyId pins key {options.SigningKeyId}; unset it before rotating (or set it to the key that should sign).");
        return SigningKeyFile.Locked(path, () =>
        {
            var inspection = Inspect(options, contentRoot);
            if (inspection.LoadProblems.Count > 0)
                throw new InvalidOperationException($"The {options.Purpose.Noun} keys have problems; fix them before rotating.\n- " + string.Join("\n- ", inspection.LoadProblems));
            var current = inspection.DefaultSigning;
            if (current is { FileIndex: null })
                throw new InvalidOperationException($"The signing key {current.Key.KeyId} comes from configuration ({options.Section}:Keys). " +
                    "Rotate it there: add the new key and set Retired=true on the old one.");
            var now = time.GetUtcNow();
            var document = File.Exists(path) ? SigningKeyFile.Read(path) : new KeyFileDocument();
            if (current is { FileIndex: { } index }) document.Keys[index].RetiredAt = now;
            document.Keys.Add(SigningKeyFile.NewEntry(now, out var key));
            SigningKeyFile.Write(path, document);
            return key.KeyId;
        });
    }

    /// <summary>The keys as they stand (file and configuration), without generating any; unparsable keys are left out.</summary>
    public static IReadOnlyList<SigningKeyInfo> List(SigningKeyOptions options, string contentRoot)
    {
        var inspection = Inspect(options, contentRoot);
        return inspection.Entries.Select(e => e.Info(inspection.Signing)).ToList();
    }

    /// <summary>
    /// The public keys as a JWK Set (RFC 7517): <c>{"keys":[{"kty":"EC","crv":"P-256","x","y","kid","use":"sig",
    /// "alg":"ES256","status":"active"|"retired"}]}</c>. Never a private part. Provider apps verify tokens offline
    /// with it (<see cref="VoucherTokenReader.FromJwks"/>).
    /// </summary>
    public string Jwks()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("keys");
            foreach (var entry in entries)
            {
                var p = entry.Key.PublicParameters;
                json.WriteStartObject();
                json.WriteString("kty", "EC");
                json.WriteString("crv", "P-256");
                json.WriteString("x", VoucherTokenFormat.Base64Url(p.Q.X!));
                json.WriteString("y", VoucherTokenFormat.Base64Url(p.Q.Y!));
                json.WriteString("kid", entry.Key.KeyId);
                json.WriteString("use", "sig");
                json.WriteString("alg", "ES256");
                json.WriteString("status", entry.Retired ? "retired" : "active");
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // ---- loading -------------------------------------------------------------------------------------------

    internal sealed record Entry(SigningKey Key, string Source, int? FileIndex, DateTimeOffset? CreatedAt, DateTimeOffset? RetiredAt, bool Retired)
    {
        public SigningKeyInfo Info(Entry? signing) => new(Key.KeyId, Source, CreatedAt, RetiredAt, Retired, ReferenceEquals(this, signing));
    }

    /// <param name="LoadProblems">Keys that cannot be read.</param>
    /// <param name="Problems">All problems but the environment's (see <see cref="SigningKeyOptions.Problems"/>).</param>
    /// <param name="DefaultSigning">The last non-retired key (the signer when no key id is pinned).</param>
    internal sealed record Inspection(List<Entry> Entries, List<string> LoadProblems, List<string> Problems, Entry? Signing, Entry? DefaultSigning);

    /// <summary>Any permission for the group or others: a private key file must be its owner's alone.</summary>
    private const UnixFileMode ExposingModes = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                               | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0');

    internal static Inspection Inspect(SigningKeyOptions options, string contentRoot)
    {
        var entries = new List<Entry>();
        var loadProblems = new List<string>();
        var path = options.KeyFilePath(contentRoot);

        void Add(Entry entry)
        {
            var same = entries.FindIndex(e => e.Key.Id == entry.Key.Id);
            if (same < 0) { entries.Add(entry); return; }
            var existing = entries[same];
            if (!SamePublicKey(existing.Key, entry.Key))
                loadProblems.Add($"Two different keys have the same key id {entry.Key.KeyId} ({existing.Source} and {entry.Source}); remove one.");
            else if (entry.Retired && !existing.Retired) // the same key listed twice: retired if either place says so
                entries[same] = existing with { Retired = true, RetiredAt = existing.RetiredAt ?? entry.RetiredAt };
        }

        if (path is not null && File.Exists(path))
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ExposingModes) != 0)
                loadProblems.Add($"The {options.Purpose.Noun} key file {path} can be read or written by other users (mode {Octal(File.GetUnixFileMode(path))}); "
                                 + $"it holds private keys: `chmod 600 {path}`.");
            KeyFileDocument? document = null;
            try { document = SigningKeyFile.Read(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
            {
                loadProblems.Add($"The {options.Purpose.Noun} key file {path} cannot be read: {e.Message}");
            }
            for (var i = 0; document is not null && i < document.Keys.Count; i++)
            {
                var item = document.Keys[i];
                var where = $"The {options.Purpose.Noun} key file {path}, key #{i + 1}";
                if (ParsePrivateKey(item?.PrivateKey, out var error) is not { } key) { loadProblems.Add($"{where}: its privateKey {error}."); continue; }
                if (!string.IsNullOrWhiteSpace(item!.Kid) && !string.Equals(item.Kid, key.KeyId, StringComparison.OrdinalIgnoreCase))
                    loadProblems.Add($"{where}: says kid {item.Kid} but its key's id is {key.KeyId} (a key id is computed from the key; fix or remove the kid).");
                Add(new Entry(key, "file", i, item.CreatedAt, item.RetiredAt, item.RetiredAt is not null));
            }
        }
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var item = options.Keys[i];
            if (ParsePrivateKey(item?.PrivateKey, out var error) is not { } key)
            {
                loadProblems.Add($"{options.Section}:Keys:{i}:PrivateKey {error}.");
                continue;
            }
            Add(new Entry(key, "config", null, item!.CreatedAt, null, item.Retired));
        }

        var problems = new List<string>(loadProblems);
        var defaultSigning = entries.LastOrDefault(e => !e.Retired);
        Entry? signing = null;
        if (!string.IsNullOrWhiteSpace(options.SigningKeyId))
        {
            var pinned = entries.FirstOrDefault(e => string.Equals(e.Key.KeyId, options.SigningKeyId.Trim(), StringComparison.OrdinalIgnoreCase));
            if (pinned is null)
                problems.Add($"{options.Section}:SigningKeyId {options.SigningKeyId} names no key. Known keys: {(entries.Count == 0 ? "none" : string.Join(", ", entries.Select(e => e.Key.KeyId)))}.");
            else if (pinned.Retired)
                problems.Add($"{options.Section}:SigningKeyId {options.SigningKeyId} names a retired key; a retired key only verifies.");
            else signing = pinned;
        }
        else if (entries.Count == 0)
        {
            if (!options.GenerateIfMissing)
                problems.Add($"There is no {options.Purpose.Noun} key: none in {path ?? "(no key file)"} and none in {options.Section}:Keys. " +
                    $"Create one with `dotnet run --project src/Vouchers.Api -- {options.Purpose.Command} rotate`, or give one in {options.Section}:Keys:0:PrivateKey.");
            else if (path is null)
                problems.Add($"{options.Section}:GenerateIfMissing is true but {options.Section}:KeyFile is empty: there is nowhere to write the key.");
        }
        else if (defaultSigning is null)
            problems.Add($"Every {options.Purpose.Noun} key is retired: none may sign. Rotate ({options.Purpose.Command} rotate) or add a key.");
        else signing = defaultSigning;

        return new Inspection(entries, loadProblems, problems, signing, defaultSigning);
    }

    private static bool SamePublicKey(SigningKey a, SigningKey b) =>
        a.PublicParameters.Q.X.AsSpan().SequenceEqual(b.PublicParameters.Q.X) && a.PublicParameters.Q.Y.AsSpan().SequenceEqual(b.PublicParameters.Q.Y);

    /// <summary>A P-256 private key from PEM (PKCS#8 "PRIVATE KEY" or SEC 1 "EC PRIVATE KEY"); null and why not. Never echoes key material.</summary>
    internal static SigningKey? ParsePrivateKey(string? pem, out string error)
    {
        error = "";
        if (string.IsNullOrWhiteSpace(pem)) { error = "is empty"; return null; }
        if (!PemEncoding.TryFind(pem, out var fields)) { error = "is not PEM (expected -----BEGIN PRIVATE KEY----- … -----END PRIVATE KEY-----)"; return null; }
        var label = pem[fields.Label];
        if (label is not ("PRIVATE KEY" or "EC PRIVATE KEY")) { error = $"is a PEM '{label}', not a private key ('PRIVATE KEY')"; return null; }
        var ecdsa = ECDsa.Create();
        try
        {
            var der = Convert.FromBase64String(pem[fields.Base64Data]);
            try
            {
                if (label == "PRIVATE KEY") ecdsa.ImportPkcs8PrivateKey(der, out _);
                else ecdsa.ImportECPrivateKey(der, out _);
            }
            finally { CryptographicOperations.ZeroMemory(der); }
            var parameters = ecdsa.ExportParameters(false);
            if (!VoucherTokenFormat.IsP256(parameters))
            {
                error = $"is an EC key on curve {parameters.Curve.Oid?.FriendlyName ?? parameters.Curve.Oid?.Value ?? "(unnamed)"}, not P-256";
                ecdsa.Dispose();
                return null;
            }
            return SigningKey.Private(ecdsa);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            ecdsa.Dispose();
            error = "does not parse as a P-256 EC private key";
            return null;
        }
    }
}
