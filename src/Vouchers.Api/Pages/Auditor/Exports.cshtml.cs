using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vouchers.Api.Web;
using Vouchers.Application.Exports;
using Vouchers.Domain.Common;

namespace Vouchers.Api.Pages.Auditor;

/// <summary>
/// The audit export for a range of Vietnamese dates (the API's <c>ExportAuditFiles</c>, the same query with the same
/// from/to): a GET that answers with the zip as a download, private and not stored, as the API does. A refused range is
/// explained beside its field and the form is shown again.
/// </summary>
public sealed class ExportsModel(IMediator mediator, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "from")] public string? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public string? To { get; set; }

    public PageProblem? Problem { get; private set; }

    /// <summary>What the form starts with: the range asked for, else the first of this month to today (Vietnam).</summary>
    public string FromShown => From ?? Today.AddDays(1 - Today.Day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    public string ToShown => To ?? Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    private DateOnly Today => VietnamTime.Today(clock.GetUtcNow());

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (From is null && To is null) return Page();
        try
        {
            var archive = await mediator.Send(new ExportAuditFiles(From, To), ct);
            Response.Headers.CacheControl = "private, no-store";
            return File(archive.Content, "application/zip", archive.FileName); // the stream is disposed (the file deleted) when sent
        }
        catch (Exception e) when (PageProblem.From(e) is { } problem)
        {
            Problem = problem;
            problem.AddTo(ModelState);
            Response.StatusCode = problem.Status;
            return Page();
        }
    }
}
