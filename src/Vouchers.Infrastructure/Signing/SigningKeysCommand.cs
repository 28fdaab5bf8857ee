using Microsoft.Extensions.Configuration;

using Vouchers.Infrastructure.Qr;

namespace Vouchers.Infrastructure.Signing;

/// <summary>
/// <c>dotnet run --project src/Vouchers.Api -- qr-keys|checkpoint-keys list|rotate|jwks</c>: a key ring (the QR
/// signing keys, or the seal chain's checkpoint keys; <see cref="SigningPurpose"/>) from the command line, with the
/// service's configuration (environment, appsettings, environment variables) but no database.
/// <list type="bullet">
/// <item><c>list</c>: every key (id, active/retired, which one signs, where from) and the configuration's problems.</item>
/// <item><c>rotate</c>: a new signing key in the key file, the previous one retired (it keeps verifying what it signed).
/// Restart every instance, with the new file, to sign with it.</item>
/// <item><c>jwks</c>: the public keys as a JWK Set, for verifying offline (provider apps, auditors).</item>
/// </list>
/// </summary>
public static class SigningKeysCommand
{
    /// <summary>The purpose whose command name is <paramref name="name"/>, or null.</summary>
    public static SigningPurpose? Named(string name) =>
        new[] { SigningPurpose.Qr, SigningPurpose.Checkpoints }.FirstOrDefault(p => p.Command == name);

    /// <returns>The process exit code: 0 done, 1 refused or problems found, 2 usage.</returns>
    public static int Run(SigningPurpose purpose, IReadOnlyList<string> args, IConfiguration config, string contentRoot, string environment, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        var options = SigningKeyOptions.From(config, purpose);
        try
        {
            switch (args.Count == 1 ? args[0] : null)
            {
                case "list":
                    var keys = SigningKeyRing.List(options, contentRoot);
                    if (keys.Count == 0)
                        output.WriteLine($"No key in {options.KeyFilePath(contentRoot) ?? "(no key file)"} or {options.Section}:Keys" +
                            (options.GenerateIfMissing ? " (one is generated at start-up)." : "."));
                    foreach (var k in keys)
                        output.WriteLine($"{k.KeyId}  {(k.Retired ? "retired" : "active"),-7}  {(k.Signing ? "signing" : ""),-7}  " +
                            $"created {k.CreatedAt?.ToString("u") ?? "-"}  retired {k.RetiredAt?.ToString("u") ?? "-"}  ({k.Source})");
                    var problems = options.Problems(environment, contentRoot);
                    foreach (var p in problems) error.WriteLine("problem: " + p);
                    return problems.Count == 0 ? 0 : 1;
                case "rotate":
                    var before = SigningKeyRing.List(options, contentRoot).FirstOrDefault(k => k.Signing);
                    var kid = SigningKeyRing.Rotate(options, contentRoot, TimeProvider.System);
                    output.WriteLine($"New signing key {kid} in {options.KeyFilePath(contentRoot)}" +
                        (before is null ? "." : $"; {before.KeyId} is retired and keeps verifying what it signed."));
                    output.WriteLine("Restart every instance of the service (with this key file) to sign with it.");
                    return 0;
                case "jwks":
                    options.GenerateIfMissing = false; // showing keys never makes one
                    output.WriteLine(SigningKeyRing.Load(options, contentRoot, TimeProvider.System).Jwks());
                    return 0;
                default:
                    error.WriteLine($"usage: {purpose.Command} list | rotate | jwks");
                    return 2;
            }
        }
        catch (InvalidOperationException e)
        {
            error.WriteLine(e.Message);
            return 1;
        }
    }
}
