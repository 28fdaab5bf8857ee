using MediatR;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Vouchers.Api.Web;

/// <summary>
/// What a role's pages share whatever the role: the same MediatR commands and queries as the API, the area's own text
/// (<typeparamref name="TText"/>), and the reasons a form was refused, read from <see cref="PageModel.ModelState"/> the
/// way the pages draw them (beside the field, and at the top for the whole form).
/// </summary>
public abstract class RolePageModel<TText>(IMediator mediator, IStringLocalizer<TText> text) : PageModel
{
    protected IMediator Mediator => mediator;
    protected IStringLocalizer<TText> Text => text;

    /// <summary>The first reason recorded for a form field, or null.</summary>
    public string? ErrorOf(string field) =>
        ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    /// <summary>Every reason that concerns the whole form (not one field).</summary>
    public IEnumerable<string> FormErrors =>
        ModelState.TryGetValue("", out var entry) ? entry.Errors.Select(e => e.ErrorMessage) : [];

    public bool HasErrors => ModelState.ErrorCount > 0;

    /// <summary>This area's text for a refusal code (<c>Refusal.{code}</c>), or the given text (the API's, in the reader's language).</summary>
    protected string RefusalText(string code, string fallback)
    {
        var s = text["Refusal." + code];
        return s.ResourceNotFound ? fallback : s.Value;
    }
}
