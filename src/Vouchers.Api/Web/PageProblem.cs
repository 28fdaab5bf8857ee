using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Vouchers.Api.Http;

namespace Vouchers.Api.Web;

/// <summary>
/// A refusal as a page shows it: the same mapping as the API's problem details (<see cref="ProblemMapping.Map"/>), so a
/// page and an endpoint refuse with the same code for the same reason; the text is what a person reads (the message
/// catalogue by code, Vietnamese first), with each field's reason put beside its input.
/// </summary>
public sealed record PageProblem(int Status, string Code, string Message, IReadOnlyDictionary<string, string[]> Fields)
{
    /// <summary>
    /// The problem for an exception a command threw, in the page's language (Vietnamese unless the reader chose English);
    /// null for one that is not a refusal (a bug: let it fail).
    /// </summary>
    public static PageProblem? From(Exception exception)
    {
        var problem = ProblemMapping.Map(exception);
        if (problem is null || problem.Status >= 500) return null;
        var english = problem.Detail; // the audit trail's language, whatever the reader's
        if (System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName != "en")
            ProblemLanguage.ToVietnamese(problem, exception, problem.Status ?? 400);
        var code = problem.Extensions.TryGetValue("code", out var c) ? c?.ToString() ?? "error" : "error";
        var fields = problem is HttpValidationProblemDetails v ? v.Errors.ToDictionary(e => e.Key, e => e.Value) : new Dictionary<string, string[]>();
        if (problem.Extensions.TryGetValue("field", out var f) && f?.ToString() is { Length: > 0 } field && !fields.ContainsKey(field))
            fields[field] = [problem.Detail ?? ""];
        var result = new PageProblem(problem.Status ?? 400, code, problem.Detail ?? problem.Title ?? code, fields);
        // the audit trail records a refused page post as it records a refused API call (AuditMiddleware), with this reason
        if (Accessor?.HttpContext is { } http) http.Items[AuditKey] = (result.Code, english ?? result.Code);
        return result;
    }

    internal const string AuditKey = "audit.page-problem";

    /// <summary>Set at start-up (WebSetup): where <see cref="From"/> finds the request whose refusal it describes.</summary>
    internal static IHttpContextAccessor? Accessor { get; set; }

    /// <summary>Puts the refusal into the page's model state: each field's reason under that field (by the form's own names), the whole under "".</summary>
    public void AddTo(ModelStateDictionary modelState, IReadOnlyDictionary<string, string>? fieldNames = null)
    {
        foreach (var (field, reasons) in Fields)
        {
            var name = fieldNames is not null && fieldNames.TryGetValue(field, out var n) ? n : field;
            foreach (var reason in reasons) modelState.AddModelError(name, reason);
        }
        modelState.AddModelError("", Message);
    }
}
