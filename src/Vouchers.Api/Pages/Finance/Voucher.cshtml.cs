using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vouchers.Api.Web;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Api.Pages.Finance;

/// <summary>
/// One voucher for Sở Tài chính (the API's <c>GetVoucherForFinance</c>, with its history): what approving it would commit
/// against its program's envelope, four eyes and segregation of duties before the click (<see cref="GetFinanceOutlook"/>),
/// and the finance steps its state and this officer allow (<see cref="VoucherView.AllowedActions"/>): approve, reject
/// with a reason, authorise the payment (settle), record the treasury's payment (disburse). Every step is a
/// <see cref="FormOnce"/> form followed by a redirect.
/// </summary>
public sealed class VoucherModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "id")] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true, Name = "done")] public string? Done { get; set; }
    [BindProperty(Name = "reason")] public string? Reason { get; set; }
    [BindProperty(Name = "paymentReference")] public string? PaymentReference { get; set; }
    [BindProperty(Name = FormOnce.Field)] public string? IdempotencyKey { get; set; }

    public VoucherDetails Details { get; private set; } = null!;
    public QueueRow Row { get; private set; } = null!;
    public VoucherView Voucher => Details.Voucher;
    public bool Missing { get; private set; }
    public PageProblem? Problem { get; private set; }
    public string? ProblemAt { get; private set; }

    /// <summary>Each form's key: new when drawn, the same one when drawn again after its refusal.</summary>
    public IReadOnlyDictionary<string, string> Keys { get; private set; } = new Dictionary<string, string>();

    public bool May(VoucherTrigger action) => Voucher.AllowedActions.Contains(action.ToString());

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostApproveAsync() => Run("approve", () => FinanceSteps.Approve(HttpContext, mediator, Id, IdempotencyKey ?? ""));
    public Task<IActionResult> OnPostRejectAsync() => Run("reject", () => FinanceSteps.Reject(HttpContext, mediator, Id, Reason ?? "", IdempotencyKey ?? ""));
    public Task<IActionResult> OnPostSettleAsync() => Run("settle", () => FinanceSteps.Settle(HttpContext, mediator, Id, IdempotencyKey ?? ""));
    public Task<IActionResult> OnPostDisburseAsync() =>
        Run("disburse", () => FinanceSteps.Disburse(HttpContext, mediator, Id, PaymentReference ?? "", IdempotencyKey ?? ""));

    private async Task<IActionResult> Run(string step, Func<Task<VoucherView>> send)
    {
        try
        {
            var after = await send();
            // "approved" when issued, "first-approval" when it now waits for a second officer
            var done = step switch
            {
                "approve" when after.Status == nameof(VoucherStatus.AwaitingSecondApproval) => "first-approval",
                "approve" => "approved",
                "reject" => "rejected",
                "settle" => "settled",
                _ => "disbursed",
            };
            return Redirect($"/finance/vouchers/{Id}?done={done}");
        }
        catch (Exception e) when (PageProblem.From(e) is { Status: not 404 } problem)
        {
            Problem = problem;
            ProblemAt = step;
            problem.AddTo(ModelState);
            Done = null;
            return await LoadAsync(HttpContext.RequestAborted, refusedStep: step, problem: problem);
        }
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct, string? refusedStep = null, PageProblem? problem = null)
    {
        try
        {
            Details = await mediator.Send(new GetVoucher(Id), ct);
        }
        catch (Exception e) when (PageProblem.From(e) is { Status: 404 })
        {
            Missing = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Row = (await FinanceQueue.RowsAsync(mediator, [Details.Voucher], ct))[0];
        Keys = new[] { "approve", "reject", "settle", "disburse" }.ToDictionary(s => s, s => s == refusedStep ? FormOnce.KeyAfterRefusal(IdempotencyKey, problem) : FormOnce.NewKey());
        return Page();
    }
}
