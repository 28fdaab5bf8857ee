using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vouchers.Api.Web;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Providers;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Vouchers;
using Vouchers.Infrastructure;

namespace Vouchers.Api.Pages.Finance;

/// <summary>
/// The settlement queue (the API's <c>ListVouchersForFinance</c> by status): payments the providers claimed, to authorise
/// (<see cref="SettleVoucher"/>), and authorised ones, to record with the treasury's payment reference
/// (<see cref="DisburseVoucher"/>). Before the click each row says whether segregation of duties keeps this officer from
/// the step (<see cref="GetFinanceOutlook"/>): whoever approved the voucher may not authorise or record its payment,
/// and whoever authorised it may not record it. Each form is a <see cref="FormOnce"/> post followed by a redirect.
/// </summary>
public sealed class SettlementsModel(IMediator mediator, RequestContext request) : PageModel
{
    [BindProperty(Name = "voucherId")] public Guid VoucherId { get; set; }
    [BindProperty(Name = "paymentReference")] public string? PaymentReference { get; set; }
    [BindProperty(Name = FormOnce.Field)] public string? IdempotencyKey { get; set; }
    [BindProperty(SupportsGet = true, Name = "done")] public string? Done { get; set; }
    [BindProperty(SupportsGet = true, Name = "code")] public string? DoneCode { get; set; }

    public Page<VoucherView> Claimed { get; private set; } = null!;
    public Page<VoucherView> Settled { get; private set; } = null!;
    public IReadOnlyList<QueueRow> ClaimedRows { get; private set; } = [];
    public IReadOnlyList<QueueRow> SettledRows { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> Providers { get; private set; } = new Dictionary<Guid, string>();
    public PageProblem? Problem { get; private set; }
    /// <summary>The voucher whose form was refused (its field shows the reason, its form keeps its key).</summary>
    public Guid? ProblemFor { get; private set; }

    public string KeyFor(Guid id) => ProblemFor == id ? FormOnce.KeyAfterRefusal(IdempotencyKey, Problem) : FormOnce.NewKey();

    public bool May(VoucherView v, VoucherTrigger action) => v.AllowedActions.Contains(action.ToString());

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostSettleAsync() => Run("settled", () => FinanceSteps.Settle(HttpContext, mediator, VoucherId, IdempotencyKey ?? ""));

    public Task<IActionResult> OnPostDisburseAsync() =>
        Run("disbursed", () => FinanceSteps.Disburse(HttpContext, mediator, VoucherId, PaymentReference ?? "", IdempotencyKey ?? ""));

    private async Task<IActionResult> Run(string done, Func<Task<VoucherView>> send)
    {
        try
        {
            var after = await send();
            return Redirect($"/finance/settlements?done={done}&code={Uri.EscapeDataString(after.Code)}");
        }
        catch (Exception e) when (PageProblem.From(e) is { } problem)
        {
            Problem = problem;
            ProblemFor = VoucherId;
            problem.AddTo(ModelState);
            (Done, DoneCode) = (null, null);
            await LoadAsync(HttpContext.RequestAborted);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Claimed = await mediator.Send(new ListVouchers(Status: VoucherStatus.PaymentClaimed, PageSize: Paging.MaxPageSize), ct);
        Settled = await mediator.Send(new ListVouchers(Status: VoucherStatus.Settled, PageSize: Paging.MaxPageSize), ct);
        ClaimedRows = await FinanceQueue.RowsAsync(mediator, Claimed.Items, ct);
        SettledRows = await FinanceQueue.RowsAsync(mediator, Settled.Items, ct);
        var providers = await mediator.Send(new ListProviders(ProvinceCode: request.Caller.ProvinceCode, PageSize: Paging.MaxPageSize), ct);
        Providers = providers.Items.ToDictionary(p => p.Id, p => p.Name);
    }

    public string ProviderName(Guid? id) => id is { } p && Providers.TryGetValue(p, out var name) ? name : "—";
}
