using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vouchers.Api.Auth;
using Vouchers.Api.Web;
using Vouchers.Application.Abstractions;

namespace Vouchers.Api.Pages.Dev;

/// <summary>
/// The development identity provider's login: one button per demo user. Answers 404 unless the development issuer is
/// on (which start-up allows only in Development). Choosing a user signs in to the provider only; the browser then
/// goes back to the authorization endpoint, which issues the code the pages redeem (a real code flow).
/// </summary>
public sealed class SignInModel(IServiceProvider services) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "returnUrl")] public string? Return { get; set; }

    public string ReturnUrl => Return is { } r && r.StartsWith("/connect/authorize?", StringComparison.Ordinal) && LocalPath.IsLocal(r) ? r : "/";

    public IEnumerable<IGrouping<string, DemoUser>> Groups => DevelopmentTokenIssuer.Users.GroupBy(u => u.Role.Name());

    private bool Enabled => services.GetService<DevelopmentTokenIssuer>() is not null;

    public IActionResult OnGet() => Enabled ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string? user)
    {
        if (!Enabled) return NotFound();
        var chosen = DevelopmentTokenIssuer.Users.FirstOrDefault(u => u.User == user);
        if (chosen is null) return BadRequest();
        await DevelopmentIdentityProvider.ChooseAsync(HttpContext, chosen);
        return LocalRedirect(ReturnUrl);
    }
}
