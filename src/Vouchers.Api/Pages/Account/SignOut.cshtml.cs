using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vouchers.Api.Auth;

namespace Vouchers.Api.Pages.Account;

/// <summary>
/// Signing out: a form post (antiforgery-checked, as every page post is) that ends the pages' cookie and then the
/// provider's session (its end-session endpoint), which sends the browser back to the home page.
/// </summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnPost() =>
        SignOut(new AuthenticationProperties { RedirectUri = "/" }, WebSignIn.CookieScheme, WebSignIn.OidcScheme);
}
