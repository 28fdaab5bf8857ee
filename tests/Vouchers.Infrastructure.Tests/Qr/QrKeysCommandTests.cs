using Vouchers.Infrastructure.Signing;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Vouchers.Infrastructure.Qr;

namespace Vouchers.Infrastructure.Tests.Qr;

/// <summary>The <c>qr-keys</c> command line (no database, no auth): rotate, list, jwks.</summary>
public sealed class QrKeysCommandTests : IDisposable
{
    private readonly TempRoot root = new();

    public void Dispose() => root.Dispose();

    private (int Code, string Out, string Err) Run(string environment, params string[] args)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
        var output = new StringWriter();
        var error = new StringWriter();
        var code = SigningKeysCommand.Run(SigningPurpose.Qr, args, config, root.Path, environment, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void RotateListJwks()
    {
        var (code, _, err) = Run("Production", "list");
        Assert.Equal(1, code);
        Assert.Contains("no QR signing key", err);

        Assert.Equal(1, Run("Production", "jwks").Code); // showing keys never makes one
        Assert.False(File.Exists(root.KeyFile));

        var first = Run("Production", "rotate");
        Assert.Equal(0, first.Code);
        var second = Run("Production", "rotate");
        Assert.Equal(0, second.Code);
        Assert.Contains("retired", second.Out);

        var list = Run("Production", "list");
        Assert.Equal(0, list.Code);
        var lines = list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("retired", lines[0]);
        Assert.Contains("active", lines[1]);
        Assert.Contains("signing", lines[1]);

        var jwks = Run("Production", "jwks");
        Assert.Equal(0, jwks.Code);
        Assert.Equal(2, JsonNode.Parse(jwks.Out)!["keys"]!.AsArray().Count);

        Assert.Equal(2, Run("Production").Code);
        Assert.Equal(2, Run("Production", "prune").Code);
    }
}
