using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vouchers.Api.Web;
using Vouchers.Application.Integrity;
using Vouchers.Domain.Common;

namespace Vouchers.Api.Pages.Auditor;

/// <summary>
/// A fiscal year's reconciliation (the API's <c>Reconcile</c>): each fund's position from the ledger with its checks
/// (balanced, commitments equal the vouchers', carry-overs agree with the neighbouring years, stored balances equal a
/// replay), and every voucher whose state disagrees with its ledger entries. One fund, or all the caller may see.
/// </summary>
public sealed class ReconciliationModel(IMediator mediator, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "year")] public int? Year { get; set; }
    [BindProperty(SupportsGet = true, Name = "fund")] public Guid? FundId { get; set; }

    public Reconciliation? Result { get; private set; }
    public PageProblem? Problem { get; private set; }
    public bool BadInput { get; private set; }

    public int YearShown => Year ?? VietnamTime.FiscalYear(clock.GetUtcNow());

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (AuditorDisplay.Unreadable(ModelState, "year", "fund"))
        {
            BadInput = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        try
        {
            Result = await mediator.Send(new Reconcile(YearShown, FundId), ct);
        }
        catch (Exception e) when (PageProblem.From(e) is { } problem)
        {
            Problem = problem; // a year out of range, a fund that is not there (or not the caller's province)
            problem.AddTo(ModelState);
            Response.StatusCode = problem.Status;
        }
    }
}
