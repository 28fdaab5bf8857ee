using Microsoft.Extensions.Localization;

namespace Vouchers.Api.Pages.Admin;

/// <summary>The services editor of a form (<c>_Services.cshtml</c>): its rows under <paramref name="Prefix"/>, and the page to read errors from.</summary>
public sealed record ServicesView(string Id, string Prefix, IReadOnlyList<ServiceRow> Rows, AdminPageModel Page, IStringLocalizer Shared)
{
    public string? Error => Page.ErrorOf(Prefix);
    public string? ErrorOf(string field) => Page.ErrorOf(field);
}
