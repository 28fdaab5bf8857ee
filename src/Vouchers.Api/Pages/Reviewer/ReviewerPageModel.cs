using MediatR;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Vouchers.Api.Web;

namespace Vouchers.Api.Pages.Reviewer;

/// <summary>
/// What the reviewer's pages share: the same MediatR commands and queries as <c>/api/reviewer</c> (province scope,
/// visibility and segregation of duties are theirs), and refusals shown in the reader's language beside the field they
/// concern (<see cref="PageProblem"/>: the API's codes).
/// </summary>
public abstract class ReviewerPageModel(IMediator mediator, IStringLocalizer<ReviewerText> text) : RolePageModel<ReviewerText>(mediator, text)
{

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

    /// <summary>An amount as typed, optional: null when empty; a reason when it is not a whole number within 1..<paramref name="max"/>.</summary>
    protected long? OptionalWhole(string field, string? typed, long max, out bool valid)
    {
        valid = true;
        if (Display.ParseWhole(typed, out var empty) is not { } n)
        {
            if (empty) return null;
            ModelState.AddModelError(field, Text["Error.WholeNumber"]);
            valid = false;
            return null;
        }
        if (n < 1 || n > max)
        {
            ModelState.AddModelError(field, Text["Error.Range", Display.Number(1), Display.Number(max)]);
            valid = false;
            return null;
        }
        return n;
    }

    /// <summary>An enum member by name (never by number), or null.</summary>
    protected static TEnum? Parse<TEnum>(string? typed) where TEnum : struct, Enum =>
        !string.IsNullOrEmpty(typed) && Enum.TryParse<TEnum>(typed, ignoreCase: false, out var value) && Enum.IsDefined(value) && !typed.All(char.IsAsciiDigit)
            ? value : null;
}
