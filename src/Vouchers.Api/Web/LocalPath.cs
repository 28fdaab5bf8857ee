namespace Vouchers.Api.Web;

/// <summary>A return address a page may follow: a path on this service, never another host (no open redirect).</summary>
public static class LocalPath
{
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 and <= 2000 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains('\r') && !url.Contains('\n');

    public static string OrHome(string? url) => IsLocal(url) ? url! : "/";
}
