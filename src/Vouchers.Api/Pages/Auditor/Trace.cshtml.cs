using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vouchers.Api.Web;
using Vouchers.Application.Trace;
using Vouchers.Domain.Common;

namespace Vouchers.Api.Pages.Auditor;

/// <summary>
/// The money trail, as the API's traces give it. Backward: a voucher (<c>TraceVoucher</c>, with <c>GetVoucherHistory</c>
/// for who did each step) or a ledger transfer (<c>TraceTransfer</c>) back to its program's envelope decision and the
/// fund's budget decisions. Forward: a fund's year (<c>TraceFund</c>) → budget decisions → programs, and a program
/// (<c>TraceProgram</c>) → its vouchers and providers, a page at a time. Each step links to the next.
/// </summary>
public sealed class TraceModel(IMediator mediator, TimeProvider clock) : PageModel
{
    public const int ProgramPageSize = 50;

    [BindProperty(SupportsGet = true, Name = "voucher")] public Guid? VoucherId { get; set; }
    [BindProperty(SupportsGet = true, Name = "transfer")] public Guid? TransferId { get; set; }
    [BindProperty(SupportsGet = true, Name = "fund")] public Guid? FundId { get; set; }
    [BindProperty(SupportsGet = true, Name = "year")] public int? Year { get; set; }
    [BindProperty(SupportsGet = true, Name = "program")] public Guid? ProgramId { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public BackwardTrace? Back { get; private set; }
    public VoucherHistory? History { get; private set; }
    public FundTrace? Fund { get; private set; }
    public ProgramTrace? Program { get; private set; }
    public PageProblem? Problem { get; private set; }

    /// <summary>An id or year in the address that is not one (a typed id with a typo).</summary>
    public bool BadInput { get; private set; }

    /// <summary>The fiscal year the fund form starts with: the one asked for, else this year in Vietnam.</summary>
    public int YearShown => Year ?? VietnamTime.FiscalYear(clock.GetUtcNow());

    public async Task OnGetAsync(CancellationToken ct)
    {
        // a bad id in a link is answered in words here (no 400 page for a person); a missing one is a 404 with the forms
        if (AuditorDisplay.Unreadable(ModelState, "voucher", "transfer", "fund", "year", "program"))
        {
            BadInput = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        try
        {
            if (VoucherId is { } voucher)
            {
                Back = await mediator.Send(new TraceVoucher(voucher), ct);
                History = await mediator.Send(new GetVoucherHistory(voucher), ct);
            }
            else if (TransferId is { } transfer)
            {
                Back = await mediator.Send(new TraceTransfer(transfer), ct);
            }
            else if (ProgramId is { } program)
            {
                PageNumber = Math.Clamp(PageNumber, 1, 100_000);
                Program = await mediator.Send(new TraceProgram(program, PageNumber, ProgramPageSize), ct);
            }
            else if (FundId is { } fund)
            {
                Fund = await mediator.Send(new TraceFund(fund, YearShown), ct);
            }
        }
        catch (Exception e) when (PageProblem.From(e) is { } problem)
        {
            Problem = problem;
            Response.StatusCode = problem.Status;
        }
    }

    public string ProgramPageLink(int page) => $"/auditor/trace?program={ProgramId}&p={page}";
}
