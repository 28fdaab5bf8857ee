using System.Globalization;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Results;
using Microsoft.AspNetCore.Mvc;
using Vouchers.Application.Localization;
using Vouchers.Domain.Common;

namespace Vouchers.Api.Http;

/// <summary>
/// The language of problem details: <c>Accept-Language</c> picks Vietnamese (<c>vi</c>, also when the header is absent or
/// names neither) or English (<c>en</c>), and the answer says which in <c>Content-Language</c>. Problems are built in
/// English wherever they are raised (<see cref="ProblemMapping"/>, the filters, the auth events); this is the last step of
/// every one (<c>CustomizeProblemDetails</c>, after the audit trail noted the English detail): in Vietnamese the
/// <c>title</c>, the <c>detail</c> and the reasons under <c>errors</c> become the catalogue's (<see cref="ProblemTexts"/>),
/// with FluentValidation's own Vietnamese for its built-in rules. <c>code</c>, <c>field</c>, the keys of <c>errors</c> and
/// every other member stay as they are.
/// </summary>
public static class ProblemLanguage
{
    public const string Vietnamese = "vi", English = "en";

    private static readonly CultureInfo VietnameseCulture = CultureInfo.GetCultureInfo("vi");

    /// <summary>The language of the answer: the acceptable one (q &gt; 0) the client prefers most, Vietnamese by default.</summary>
    public static string Negotiate(HttpRequest request)
    {
        var accepted = request.GetTypedHeaders().AcceptLanguage;
        if (accepted is null || accepted.Count == 0) return Vietnamese;
        foreach (var range in accepted.Where(a => (a.Quality ?? 1) > 0).OrderByDescending(a => a.Quality ?? 1)) // stable: ties keep the client's order
        {
            var tag = range.Value.Value ?? "";
            var primary = tag.Split('-')[0];
            if (primary.Equals(Vietnamese, StringComparison.OrdinalIgnoreCase)) return Vietnamese;
            if (primary.Equals(English, StringComparison.OrdinalIgnoreCase)) return English;
            if (tag == "*") return Vietnamese;
        }
        return Vietnamese;
    }

    /// <summary>Puts the problem into the request's language (and says so in <c>Content-Language</c>).</summary>
    public static void Apply(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var language = Negotiate(http.Request);
        http.Response.Headers.ContentLanguage = language;
        http.Response.Headers.Append("Vary", "Accept-Language");
        if (language == English) return;
        ToVietnamese(context.ProblemDetails, context.Exception, http.Response.StatusCode);
    }

    /// <summary>
    /// The problem's title, detail and field reasons in Vietnamese (what a page shows, too: <see cref="Web.PageProblem"/>);
    /// <c>code</c>, <c>field</c> and the keys of <c>errors</c> stay as they are.
    /// </summary>
    public static void ToVietnamese(ProblemDetails problem, Exception? exception, int status)
    {
        var code = problem.Extensions.TryGetValue("code", out var c) ? c?.ToString() ?? "error" : "error";
        problem.Title = ProblemTexts.Title(problem.Status ?? status, code);

        if (problem is HttpValidationProblemDetails validation && validation.Errors.Count > 0)
        {
            foreach (var (field, reasons) in validation.Errors.ToArray())
                validation.Errors[field] = exception switch
                {
                    ValidationException v => v.Errors.Where(e => ProblemMapping.Camel(e.PropertyName) == field).Select(e => Vi(e, field)).ToArray(),
                    InvalidValueException iv => [ProblemTexts.ValueReason(iv)],
                    _ => reasons.Select(_ => ProblemTexts.Message(code) ?? Generic).ToArray(),
                };
            problem.Detail = exception is InvalidValueException one
                ? ProblemTexts.Message(one) ?? Generic
                : string.Join(" ", validation.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
            return;
        }

        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        if (problem.Extensions.TryGetValue("field", out var f) && f?.ToString() is { Length: > 0 } named) values["field"] = named;
        problem.Detail = (exception is DomainException d ? ProblemTexts.Message(d) : null) ?? ProblemTexts.Message(code, values) ?? Generic;
    }

    private static string Generic => ProblemTexts.Message("error")!;

    /// <summary>
    /// A FluentValidation failure in Vietnamese: the project's own message by its error code, else FluentValidation's
    /// Vietnamese for its rule; the placeholders as the English had them, the field named as in <c>errors</c>.
    /// </summary>
    private static string Vi(ValidationFailure failure, string field)
    {
        var template = ProblemTexts.ValidationMessages.TryGetValue(failure.ErrorCode ?? "", out var own) ? own
            : ValidatorOptions.Global.LanguageManager.GetString(failure.ErrorCode, VietnameseCulture);
        if (string.IsNullOrEmpty(template)) return failure.ErrorMessage;
        var formatter = new MessageFormatter();
        foreach (var (name, value) in failure.FormattedMessagePlaceholderValues ?? new Dictionary<string, object>())
            formatter.AppendArgument(name, value);
        formatter.AppendPropertyName(field);
        return formatter.BuildMessage(template);
    }
}
