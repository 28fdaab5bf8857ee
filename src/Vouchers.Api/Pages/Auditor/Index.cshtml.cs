using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Vouchers.Api.Pages.Auditor;

/// <summary>The workspace's front door: its main page (the layout's first link for this role).</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/auditor/ledger");
}
