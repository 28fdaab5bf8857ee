using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vouchers.Api.Web;

namespace Vouchers.Api.Pages.Account;

/// <summary>Where a page that needs a signed-in user sends a visitor: one button to the province's identity provider.</summary>
public sealed class SignInModel : PageModel
{
    [BindProperty(SupportsGet = true, Name = "returnUrl")] public string? Return { get; set; }
    [BindProperty(SupportsGet = true, Name = "failed")] public int? FailedFlag { get; set; }

    public bool Failed => FailedFlag == 1;
    public string ReturnUrl => LocalPath.OrHome(Return);
}
