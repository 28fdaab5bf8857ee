using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vouchers.Api.Web;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Funds;
using Vouchers.Application.Programs;
using Vouchers.Domain.Common;
using Vouchers.Domain.Programs;

namespace Vouchers.Api.Pages.Finance;

/// <summary>
/// Budgets of the officer's province for a fiscal year: each fund's position and budget decisions (the API's
/// <c>ListFundsForFinance</c>, <c>GetFundPositionForFinance</c>, <c>GetFundDashboard</c>), a new allocation by decision
/// (<see cref="AllocateBudget"/>), and the programs, the drafts among them waiting for their envelope
/// (<see cref="ApproveProgramEnvelope"/>). Both decisions move money: <see cref="FormOnce"/> forms, then a redirect.
/// </summary>
public sealed class BudgetsModel(IMediator mediator, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "year")] public int? Year { get; set; }
    [BindProperty(SupportsGet = true, Name = "done")] public string? Done { get; set; }
    [BindProperty(Name = "fundId")] public Guid FundId { get; set; }
    [BindProperty(Name = "programId")] public Guid ProgramId { get; set; }
    [BindProperty(Name = "fiscalYear")] public int FiscalYear { get; set; }
    [BindProperty(Name = "amount")] public string? Amount { get; set; }
    [BindProperty(Name = "decisionNumber")] public string? DecisionNumber { get; set; }
    [BindProperty(Name = "decisionDate")] public string? DecisionDate { get; set; }
    [BindProperty(Name = FormOnce.Field)] public string? IdempotencyKey { get; set; }

    public sealed record FundBudget(FundView Fund, FundPosition Position, IReadOnlyList<AllocationLine> Allocations);

    public int ShownYear { get; private set; }
    public IReadOnlyList<FundBudget> Funds { get; private set; } = [];
    public IReadOnlyList<ProgramView> Programs { get; private set; } = [];
    public PageProblem? Problem { get; private set; }
    /// <summary>Which form was refused: "allocate", or the draft program's id.</summary>
    public string? ProblemAt { get; private set; }
    public string Today => VietnamTime.Today(clock.GetUtcNow()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string KeyFor(string form) => ProblemAt == form ? FormOnce.KeyAfterRefusal(IdempotencyKey, Problem) : FormOnce.NewKey();

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostAllocateAsync()
    {
        var command = new AllocateBudget(FundId, FiscalYear, Display.ParseWhole(Amount, out _) ?? 0, DecisionNumber ?? "", Date(DecisionDate));
        return Run("allocate", $"/finance/budgets?year={FiscalYear}&done=allocated", () => FinanceSteps.Allocate(HttpContext, mediator, command, IdempotencyKey ?? ""));
    }

    public Task<IActionResult> OnPostEnvelopeAsync()
    {
        var command = new ApproveProgramEnvelope(ProgramId, DecisionNumber ?? "", Date(DecisionDate));
        return Run(ProgramId.ToString(), $"/finance/budgets?year={Year}&done=envelope",
            () => FinanceSteps.ApproveEnvelope(HttpContext, mediator, command, IdempotencyKey ?? ""));
    }

    /// <summary>A date as the date input sends it (yyyy-MM-dd); anything else is no date, which the command refuses beside the field.</summary>
    private static DateOnly Date(string? typed) =>
        DateOnly.TryParseExact(typed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : default;

    private async Task<IActionResult> Run<T>(string form, string next, Func<Task<T>> send)
    {
        try
        {
            await send();
            return LocalRedirect(next);
        }
        catch (Exception e) when (PageProblem.From(e) is { } problem)
        {
            Problem = problem;
            ProblemAt = form;
            problem.AddTo(ModelState);
            Done = null;
            await LoadAsync(HttpContext.RequestAborted);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ShownYear = Year is { } y && y >= FiscalYears.First && y <= FiscalYears.Last ? y : VietnamTime.FiscalYear(clock.GetUtcNow());
        Year = ShownYear;
        var funds = new List<FundBudget>();
        foreach (var fund in await mediator.Send(new ListFunds(), ct))
            funds.Add(new FundBudget(fund, await mediator.Send(new GetFundPosition(fund.Id, ShownYear), ct),
                (await mediator.Send(new GetFundDashboard(fund.Id, ShownYear), ct)).Allocations));
        Funds = funds;
        Programs = (await mediator.Send(new ListPrograms(FiscalYear: ShownYear, PageSize: Paging.MaxPageSize), ct)).Items;
    }

    public static bool IsDraft(ProgramView p) => p.Status == nameof(ProgramStatus.Draft);
}
