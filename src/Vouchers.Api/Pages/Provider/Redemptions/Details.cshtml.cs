using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vouchers.Api.Auth;
using Vouchers.Api.Web;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Vouchers;
using Vouchers.Infrastructure;

namespace Vouchers.Api.Pages.Provider.Redemptions;

/// <summary>
/// One voucher this provider redeemed (the API's <c>GetRedeemedVoucher</c>): the contract, support and co-payment, the
/// next step, the delivery report (<see cref="ReportDelivery"/>), the payment claim with the e-invoice number
/// (<see cref="ClaimPayment"/>, money-moving: its form carries a <see cref="FormOnce"/> key) and the payment's status.
/// A voucher it did not redeem is answered as one that does not exist, as the API does.
/// </summary>
public sealed class DetailsModel(IMediator mediator, RequestContext request) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "id")] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true, Name = "done")] public string? Done { get; set; }
    [BindProperty(Name = "note")] public string? Note { get; set; }
    [BindProperty(Name = "eInvoiceNumber")] public string? EInvoiceNumber { get; set; }
    [BindProperty(Name = FormOnce.Field)] public string? IdempotencyKey { get; set; }

    public VoucherDetails Details { get; private set; } = null!;

    /// <summary>No voucher with this id was redeemed by this provider (one of another provider's is answered the same).</summary>
    public bool Missing { get; private set; }
    public VoucherView Voucher => Details.Voucher;
    public PageProblem? Problem { get; private set; }
    public string? ProblemAt { get; private set; }

    /// <summary>The claim form's idempotency key: the one it was sent with when it is drawn again after a refusal.</summary>
    public string ClaimKey { get; private set; } = "";

    public bool May(VoucherTrigger action) => Voucher.AllowedActions.Contains(action.ToString());

    /// <summary>Where the payment stands, as a resource key under <c>Detail.Payment.</c>.</summary>
    public string PaymentStage => Voucher.Status switch
    {
        nameof(VoucherStatus.PaymentClaimed) => "Claimed",
        nameof(VoucherStatus.Settled) => "Settled",
        nameof(VoucherStatus.Paid) => "Paid",
        nameof(VoucherStatus.ClawedBack) => "ClawedBack",
        _ => "None",
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var found = await LoadAsync(ct);
        ClaimKey = FormOnce.NewKey();
        return found;
    }

    public async Task<IActionResult> OnPostDeliverAsync(CancellationToken ct)
    {
        try
        {
            await mediator.Send(new ReportDelivery(Id, request.BoundProviderId(), Note ?? ""), ct);
            return Redirect($"/provider/vouchers/{Id}?done=delivered");
        }
        catch (Exception e) when (PageProblem.From(e) is { Status: not 404 } problem)
        {
            return await Refused(problem, "deliver", ct);
        }
    }

    public async Task<IActionResult> OnPostClaimAsync(CancellationToken ct)
    {
        try
        {
            var invoice = EInvoiceNumber ?? "";
            await FormOnce.RunAsync(HttpContext, IdempotencyKey ?? "", "ClaimPayment", [Id, invoice],
                () => mediator.Send(new ClaimPayment(Id, request.BoundProviderId(), invoice), ct));
            return Redirect($"/provider/vouchers/{Id}?done=claimed");
        }
        catch (Exception e) when (PageProblem.From(e) is { Status: not 404 } problem)
        {
            return await Refused(problem, "claim", ct);
        }
    }

    private async Task<IActionResult> Refused(PageProblem problem, string at, CancellationToken ct)
    {
        Problem = problem;
        ProblemAt = at;
        problem.AddTo(ModelState);
        ClaimKey = FormOnce.KeyAfterRefusal(IdempotencyKey, problem);
        Done = null;
        return await LoadAsync(ct);
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        try
        {
            Details = await mediator.Send(new GetVoucher(Id), ct);
        }
        catch (Exception e) when (PageProblem.From(e) is { Status: 404 })
        {
            // answered here, in words and with the way back, rather than left to the status-code page
            Missing = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        return Page();
    }
}
