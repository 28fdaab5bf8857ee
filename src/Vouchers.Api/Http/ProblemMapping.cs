using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Qr;
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;

namespace Vouchers.Api.Http;

/// <summary>
/// The one place where errors become RFC 7807 problem details. Every problem carries a stable <c>code</c>;
/// validation problems name each field and its reason; an illegal transition lists what is allowed now.
/// </summary>
public sealed partial class ProblemMapping(IProblemDetailsService problems, ILogger<ProblemMapping> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        // a page's failure is the error page, not JSON (the middleware may already have pointed the path at /error)
        var path = http.Features.Get<IExceptionHandlerPathFeature>()?.Path is { } original ? new PathString(original) : http.Request.Path;
        if (!Auth.WebSignIn.IsApi(path)) return false;
        var problem = Map(exception);
        if (problem?.Status == StatusCodes.Status503ServiceUnavailable)
        {
            log.LogWarning(exception, "Database unavailable on {Path}", http.Request.Path);
            http.Response.Headers.RetryAfter = "1";
        }
        if (problem is null)
        {
            log.LogError(exception, "Unhandled error on {Path}", http.Request.Path);
            // 500 problem details without internals (the defaults fill the title and type; traceId and code are added)
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = new ProblemDetails { Status = 500 }, Exception = exception });
        }
        if (exception is NotVisibleException) AuditMiddleware.NoteHidden(http); // the same 404; the audit trail says access.not-visible
        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails? Map(Exception exception) => exception switch
    {
        ValidationException v => Validation(v.Errors.GroupBy(e => Camel(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray())),
        InvalidValueException v => Validation(new Dictionary<string, string[]> { [v.Field] = [v.Reason] }, v.Code),
        NotFoundException n => Problem(StatusCodes.Status404NotFound, "Not found", n.Message, n.Code),
        IllegalTransitionException t => WithExtensions(Problem(StatusCodes.Status409Conflict, "Transition not allowed", t.Message, t.Code),
            ("state", t.State), ("attempted", t.Trigger), ("allowedTransitions", t.Permitted)),
        LedgerException l => Problem(StatusCodes.Status409Conflict, "Ledger refused the transfer", l.Message, l.Code),
        ConflictException c => Problem(StatusCodes.Status409Conflict, "Conflict", c.Message, c.Code),
        InvalidTokenException q => WithExtensions(Problem(StatusCodes.Status422UnprocessableEntity, "The voucher's QR code was refused", q.Message, q.Code),
            ("field", q.Field), ("reason", q.Reason), ("reasonLabel", QrFaults.Vi(q.Reason))),
        ConcurrencyConflictException c => Problem(StatusCodes.Status409Conflict, "Concurrent change", c.Message, c.Code),
        BusinessRuleException b => Problem(StatusCodes.Status422UnprocessableEntity, "Business rule violated", b.Message, b.Code),
        OutOfProvinceException o => Problem(StatusCodes.Status403Forbidden, "Outside your province", o.Message, o.Code),
        SegregationOfDutiesException sod => Problem(StatusCodes.Status403Forbidden, "Segregation of duties", sod.Message, sod.Code),
        DomainException d => Problem(StatusCodes.Status422UnprocessableEntity, "Refused", d.Message, d.Code),
        BadHttpRequestException b => Malformed(b.StatusCode, BadRequestDetail(b), FieldOf(b)),
        _ when DatabaseUnavailable(exception) => Problem(StatusCodes.Status503ServiceUnavailable, "Database unavailable",
            "The connection to the database failed while the request ran, so it may or may not have been applied. Retry it with the same " +
            "Idempotency-Key: a request that was applied is answered from its stored result and is never applied twice.", "database.unavailable"),
        _ => null,
    };

    /// <summary>
    /// A dropped or timed-out database connection (the provider marks it transient; on SQL Server also a fatal error
    /// or a command timeout, <see cref="Vouchers.Infrastructure.Persistence.SqlServerErrors.IsConnectionLost"/>), wherever EF Core wrapped it: the
    /// outcome of a commit in flight is unknown, which the idempotency record resolves on the client's retry.
    /// </summary>
    private static bool DatabaseUnavailable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
            if (e is System.Data.Common.DbException { IsTransient: true } || Vouchers.Infrastructure.Persistence.SqlServerErrors.IsConnectionLost(e)) return true;
        return false;
    }

    private static string BadRequestDetail(BadHttpRequestException b) =>
        b.InnerException is System.Text.Json.JsonException j ? $"The body is not valid JSON for this endpoint: {j.Path} {FirstLine(j.Message)}" : FirstLine(b.Message);

    /// <summary>
    /// A request that could not be read (<c>request.malformed</c>), with <c>field</c> naming the body member or the
    /// parameter when it is known.
    /// </summary>
    public static ProblemDetails Malformed(int status, string detail, string? field)
    {
        var p = Problem(status, "Bad request", detail, "request.malformed");
        if (!string.IsNullOrEmpty(field)) p.Extensions["field"] = field;
        return p;
    }

    // The member a body's JSON was refused at: an unknown member by its name as sent ("RequestedAmount"), otherwise the
    // path the reader stopped at ("$.requestedAmount" → "requestedAmount"); a parameter by its name in the binder's message.
    private static string? FieldOf(BadHttpRequestException b)
    {
        if (b.InnerException is System.Text.Json.JsonException j)
        {
            if (UnmappedMember().Match(j.Message) is { Success: true } m) return m.Groups["name"].Value;
            return j.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        }
        return Parameter().Match(b.Message) is { Success: true } p ? p.Groups["name"].Value : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex("""^The JSON property '(?<name>[^']*)' could not be mapped""")]
    private static partial System.Text.RegularExpressions.Regex UnmappedMember();

    [System.Text.RegularExpressions.GeneratedRegex("parameter \"(?:[^\"]* )?(?<name>[^\" ]+)\"")]
    private static partial System.Text.RegularExpressions.Regex Parameter();

    private static string FirstLine(string s) => s.Split('\n')[0];

    public static ProblemDetails Validation(IDictionary<string, string[]> errors, string code = "validation.failed")
    {
        var p = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest, Title = "The request is invalid",
            Detail = string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
            Type = "https://vouchers.example/problems/" + code,
        };
        p.Extensions["code"] = code;
        return p;
    }

    public static ProblemDetails Problem(int status, string title, string detail, string code)
    {
        var p = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = "https://vouchers.example/problems/" + code };
        p.Extensions["code"] = code;
        return p;
    }

    private static ProblemDetails WithExtensions(ProblemDetails p, params (string Key, object? Value)[] extensions)
    {
        foreach (var (k, v) in extensions) p.Extensions[k] = v;
        return p;
    }

    internal static string Camel(string name) =>
        string.Join('.', name.Split('.').Select(s => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..]));
}
