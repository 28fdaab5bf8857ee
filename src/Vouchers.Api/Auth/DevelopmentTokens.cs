using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Vouchers.Api.Http;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Enterprises;
using Vouchers.Infrastructure.Demo;

namespace Vouchers.Api.Auth;

/// <summary>
/// A demo user the development issuer can mint a token for. Staff carry a province code (<c>dong-thap</c>) or
/// <see cref="National"/>, which the issuer writes as the configured national-scope value.
/// </summary>
public sealed record DemoUser(string User, string Name, Role Role, string? TaxCode = null, string? ProviderTaxCode = null, string? Province = null)
{
    public const string National = "*national*";
}

/// <summary>
/// Development only (refused in any other environment at start-up, see <see cref="AuthOptions.Problems"/>): the
/// service acts as its own token issuer for the demo users, with a P-256 key made fresh at every start, so that a
/// newcomer can try every role without an identity provider. The tokens carry the same claims, under the
/// configured claim names, as the real provider's would, and pass through the same validation and mapping.
/// </summary>
public sealed class DevelopmentTokenIssuer
{
    private readonly AuthOptions _options;

    public DevelopmentTokenIssuer(AuthOptions options)
    {
        _options = options;
        SigningKey = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "dev-" + Guid.NewGuid().ToString("N")[..12] };
    }

    public string Issuer => "urn:vouchers:development-issuer";
    public ECDsaSecurityKey SigningKey { get; }

    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new("sme.xoai", DemoData.MangoSmeName, Role.Sme, TaxCode: DemoData.MangoSmeTaxCode),
        new("sme.logistics", DemoData.LogisticsSmeName, Role.Sme, TaxCode: DemoData.LogisticsSmeTaxCode),
        new("sme.food", DemoData.FoodSmeName, Role.Sme, TaxCode: DemoData.FoodSmeTaxCode),
        new("provider.lab", DemoData.LabName, Role.Provider, ProviderTaxCode: DemoData.LabTaxCode),
        new("provider.consultant", DemoData.ConsultantName, Role.Provider, ProviderTaxCode: DemoData.ConsultantTaxCode),
        new("provider.vendor", DemoData.VendorName, Role.Provider, ProviderTaxCode: DemoData.VendorTaxCode),
        // Đồng Tháp's officers (the walkthrough's): a reviewer, four finance officers (two approve above the four-eyes
        // threshold, a third authorises the payment and a fourth records it: no one holds two of those duties on one
        // voucher, so a four-eyes voucher needs four people), an auditor and an administrator
        new("reviewer.an", "Nguyễn Văn An — Sở KH&CN Đồng Tháp (DEMO)", Role.Reviewer, Province: "dong-thap"),
        new("finance.binh", "Trần Thị Bình — Sở Tài chính Đồng Tháp (DEMO)", Role.Finance, Province: "dong-thap"),
        new("finance.cuong", "Lê Văn Cường — Sở Tài chính Đồng Tháp (DEMO)", Role.Finance, Province: "dong-thap"),
        new("finance.hanh", "Đỗ Thị Hạnh — Sở Tài chính Đồng Tháp (DEMO)", Role.Finance, Province: "dong-thap"),
        new("finance.khanh", "Lâm Quốc Khánh — Sở Tài chính Đồng Tháp (DEMO)", Role.Finance, Province: "dong-thap"),
        new("auditor.dung", "Phạm Thị Dung — Thanh tra Đồng Tháp (DEMO)", Role.Auditor, Province: "dong-thap"),
        new("admin.giang", "Hoàng Văn Giang — Quản trị Đồng Tháp (DEMO)", Role.Admin, Province: "dong-thap"),
        // Đồng Nai's
        new("reviewer.khoa", "Vũ Đăng Khoa — Sở KH&CN Đồng Nai (DEMO)", Role.Reviewer, Province: "dong-nai"),
        new("finance.lan", "Ngô Thị Lan — Sở Tài chính Đồng Nai (DEMO)", Role.Finance, Province: "dong-nai"),
        new("finance.minh", "Bùi Quang Minh — Sở Tài chính Đồng Nai (DEMO)", Role.Finance, Province: "dong-nai"),
        new("finance.nga", "Đinh Thị Nga — Sở Tài chính Đồng Nai (DEMO)", Role.Finance, Province: "dong-nai"),
        new("finance.phuong", "Hồ Thị Phương — Sở Tài chính Đồng Nai (DEMO)", Role.Finance, Province: "dong-nai"),
        new("auditor.oanh", "Lý Kim Oanh — Thanh tra Đồng Nai (DEMO)", Role.Auditor, Province: "dong-nai"),
        new("admin.phuc", "Trương Hữu Phúc — Quản trị Đồng Nai (DEMO)", Role.Admin, Province: "dong-nai"),
        // Thanh Hóa's
        new("reviewer.quang", "Lê Minh Quang — Sở KH&CN Thanh Hóa (DEMO)", Role.Reviewer, Province: "thanh-hoa"),
        new("finance.son", "Mai Văn Sơn — Sở Tài chính Thanh Hóa (DEMO)", Role.Finance, Province: "thanh-hoa"),
        new("finance.tam", "Hà Thị Tâm — Sở Tài chính Thanh Hóa (DEMO)", Role.Finance, Province: "thanh-hoa"),
        new("finance.uyen", "Cao Thị Uyên — Sở Tài chính Thanh Hóa (DEMO)", Role.Finance, Province: "thanh-hoa"),
        new("finance.vu", "Trịnh Văn Vũ — Sở Tài chính Thanh Hóa (DEMO)", Role.Finance, Province: "thanh-hoa"),
        new("auditor.vinh", "Đoàn Công Vinh — Thanh tra Thanh Hóa (DEMO)", Role.Auditor, Province: "thanh-hoa"),
        new("admin.xuan", "Lương Thị Xuân — Quản trị Thanh Hóa (DEMO)", Role.Admin, Province: "thanh-hoa"),
        // a national auditor (State Audit / Ministry): reads every province
        new("auditor.yen", "Phan Hải Yến — Kiểm toán Nhà nước (DEMO, toàn quốc)", Role.Auditor, Province: DemoUser.National),
    ];

    public string Issue(DemoUser user, Guid? providerId, DateTimeOffset now)
    {
        var claims = new Dictionary<string, object>();
        Put(claims, _options.Claims.Subject, "dev|" + user.User);
        Put(claims, _options.Claims.Name, user.User);
        Put(claims, _options.Claims.Roles, new[] { _options.RoleValue(user.Role) });
        if (user.TaxCode is not null) Put(claims, _options.Claims.TaxCode, user.TaxCode);
        if (providerId is { } p) Put(claims, _options.Claims.ProviderId, p.ToString());
        if (ProvinceClaim(user) is { } province) Put(claims, _options.Claims.Province, province);
        claims["name"] = user.Name;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = _options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.UtcDateTime.AddMinutes(_options.DevelopmentIssuer.TokenLifetimeMinutes),
            Claims = claims,
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.EcdsaSha256),
        });
    }

    /// <summary>The province claim's value for a demo user: its province code, the configured national value, or none.</summary>
    public string? ProvinceClaim(DemoUser user) => user.Province == DemoUser.National ? _options.NationalScope : user.Province;

    public int LifetimeSeconds => _options.DevelopmentIssuer.TokenLifetimeMinutes * 60;

    // A dotted claim path (e.g. realm_access.roles) becomes nested objects, as the real provider would send it.
    private static void Put(Dictionary<string, object> claims, string path, object value)
    {
        var parts = path.Split('.');
        var target = claims;
        foreach (var part in parts[..^1])
        {
            if (!target.TryGetValue(part, out var next) || next is not Dictionary<string, object> nested)
                target[part] = nested = new Dictionary<string, object>();
            target = nested;
        }
        target[parts[^1]] = value;
    }
}

public sealed record DevTokenRequest(string User);
public sealed record DevTokenResponse(string AccessToken, string TokenType, int ExpiresIn, string User, string Role, string? TaxCode, Guid? ProviderId, string? Province);
public sealed record DevUserView(string User, string Name, string Role, string RoleLabel, string? TaxCode, string? ProviderTaxCode, string? Province);

public static class DevelopmentTokenEndpoints
{
    /// <summary>Mapped only when the development issuer is enabled, which start-up allows only in Development.</summary>
    public static void MapDevelopmentTokens(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<DevelopmentTokenIssuer>() is null) return;
        var g = app.MapGroup("/api/dev").WithTags("Development only").AllowAnonymous();
        g.MapGet("/users", (DevelopmentTokenIssuer issuer) => DevelopmentTokenIssuer.Users.Select(u => new DevUserView(u.User, u.Name, u.Role.Name(), u.Role.Vi(),
                u.TaxCode, u.ProviderTaxCode, issuer.ProvinceClaim(u))))
            .WithName("ListDevelopmentUsers").WithSummary("Demo users the development issuer mints tokens for (Development only)");
        g.MapPost("/tokens", async (DevTokenRequest r, DevelopmentTokenIssuer issuer, MediatR.IMediator mediator, CancellationToken ct) =>
        {
            var user = DevelopmentTokenIssuer.Users.FirstOrDefault(u => u.User == r.User);
            if (user is null)
                return Results.Problem(ProblemMapping.Validation(new Dictionary<string, string[]>
                    { ["user"] = [$"Unknown demo user. Known: {string.Join(", ", DevelopmentTokenIssuer.Users.Select(u => u.User))}."] }, "dev.unknown-user"));
            Guid? providerId = null;
            if (user.ProviderTaxCode is not null)
            {
                var taxCode = TaxCode.Parse(user.ProviderTaxCode);
                providerId = await mediator.Send(new Vouchers.Application.Providers.FindProviderId(taxCode), ct);
                if (providerId is null)
                    return Results.Problem(ProblemMapping.Problem(StatusCodes.Status409Conflict, "Demo provider missing",
                        "The demo provider is not in the database (is DemoData:Enabled false?).", "dev.demo-data-missing"));
            }
            // The wall clock, not the application's TimeProvider: the bearer handler checks a token's lifetime against
            // the wall clock (IdentityModel does not use the TimeProvider), so a token stamped with a moved application
            // clock would be refused by this very service.
            return Results.Ok(new DevTokenResponse(issuer.Issue(user, providerId, TimeProvider.System.GetUtcNow()), "Bearer", issuer.LifetimeSeconds,
                user.User, user.Role.Name(), user.TaxCode, providerId, issuer.ProvinceClaim(user)));
        }).WithName("IssueDevelopmentToken").WithSummary("A bearer token for a demo user (Development only)")
          .Produces<DevTokenResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
    }
}
