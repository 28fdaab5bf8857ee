using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Vouchers.Api.Pages;

/// <summary>A page's failure or a missing page, in the reader's language, with the trace id to quote; never internals.</summary>
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    [BindProperty(SupportsGet = true, Name = "status")] public int? Status { get; set; }

    public bool IsNotFound => Status == 404;
    public string Reference => HttpContext.TraceIdentifier;

    public void OnGet() { }
    public void OnPost() { }
}
