using Microsoft.AspNetCore.Mvc;
using Vouchers.Application.Audit;
using Vouchers.Infrastructure;
using Vouchers.Infrastructure.Audit;

namespace Vouchers.Api.Http;

/// <summary>
/// The HTTP side of the audit trail. It tells the request context what the request is (operation, address, key),
/// and once the answer is final it writes the line for every command that did not write its own (because it was
/// refused or failed, or replayed), and for every request refused by authentication, authorisation, ownership or a
/// rate limit, reads included. A succeeded command's line was already committed with its changes.
/// </summary>
public sealed class AuditMiddleware(RequestDelegate next, AuditTrail audit, ILogger<AuditMiddleware> log)
{
    private const string ProblemKey = "audit.problem";
    private const string HiddenKey = "audit.hidden";

    /// <summary>Called for every problem written, whoever wrote it: its code and detail become the line's reason.</summary>
    public static void NoteProblem(HttpContext http, ProblemDetails problem) =>
        http.Items[ProblemKey] = (problem.Extensions.TryGetValue("code", out var code) ? code?.ToString() : null, problem.Detail);

    /// <summary>The 404 answered was an object that exists but is not the caller's (recorded as such, answered as missing).</summary>
    public static void NoteHidden(HttpContext http) => http.Items[HiddenKey] = true;

    public async Task InvokeAsync(HttpContext http, RequestContext request)
    {
        request.IsHttpRequest = true;
        request.Method = http.Request.Method;
        request.Path = http.Request.Path.Value;
        request.ClientAddress = http.Connection.RemoteIpAddress?.ToString();
        request.Operation = OperationOf(http);
        var target = TargetOf(http); // now: the exception handler clears route values before the answer is final
        if (http.Request.Headers.TryGetValue(IdempotencyFilter.Header, out var key)) request.IdempotencyKey = key.ToString();
        var failed = false;
        try
        {
            await next(http);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            if (!request.AuditRecorded && (http.Request.Path.StartsWithSegments("/api") || IsRolePagePost(http)))
                await RecordAsync(http, request, target, failed ? 500 : http.Response.StatusCode);
        }
    }

    private async Task RecordAsync(HttpContext http, RequestContext request, (string Type, string Id)? target, int status)
    {
        var hidden = http.Items.ContainsKey(HiddenKey);
        var command = !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method));
        if (!command && !hidden && status is not (401 or 403 or 429)) return; // reads are recorded only when refused
        var (code, detail) = http.Items[ProblemKey] as (string?, string?)? ?? (request.NotedReason?.Code, request.NotedReason?.Detail);
        if (http.Items[Web.PageProblem.AuditKey] is (string pageCode, string pageDetail)) (code, detail) = (pageCode, pageDetail);
        target ??= request.NotedObject;
        if (hidden) (code, detail) = ("access.not-visible", "The object exists but is not the caller's; answered as not found.");
        var outcome = status >= 500 ? AuditOutcome.Failed
            : status >= 400 || request.NotedReason is not null || (IsRolePagePost(http) && code is not null) ? AuditOutcome.Refused // e.g. an invalid scan, answered 200 by verify
            : http.Response.Headers["Idempotent-Replayed"] == "true" ? AuditOutcome.Replayed
            : AuditOutcome.Succeeded;
        if (IsRolePagePost(http)) request.Operation = $"page {http.Request.Method} {http.Request.Path}";
        request.Operation ??= $"{http.Request.Method} {http.Request.Path}"; // no endpoint name was found when the request came in
        await AuditTrail.WriteSeparatelyAsync(http.RequestServices,
            audit.Entry(request, request.Operation, target, outcome, status, code, detail), log);
    }

    /// <summary>
    /// A form post to a role's page (an SME's, a provider's, a staff workspace's): recorded like an API command when it
    /// wrote no line of its own (refused, failed, or it ran no command), with the refusal the page showed (<see cref="Web.PageProblem"/>).
    /// </summary>
    private static bool IsRolePagePost(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method) && RolePageFolders.Any(folder => http.Request.Path.StartsWithSegments(folder));

    private static readonly string[] RolePageFolders = ["/sme", "/provider", "/reviewer", "/finance", "/auditor", "/admin"];

    private static string? OperationOf(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;

    // The object from the route: {id} is named by the path segment before it (vouchers/{id} → voucher).
    private static (string Type, string Id)? TargetOf(HttpContext http)
    {
        var values = http.Request.RouteValues;
        if (values.TryGetValue("id", out var id) && id is not null)
        {
            var segments = (http.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
            var at = Array.IndexOf(segments, id.ToString());
            var type = at > 0 ? segments[at - 1].TrimEnd('s') : "object";
            return (type, id.ToString()!);
        }
        if (values.TryGetValue("fundId", out var fund) && fund is not null) return ("fund", fund.ToString()!);
        if (values.TryGetValue("programId", out var program) && program is not null) return ("program", program.ToString()!);
        return null;
    }
}
