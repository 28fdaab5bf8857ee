using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Vouchers.Api.Web;
using Vouchers.Application.Programs;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Common;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Api.Pages.Sme;

/// <summary>
/// One of the enterprise's applications or vouchers (<see cref="GetVoucher"/>; another enterprise's answers 404, as
/// <c>VoucherAccess</c> decides): its details, its history as a timeline, and the actions that are the SME's own and
/// that the lifecycle allows now, each a form post with a <see cref="FormOnce"/> key. After a post the page is loaded
/// again (post/redirect/get), with the outcome carried in TempData.
/// </summary>
public sealed class VoucherModel(IMediator mediator, IStringLocalizer<SmeText> text) : SmePageModel(mediator, text)
{
    private const string Outcome = "sme.outcome", Refusal = "sme.refusal";

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true, Name = "applied")] public bool Applied { get; set; }
    [BindProperty(Name = FormOnce.Field)] public string? IdempotencyKey { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public string? Purpose { get; set; }

    public VoucherDetails Details { get; private set; } = null!;
    public VoucherView Voucher => Details.Voucher;
    public ProgramView Program { get; private set; } = null!;
    public IReadOnlyList<VoucherTrigger> Actions { get; private set; } = [];

    /// <summary>What the last post did (a resource key), or the refusal it met (already in words).</summary>
    public string? Done { get; private set; }
    public string? Refused { get; private set; }

    /// <summary>One key per action form drawn (each form is its own request).</summary>
    public string KeyFor(VoucherTrigger trigger) => _keys.For(trigger);
    private readonly FormOnce.Keys<VoucherTrigger> _keys = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Details = await Mediator.Send(new GetVoucher(Id), ct);
        }
        catch (NotFoundException)
        {
            return NotFound(); // another enterprise's voucher is not there for this one
        }
        Program = await Mediator.Send(new GetProgram(Voucher.ProgramId), ct);
        Actions = SmeDisplay.SmeActions(Voucher.AllowedActions);
        Done = TempData[Outcome] as string;
        Refused = TempData[Refusal] as string;
        if (Done is null && Applied) Done = "Done.Applied";
        if (Voucher.Status == nameof(VoucherStatus.ReturnedForInfo))
        {
            Amount ??= Display.Number(Voucher.RequestedAmount);
            Purpose ??= Voucher.Purpose;
        }
        return Page();
    }

    public Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct)
    {
        var reason = Optional(nameof(Reason), Reason, Vouchers.Domain.Common.Text.LongMax);
        return RunAsync(VoucherTrigger.Withdraw, [reason], () => Mediator.Send(new WithdrawVoucher(Id, reason), ct), ct);
    }

    public Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        var note = Optional(nameof(Note), Note, Vouchers.Domain.Common.Text.LongMax);
        return RunAsync(VoucherTrigger.ConfirmDelivery, [note], () => Mediator.Send(new ConfirmDelivery(Id, note), ct), ct);
    }

    public Task<IActionResult> OnPostDisputeAsync(CancellationToken ct)
    {
        var reason = Required(nameof(Reason), Reason, Vouchers.Domain.Common.Text.LongMax);
        return RunAsync(VoucherTrigger.Dispute, [reason], () => Mediator.Send(new DisputeDelivery(Id, reason!), ct), ct);
    }

    public Task<IActionResult> OnPostResubmitAsync(CancellationToken ct)
    {
        var amount = Whole(nameof(Amount), Amount, 1, 1_000_000_000_000);
        var purpose = Required(nameof(Purpose), Purpose, Vouchers.Domain.Common.Text.LongMax);
        return RunAsync(VoucherTrigger.Resubmit, [amount, purpose], () => Mediator.Send(new ResubmitApplication(Id, amount!.Value, purpose!), ct), ct);
    }

    /// <summary>
    /// Runs one of the SME's actions once for the form's key, then shows the voucher again by a redirect. A field's
    /// reason (a missing dispute reason) is shown on the page as it was posted; a refusal of the command is carried over.
    /// </summary>
    private async Task<IActionResult> RunAsync(VoucherTrigger trigger, object?[] values, Func<Task<VoucherView>> command, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            // nothing ran: draw the page again with the reasons beside the fields (a query and a read only)
            var page = await OnGetAsync(ct);
            _keys.Keep(trigger, IdempotencyKey);
            return page;
        }
        try
        {
            await FormOnce.RunAsync(HttpContext, IdempotencyKey ?? "", "sme." + trigger, [Id, .. values], command);
            TempData[Outcome] = "Done." + trigger;
        }
        catch (Exception ex) when (PageProblem.From(ex) is { } problem)
        {
            if (problem.Status == StatusCodes.Status404NotFound) return NotFound();
            TempData[Refusal] = RefusalText(problem.Code, problem.Message);
        }
        return Redirect($"/sme/vouchers/{Id}");
    }
}
