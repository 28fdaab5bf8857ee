using System.Globalization;
using MediatR;
using Microsoft.Extensions.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vouchers.Api.Web;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Audit;

namespace Vouchers.Api.Pages.Auditor;

/// <summary>
/// The audit trail (the API's <c>ListAuditTrail</c>): who, what, on which object, when, from where and with what
/// outcome, filtered by subject, action, object id, outcome and a range of Vietnamese dates, newest first, a page at a
/// time. A provincial auditor reads their province's lines (the query's scope), the national auditor every line.
/// </summary>
public sealed class TrailModel(IMediator mediator, IStringLocalizer<AuditorText> localizer) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "subject")] public string? Subject { get; set; }
    [BindProperty(SupportsGet = true, Name = "action")] public string? ActionName { get; set; }
    [BindProperty(SupportsGet = true, Name = "objectId")] public string? ObjectId { get; set; }
    [BindProperty(SupportsGet = true, Name = "outcome")] public string? Outcome { get; set; }
    [BindProperty(SupportsGet = true, Name = "from")] public string? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public Page<AuditEntryView>? Result { get; private set; }
    public PageProblem? Problem { get; private set; }
    public int Pages => Result is null ? 1 : AuditorDisplay.Pages(Result.Total, PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        // a date the browser's date input sends (yyyy-MM-dd); anything else is refused beside its field, as the API refuses it
        var errors = new Dictionary<string, string[]>();
        var from = ParseDate(From, "from", errors);
        var to = ParseDate(To, "to", errors);
        AuditOutcome? outcome = Enum.TryParse<AuditOutcome>(Outcome, out var o) && Enum.IsDefined(o) && !(Outcome ?? "").All(char.IsAsciiDigit) ? o : null;
        if (outcome is null) Outcome = null;
        if (errors.Count > 0)
        {
            foreach (var (field, reasons) in errors) ModelState.AddModelError(field, reasons[0]);
            return;
        }
        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        try
        {
            Result = await mediator.Send(new ListAuditTrail(Blank(Subject), Blank(ActionName), Blank(ObjectId), outcome, from, to, PageNumber, PageSize), ct);
        }
        catch (Exception e) when (PageProblem.From(e) is { } problem)
        {
            Problem = problem;
            problem.AddTo(ModelState);
        }
    }

    private DateOnly? ParseDate(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors[field] = [localizer["Trail.BadDate"].Value];
        return null;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>This search with another page.</summary>
    public string PageLink(int page)
    {
        var q = new List<string>();
        void Add(string name, string? value) { if (!string.IsNullOrWhiteSpace(value)) q.Add(name + "=" + Uri.EscapeDataString(value.Trim())); }
        Add("subject", Subject); Add("action", ActionName); Add("objectId", ObjectId); Add("outcome", Outcome); Add("from", From); Add("to", To);
        q.Add("p=" + page);
        return "/auditor/trail?" + string.Join("&", q);
    }
}
