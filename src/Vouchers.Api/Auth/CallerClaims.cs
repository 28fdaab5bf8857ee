using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Enterprises;

namespace Vouchers.Api.Auth;

/// <summary>
/// Reads a validated token's claims, wherever the identity provider put them (see <see cref="ClaimNames"/>), into one
/// identity of our own claim types. Policies and <see cref="Caller"/> read only these, so the provider's
/// conventions stay in configuration. A binding that does not parse (a tax code with a wrong check digit, a provider
/// id that is not a UUID, a province that is neither a province code nor the national scope) is dropped, which makes
/// the matching role's policy refuse.
/// </summary>
public sealed class CallerClaims(IOptions<AuthOptions> options) : IClaimsTransformation
{
    public const string IdentityType = "vouchers";
    public const string Subject = "vouchers:sub";
    public const string Name = "vouchers:name";
    public const string Role = "vouchers:role";
    public const string TaxCode = "vouchers:tax_code";
    public const string ProviderId = "vouchers:provider_id";
    /// <summary>A staff user's province code; absent with the national scope.</summary>
    public const string Province = "vouchers:province";
    /// <summary>Present (value "true") when the token gives the national scope.</summary>
    public const string National = "vouchers:national";

    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identities.Any(i => i.AuthenticationType == IdentityType) || principal.Identity?.IsAuthenticated != true)
            return Task.FromResult(principal);
        var o = options.Value;
        var source = principal.Identities.First(i => i.IsAuthenticated);
        var id = new ClaimsIdentity(IdentityType, Name, Role);
        var sub = Values(source, o.Claims.Subject).FirstOrDefault();
        if (string.IsNullOrWhiteSpace(sub)) return Task.FromResult(principal); // no subject: no roles, every policy refuses
        id.AddClaim(new Claim(Subject, sub));
        if (Values(source, o.Claims.Name).FirstOrDefault() is { Length: > 0 } name) id.AddClaim(new Claim(Name, name));
        var granted = Values(source, o.Claims.Roles).ToHashSet(StringComparer.Ordinal);
        foreach (var role in Roles.All.Where(r => granted.Contains(o.RoleValue(r))))
            id.AddClaim(new Claim(Role, role.Name()));
        if (Values(source, o.Claims.TaxCode).FirstOrDefault() is { } tax && Domain.Enterprises.TaxCode.TryParse(tax, out var taxCode))
            id.AddClaim(new Claim(TaxCode, taxCode.Value));
        if (Values(source, o.Claims.ProviderId).FirstOrDefault() is { } provider && Guid.TryParse(provider, out var providerId))
            id.AddClaim(new Claim(ProviderId, providerId.ToString()));
        if (Values(source, o.Claims.Province).FirstOrDefault() is { } province)
        {
            if (string.Equals(province.Trim(), o.NationalScope, StringComparison.OrdinalIgnoreCase)) id.AddClaim(new Claim(National, "true"));
            else if (Domain.Common.Province.TryFromCode(province, out var p)) id.AddClaim(new Claim(Province, p.Code));
        }
        principal.AddIdentity(id);
        return Task.FromResult(principal);
    }

    /// <summary>The caller our claims describe; <see cref="Caller.Anonymous"/> without them.</summary>
    public static Caller ToCaller(ClaimsPrincipal principal)
    {
        var id = principal.Identities.FirstOrDefault(i => i.AuthenticationType == IdentityType);
        if (id is null) return Caller.Anonymous;
        var roles = id.FindAll(Role).Select(c => Roles.All.First(r => r.Name() == c.Value)).ToHashSet();
        return new Caller(id.FindFirst(Subject)!.Value, id.FindFirst(Name)?.Value, roles,
            id.FindFirst(TaxCode) is { } t ? Domain.Enterprises.TaxCode.Parse(t.Value) : null,
            id.FindFirst(ProviderId) is { } p ? Guid.Parse(p.Value) : null,
            id.FindFirst(Province)?.Value, id.HasClaim(National, "true"));
    }

    /// <summary>Claim values by name, or by a dotted path into a JSON claim (arrays give one value per element).</summary>
    public static IEnumerable<string> Values(ClaimsIdentity identity, string path)
    {
        var direct = identity.FindAll(path).Select(c => c.Value).ToList();
        if (direct.Count > 0 || !path.Contains('.')) return direct.SelectMany(Flatten);
        var parts = path.Split('.');
        var results = new List<string>();
        foreach (var claim in identity.FindAll(parts[0]))
        {
            try
            {
                using var doc = JsonDocument.Parse(claim.Value);
                var node = doc.RootElement;
                var found = true;
                foreach (var part in parts.Skip(1))
                {
                    if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(part, out node)) { found = false; break; }
                }
                if (found) results.AddRange(Strings(node));
            }
            catch (JsonException)
            {
                // not JSON: the path does not exist in this claim
            }
        }
        return results;
    }

    // A role claim may arrive as one JSON array string (some providers) rather than as repeated claims.
    private static IEnumerable<string> Flatten(string value)
    {
        if (!value.StartsWith('[')) return [value];
        try
        {
            using var doc = JsonDocument.Parse(value);
            return Strings(doc.RootElement).ToList();
        }
        catch (JsonException)
        {
            return [value];
        }
    }

    private static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => e.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList(),
        JsonValueKind.String => [e.GetString()!],
        _ => [],
    };
}
