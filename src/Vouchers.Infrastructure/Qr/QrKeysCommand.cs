using Microsoft.Extensions.Configuration;

namespace Vouchers.Infrastructure.Qr;

/// <summary>
/// <c>dotnet run --project src/Vouchers.Api -- qr-keys list|rotate|jwks</c>: the QR signing keys from the command
/// line, with the service's configuration (environment, appsettings, environment variables) but no database.
/// <list type="bullet">
/// <item><c>list</c>: every key (id, active/retired, which one signs, where from) and the configuration's problems.</item>
/// <item><c>rotate</c>: a new signing key in the key file, the previous one retired (it keeps verifying). Restart
/// every instance, with the new file, to sign with it.</item>
/// <item><c>jwks</c>: the public keys as a JWK Set, for provider apps that verify offline.</item>
/// </list>
/// </summary>
public static class QrKeysCommand
{
    public const string Name = "qr-keys";

    /// <returns>The process exit code: 0 done, 1 refused or problems found, 2 usage.</returns>
    public static int Run(IReadOnlyList<string> args, IConfiguration config, string contentRoot, string environment, TextWriter output, TextWriter error)
    {
        var options = config.GetSection(QrSigningOptions.Section).Get<QrSigningOptions>() ?? new QrSigningOptions();
        try
        {
            switch (args.Count == 1 ? args[0] : null)
            {
                case "list":
                    var keys = QrKeyRing.List(options, contentRoot);
                    if (keys.Count == 0)
                        output.WriteLine($"No key in {options.KeyFilePath(contentRoot) ?? "(no key file)"} or {QrSigningOptions.Section}:Keys" +
                            (options.GenerateIfMissing ? " (one is generated at start-up)." : "."));
                    foreach (var k in keys)
                        output.WriteLine($"{k.KeyId}  {(k.Retired ? "retired" : "active"),-7}  {(k.Signing ? "signing" : ""),-7}  " +
                            $"created {k.CreatedAt?.ToString("u") ?? "-"}  retired {k.RetiredAt?.ToString("u") ?? "-"}  ({k.Source})");
                    var problems = options.Problems(environment, contentRoot);
                    foreach (var p in problems) error.WriteLine("problem: " + p);
                    return problems.Count == 0 ? 0 : 1;
                case "rotate":
                    var before = QrKeyRing.List(options, contentRoot).FirstOrDefault(k => k.Signing);
                    var kid = QrKeyRing.Rotate(options, contentRoot, TimeProvider.System);
                    output.WriteLine($"New signing key {kid} in {options.KeyFilePath(contentRoot)}" +
                        (before is null ? "." : $"; {before.KeyId} is retired and keeps verifying the tokens it signed."));
                    output.WriteLine("Restart every instance of the service (with this key file) to sign with it.");
                    return 0;
                case "jwks":
                    options.GenerateIfMissing = false; // showing keys never makes one
                    output.WriteLine(QrKeyRing.Load(options, contentRoot, TimeProvider.System).Jwks());
                    return 0;
                default:
                    error.WriteLine($"usage: {Name} list | rotate | jwks");
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
