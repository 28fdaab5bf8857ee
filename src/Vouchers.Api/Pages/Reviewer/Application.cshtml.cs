using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Vouchers.Api.Web;
using Vouchers.Application.Programs;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Common;
using Vouchers.Domain.Vouchers;
using DomainText = Vouchers.Domain.Common.Text;

namespace Vouchers.Api.Pages.Reviewer;

/// <summary>
/// One application or voucher as the reviewer weighs it: the voucher and its history (<see cref="GetVoucher"/>: another
/// province's answers 404), the enterprise's size class and why, the program's checks with their outcome, the caps and
/// what the enterprise holds, segregation of duties for the caller (<see cref="GetApplicationReview"/>), the
/// enterprise's other applications this year, and the reviewer's actions the voucher allows now (its
/// <c>allowedActions</c>), each a form post with a <see cref="FormOnce"/> key, then post/redirect/get.
/// </summary>
public sealed class ApplicationModel(IMediator mediator, IStringLocalizer<ReviewerText> text) : ReviewerPageModel(mediator, text)
{
    private const string Outcome = "reviewer.outcome", Refusal = "reviewer.refusal", RefusedField = "reviewer.refused-field", Typed = "reviewer.typed";

    /// <summary>The reviewer's own steps, in the order the page offers them.</summary>
    public static readonly VoucherTrigger[] ReviewerSteps =
        [VoucherTrigger.Recommend, VoucherTrigger.ReturnForInfo, VoucherTrigger.Reject, VoucherTrigger.Accept, VoucherTrigger.RequestRework, VoucherTrigger.Dispute];

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(Name = FormOnce.Field)] public string? IdempotencyKey { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? ReturnReason { get; set; }
    [BindProperty] public string? RejectReason { get; set; }
    [BindProperty] public string? ReworkReason { get; set; }
    [BindProperty] public string? DisputeReason { get; set; }
    [BindProperty] public string? DecisionNumber { get; set; }
    [BindProperty] public string? AcceptedAmount { get; set; }

    public VoucherDetails Details { get; private set; } = null!;
    public VoucherView Voucher => Details.Voucher;
    public ApplicationReview Review { get; private set; } = null!;
    public ProgramView Program { get; private set; } = null!;
    public SizeExplanation? Size { get; private set; }
    public IReadOnlyList<VoucherView> Others { get; private set; } = [];

    /// <summary>The reviewer's steps the voucher allows this caller now.</summary>
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
            return NotFound(); // another province's voucher is not there for this reviewer
        }
        Review = await Mediator.Send(new GetApplicationReview(Id), ct);
        Program = await Mediator.Send(new GetProgram(Voucher.ProgramId), ct);
        if (Details.Eligibility is { } e)
            Size = SizeExplanation.Of(e.SectorGroup, e.AverageInsuredEmployees, e.AnnualRevenue, e.TotalCapital);
        var mine = await Mediator.Send(new ListVouchers(TaxCode: Voucher.EnterpriseTaxCode, PageSize: Vouchers.Application.Abstractions.Paging.MaxPageSize), ct);
        Others = mine.Items.Where(v => v.Id != Id && v.FiscalYear == Voucher.FiscalYear).ToArray();
        Actions = ReviewerSteps.Where(t => Voucher.AllowedActions.Contains(t.ToString())).ToArray();
        Done = TempData[Outcome] as string;
        Refused = TempData[Refusal] as string;
        if (TempData[RefusedField] is string refused && refused.Split('\n', 2) is [var field, var reason])
            ModelState.AddModelError(field, reason);
        if (TempData[Typed] is string typed && System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string?>>(typed) is { } was)
        {
            Note = was.GetValueOrDefault(nameof(Note)); ReturnReason = was.GetValueOrDefault(nameof(ReturnReason));
            RejectReason = was.GetValueOrDefault(nameof(RejectReason)); ReworkReason = was.GetValueOrDefault(nameof(ReworkReason));
            DisputeReason = was.GetValueOrDefault(nameof(DisputeReason)); DecisionNumber = was.GetValueOrDefault(nameof(DecisionNumber));
            AcceptedAmount = was.GetValueOrDefault(nameof(AcceptedAmount));
        }
        return Page();
    }

    public Task<IActionResult> OnPostRecommendAsync(CancellationToken ct)
    {
        var note = Optional(nameof(Note), Note, DomainText.LongMax);
        return RunAsync(VoucherTrigger.Recommend, [note], () => Mediator.Send(new RecommendApplication(Id, note), ct), ct);
    }

    public Task<IActionResult> OnPostReturnAsync(CancellationToken ct)
    {
        var reason = Required(nameof(ReturnReason), ReturnReason, DomainText.LongMax);
        return RunAsync(VoucherTrigger.ReturnForInfo, [reason], () => Mediator.Send(new ReturnApplication(Id, reason!), ct), ct, nameof(ReturnReason));
    }

    public Task<IActionResult> OnPostRejectAsync(CancellationToken ct)
    {
        var reason = Required(nameof(RejectReason), RejectReason, DomainText.LongMax);
        return RunAsync(VoucherTrigger.Reject, [reason], () => Mediator.Send(new RejectApplication(Id, reason!), ct), ct, nameof(RejectReason));
    }

    public Task<IActionResult> OnPostAcceptAsync(CancellationToken ct)
    {
        var number = Required(nameof(DecisionNumber), DecisionNumber, DomainText.ReferenceMax);
        var amount = OptionalWhole(nameof(AcceptedAmount), AcceptedAmount, Vouchers.Domain.Vouchers.Voucher.MaxContractValue.Dong, out _);
        return RunAsync(VoucherTrigger.Accept, [number, amount], () => Mediator.Send(new AcceptDelivery(Id, number!, amount), ct), ct, null);
    }

    public Task<IActionResult> OnPostReworkAsync(CancellationToken ct)
    {
        var reason = Required(nameof(ReworkReason), ReworkReason, DomainText.LongMax);
        return RunAsync(VoucherTrigger.RequestRework, [reason], () => Mediator.Send(new RequestRework(Id, reason!), ct), ct, nameof(ReworkReason));
    }

    public Task<IActionResult> OnPostDisputeAsync(CancellationToken ct)
    {
        var reason = Required(nameof(DisputeReason), DisputeReason, DomainText.LongMax);
        return RunAsync(VoucherTrigger.Dispute, [reason], () => Mediator.Send(new DisputeDelivery(Id, reason!), ct), ct, nameof(DisputeReason));
    }

    /// <summary>
    /// Runs one of the reviewer's actions once for the form's key, then shows the voucher again by a redirect. A field's
    /// reason (a missing reason, a decision number, an amount that is no number) is shown as the form was posted, nothing
    /// having run; a refusal of the command is carried over the redirect, beside the field it names (an accepted amount
    /// above the support) and with the form as it was typed.
    /// </summary>
    private async Task<IActionResult> RunAsync(VoucherTrigger trigger, object?[] values, Func<Task<VoucherView>> command, CancellationToken ct,
        string? reasonField = nameof(Note))
    {
        if (!ModelState.IsValid) return await Redraw(trigger, ct);
        try
        {
            await FormOnce.RunAsync(HttpContext, IdempotencyKey ?? "", "reviewer." + trigger, [Id, .. values], command);
        }
        catch (Exception ex) when (PageProblem.From(ex) is { } problem)
        {
            if (problem.Status == StatusCodes.Status404NotFound) return NotFound();
            // refused, nothing changed: the page again by a redirect (this request's unit of work is spent), the reason at
            // the top and beside the field it concerns, the form as it was typed
            var fields = new Dictionary<string, string> { ["decisionNumber"] = nameof(DecisionNumber), ["acceptedAmount"] = nameof(AcceptedAmount) };
            if (reasonField is not null) { fields["reason"] = reasonField; fields["note"] = reasonField; }
            var field = problem.Code == AcceptanceWithinSupportCode ? nameof(AcceptedAmount)
                : problem.Fields.Keys.Select(f => fields.GetValueOrDefault(f)).FirstOrDefault(f => f is not null);
            var text = RefusalText(problem.Code, problem.Message);
            TempData[Refusal] = text;
            if (field is not null) TempData[RefusedField] = field + "\n" + (problem.Fields.Count > 0 && problem.Code != AcceptanceWithinSupportCode ? problem.Fields.First().Value.FirstOrDefault() ?? text : text);
            TempData[Typed] = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string?>
            {
                [nameof(Note)] = Note, [nameof(ReturnReason)] = ReturnReason, [nameof(RejectReason)] = RejectReason, [nameof(ReworkReason)] = ReworkReason,
                [nameof(DisputeReason)] = DisputeReason, [nameof(DecisionNumber)] = DecisionNumber, [nameof(AcceptedAmount)] = AcceptedAmount,
            });
            return Redirect($"/reviewer/applications/{Id}");
        }
        TempData[Outcome] = "Done." + trigger;
        return Redirect($"/reviewer/applications/{Id}");
    }

    private const string AcceptanceWithinSupportCode = Vouchers.Domain.Vouchers.Rules.AcceptanceWithinSupport.Code;

    /// <summary>Nothing ran: the page again, with the reasons beside the fields and the same form key (a query and reads only).</summary>
    private async Task<IActionResult> Redraw(VoucherTrigger trigger, CancellationToken ct)
    {
        var page = await OnGetAsync(ct);
        _keys.Keep(trigger, IdempotencyKey);
        return page;
    }
}
