using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Vouchers.Application.Funds;
using Vouchers.Domain.Common;

namespace Vouchers.Api.Pages.Finance;

/// <summary>
/// A fund's dashboard for a fiscal year (the API's <c>GetFundPositionForFinance</c> and <c>GetFundDashboard</c>): the
/// position (allocated, available, committed, payable, disbursed), by program, by service kind, by month and the
/// pipeline of vouchers by status, each as an SVG chart and as a table, and the same figures as XLSX and CSV downloads
/// (<c>?handler=Xlsx</c>, <c>?handler=Csv</c>). Funds of the officer's province only.
/// </summary>
public sealed class DashboardModel(IMediator mediator, TimeProvider clock, IStringLocalizer<FinanceText> l, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "fund")] public Guid? FundId { get; set; }
    [BindProperty(SupportsGet = true, Name = "year")] public int? Year { get; set; }

    public IReadOnlyList<FundView> Funds { get; private set; } = [];
    public FundFigures? Figures { get; private set; }
    public FundPosition? Position { get; private set; }
    public bool UnknownFund { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) =>
        await LoadAsync(ct) is { } f
            ? File(f.Xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", f.FileStem + ".xlsx")
            : NotFound();

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct) =>
        await LoadAsync(ct) is { } f ? File(await f.CsvAsync(l, ct), "text/csv; charset=utf-8", f.FileStem + ".csv") : NotFound();

    public string Link(string? handler = null) =>
        $"/finance/dashboard?fund={Figures?.Fund.Id}&year={Figures?.FiscalYear}" + (handler is null ? "" : "&handler=" + handler);

    private async Task<FundFigures?> LoadAsync(CancellationToken ct)
    {
        Funds = await mediator.Send(new ListFunds(), ct);
        Year = Year is { } y && y >= FiscalYears.First && y <= FiscalYears.Last ? y : VietnamTime.FiscalYear(clock.GetUtcNow());
        var fund = FundId is { } id ? Funds.FirstOrDefault(f => f.Id == id) : Funds.FirstOrDefault();
        if (fund is null)
        {
            UnknownFund = FundId is not null;
            if (UnknownFund) Response.StatusCode = StatusCodes.Status404NotFound;
            return null;
        }
        Position = await mediator.Send(new GetFundPosition(fund.Id, Year.Value), ct);
        var dashboard = await mediator.Send(new GetFundDashboard(fund.Id, Year.Value), ct);
        return Figures = FundFigures.Of(fund, Position, dashboard, l, t);
    }
}
