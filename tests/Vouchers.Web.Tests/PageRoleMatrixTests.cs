using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Razor.Hosting;
using Microsoft.Playwright;
using Vouchers.Api.Web;
using Vouchers.Application.Abstractions;

namespace Vouchers.Web.Tests;

/// <summary>
/// Every page refuses the wrong role: a role × page matrix derived from the pages compiled into the service (as the
/// API's is derived from its OpenAPI document), so a page added tomorrow is in it without anyone listing it. Each page
/// of a role's folder is requested (GET, a fresh identifier in its route) by a signed-in person of every role and by an
/// anonymous visitor: its own role gets the page (or 404 for an identifier that does not exist), every other role 403,
/// and the visitor is sent to sign in.
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class PageRoleMatrixTests(WebFixture web)
{
    /// <summary>One demo person per role (DevelopmentTokens' users).</summary>
    private static readonly Dictionary<Role, string> People = new()
    {
        [Role.Sme] = "sme.xoai", [Role.Provider] = "provider.lab", [Role.Reviewer] = "reviewer.quang",
        [Role.Finance] = "finance.son", [Role.Auditor] = "auditor.vinh", [Role.Admin] = "admin.xuan",
    };

    /// <summary>A page compiled into the service: its route, as a request path with any parameter filled in, and the role of its folder.</summary>
    public sealed record PageRoute(string ViewEnginePath, string Template, string Path, Role? Role);

    /// <summary>The Razor pages of <c>Vouchers.Api</c>, from the compiler's own records (identifier and route template).</summary>
    public static IReadOnlyList<PageRoute> Pages()
    {
        var assembly = typeof(Program).Assembly;
        var routes = new List<PageRoute>();
        foreach (var item in assembly.GetCustomAttributes<RazorCompiledItemAttribute>().Where(i => i.Kind == "mvc.1.0.razor-page"))
        {
            // "/Pages/Finance/Dashboard.cshtml" → "/Finance/Dashboard"
            var viewPath = item.Identifier["/Pages".Length..^".cshtml".Length];
            var template = item.Type.GetCustomAttributes<RazorCompiledItemMetadataAttribute>().FirstOrDefault(m => m.Key == "RouteTemplate")?.Value;
            template = template is { Length: > 0 } t && t.StartsWith('/') ? t
                : (viewPath.EndsWith("/Index", StringComparison.Ordinal) ? viewPath[..^"/Index".Length] : viewPath) + (template is { Length: > 0 } rel ? "/" + rel : "");
            if (template.Length == 0) template = "/";
            routes.Add(new PageRoute(viewPath, template, Fill(template), WebSetup.RoleOfPage(viewPath)));
        }
        return routes.OrderBy(r => r.Template, StringComparer.Ordinal).ToList();
    }

    /// <summary>Route parameters filled in: a fresh GUID (nothing has it), a year, a province, a word; optional ones left out.</summary>
    private static string Fill(string template) => Parameter().Replace(template, m =>
    {
        var spec = m.Groups[1].Value;
        if (spec.EndsWith('?')) return "";
        return spec.Contains(":guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString()
            : spec.Contains(":int", StringComparison.Ordinal) ? "2026"
            : spec.StartsWith("province", StringComparison.Ordinal) ? "thanh-hoa"
            : "x";
    }).Replace("//", "/");

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex Parameter();

    [Fact]
    public void The_matrix_covers_every_role_folder_and_finds_the_pages()
    {
        var pages = Pages();
        // every role has pages of its own (the staff workspaces included), and every page's folder is known
        foreach (var role in Enum.GetValues<Role>())
            Assert.Contains(pages, p => p.Role == role);
        Assert.Contains(pages, p => p.Template == "/sme/vouchers/{id:guid}");
        Assert.Contains(pages, p => p.Template == "/");
        Assert.All(pages.Where(p => p.Role is not null), p =>
            Assert.StartsWith("/" + p.Role!.Value.Name().ToLowerInvariant(), p.Template, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Every_role_page_refuses_every_other_role_and_sends_a_visitor_to_sign_in()
    {
        var pages = Pages().Where(p => p.Role is not null).ToList();
        var failures = new List<string>();

        await using (var anonymous = await web.NewContextAsync())
        {
            foreach (var page in pages)
            {
                var answer = await anonymous.APIRequest.GetAsync(page.Path, new APIRequestContextOptions { MaxRedirects = 0 });
                var location = answer.Headers.TryGetValue("location", out var l) ? l : "";
                if (answer.Status != 302 || !location.Contains("/account/sign-in", StringComparison.Ordinal))
                    failures.Add($"anonymous GET {page.Path}: {answer.Status} {location}");
            }
        }

        foreach (var (role, user) in People)
        {
            await using var context = await web.NewContextAsync();
            var browser = await context.NewPageAsync();
            await browser.SignInAsync(user);
            foreach (var page in pages)
            {
                var answer = await context.APIRequest.GetAsync(page.Path, new APIRequestContextOptions { MaxRedirects = 0 });
                var location = answer.Headers.TryGetValue("location", out var l) ? l : "";
                if (page.Role == role)
                {
                    // its own page: shown, or 404 for an identifier nobody has (never refused, never a server error);
                    // a page that answers a form's outcome may send its reader on (a local redirect)
                    var ok = answer.Status is 200 or 404 || (answer.Status == 302 && location.StartsWith('/') && !location.Contains("/account/", StringComparison.Ordinal));
                    if (!ok) failures.Add($"{user} ({role}) GET {page.Path}: {answer.Status} {location}");
                }
                else if (answer.Status != 403 && !(answer.Status == 302 && location.Contains("/account/denied", StringComparison.Ordinal)))
                    failures.Add($"{user} ({role}) GET {page.Path} of {page.Role}: {answer.Status} {location}, expected 403");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {pages.Count * (People.Count + 1)} requests wrong:\n" + string.Join("\n", failures));
    }
}
