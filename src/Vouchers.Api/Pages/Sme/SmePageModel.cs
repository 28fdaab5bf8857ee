using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Vouchers.Api.Auth;
using Vouchers.Api.Web;
using Vouchers.Infrastructure;

namespace Vouchers.Api.Pages.Sme;

/// <summary>
/// What the SME's pages share: the enterprise is the one the sign-in is bound to (never a form or route value), the
/// same MediatR commands and queries as <c>/api/sme</c>, and refusals shown in the reader's language beside the field
/// they concern (<see cref="PageProblem"/>: the API's codes).
/// </summary>
public abstract class SmePageModel(IMediator mediator, IStringLocalizer<SmeText> text) : RolePageModel<SmeText>(mediator, text)
{

    /// <summary>The signed-in enterprise's tax code (the <c>sme</c> policy admitted only a caller bound to one).</summary>
    public string TaxCode => HttpContext.RequestServices.GetRequiredService<RequestContext>().BoundTaxCode();

    /// <summary>
    /// A command's refusal as the page shows it: the whole reason (this page's text for the code when it has one, the
    /// API's detail otherwise) and each field's reason under the form's name for that field. Null for an exception that
    /// is no refusal (a bug: it propagates to the error page).
    /// </summary>
    protected PageProblem? Refuse(Exception exception, IReadOnlyDictionary<string, string>? fieldNames = null)
    {
        var problem = PageProblem.From(exception);
        if (problem is null) return null;
        foreach (var (field, reasons) in problem.Fields)
        {
            var name = fieldNames is not null && fieldNames.TryGetValue(field, out var n) ? n : null;
            if (name is null) continue; // a field the form does not have: the whole message says it
            foreach (var reason in reasons) ModelState.AddModelError(name, reason);
        }
        ModelState.AddModelError("", RefusalText(problem.Code, problem.Message));
        return problem;
    }

    /// <summary>
    /// An amount or count as typed: digits, optionally grouped by dots, commas or spaces ("2.500.000.000"); null with
    /// a reason in <see cref="ModelState"/> when it is missing, not a whole number, or outside <paramref name="min"/>..<paramref name="max"/>.
    /// </summary>
    protected long? Whole(string field, string? typed, long min, long max)
    {
        if (Display.ParseWhole(typed, out var empty) is not { } n)
        {
            ModelState.AddModelError(field, empty ? Text["Error.Required"] : Text["Error.WholeNumber"]);
            return null;
        }
        if (n < min || n > max)
        {
            ModelState.AddModelError(field, Text["Error.Range", Display.Number(min), Display.Number(max)]);
            return null;
        }
        return n;
    }

    /// <summary>A required text of at most <paramref name="max"/> characters; null with a reason when missing or too long.</summary>
    protected string? Required(string field, string? typed, int max)
    {
        var t = typed?.Trim();
        if (string.IsNullOrEmpty(t)) { ModelState.AddModelError(field, Text["Error.Required"]); return null; }
        if (t.Length > max) { ModelState.AddModelError(field, Text["Error.TooLong", max]); return null; }
        return t;
    }

    /// <summary>An optional text of at most <paramref name="max"/> characters (null when empty).</summary>
    protected string? Optional(string field, string? typed, int max)
    {
        var t = typed?.Trim();
        if (string.IsNullOrEmpty(t)) return null;
        if (t.Length > max) { ModelState.AddModelError(field, Text["Error.TooLong", max]); return null; }
        return t;
    }

    /// <summary>An enum member by name, or null with a reason.</summary>
    protected TEnum? Choice<TEnum>(string field, string? typed) where TEnum : struct, Enum
    {
        if (!string.IsNullOrEmpty(typed) && Enum.TryParse<TEnum>(typed, ignoreCase: false, out var value) && Enum.IsDefined(value)
            && !typed.All(char.IsAsciiDigit))
            return value;
        ModelState.AddModelError(field, Text["Error.Choose"]);
        return null;
    }
}
