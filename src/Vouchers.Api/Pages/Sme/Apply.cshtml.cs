using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Vouchers.Api.Web;
using Vouchers.Application.Enterprises;
using Vouchers.Application.Programs;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Common;

namespace Vouchers.Api.Pages.Sme;

/// <summary>
/// Applying for a voucher (<see cref="ApplyForVoucher"/>, as <c>POST /api/sme/applications</c>): first a program the
/// enterprise may apply to (<see cref="ListProgramsForEnterprise"/>, open today), then a service kind of that program,
/// the amount and the purpose, with the caps of the enterprise's size class and what is left of its yearly cap shown
/// before it submits (<see cref="GetApplicationAllowance"/>). The form carries a <see cref="FormOnce"/> key: a double
/// click makes one application.
/// </summary>
public sealed class ApplyModel(IMediator mediator, IStringLocalizer<SmeText> text, TimeProvider clock) : SmePageModel(mediator, text)
{
    private static readonly Dictionary<string, string> FieldNames = new()
    {
        ["serviceKind"] = "ServiceKind", ["requestedAmount"] = "Amount", ["amount"] = "Amount", ["purpose"] = "Purpose",
    };

    [BindProperty(SupportsGet = true)] public Guid? ProgramId { get; set; }
    [BindProperty] public string? ServiceKind { get; set; }
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public string? Purpose { get; set; }
    [BindProperty(Name = FormOnce.Field)] public string? IdempotencyKey { get; set; }

    /// <summary>False: the enterprise has no profile yet (it registers first).</summary>
    public bool Registered { get; private set; } = true;
    public EnterpriseView? Enterprise { get; private set; }
    public IReadOnlyList<ProgramView> Programs { get; private set; } = [];
    public ProgramView? Program { get; private set; }
    public ApplicationAllowance? Allowance { get; private set; }
    public string FormKey { get; private set; } = FormOnce.NewKey();

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (FormOnce.IsValidKey(IdempotencyKey)) FormKey = IdempotencyKey!; // the same form sent again keeps its key
        await LoadAsync(ct);
        if (!Registered) return Page();
        if (Program is null)
        {
            ModelState.AddModelError("", Text["Apply.ChooseProgramFirst"]);
            return Page();
        }
        var kind = Choice<ServiceKind>(nameof(ServiceKind), ServiceKind);
        if (kind is { } k && !Program.EligibleServiceKinds.Contains(k.ToString()))
        {
            ModelState.AddModelError(nameof(ServiceKind), Text["Error.Choose"]);
            kind = null;
        }
        var amount = Whole(nameof(Amount), Amount, 1, 1_000_000_000_000);
        var purpose = Required(nameof(Purpose), Purpose, Vouchers.Domain.Common.Text.LongMax);
        if (!ModelState.IsValid) return Page();
        try
        {
            var voucher = await FormOnce.RunAsync(HttpContext, FormKey, "sme.apply", [Program.Id, kind, amount, purpose],
                () => Mediator.Send(new ApplyForVoucher(TaxCode, Program.Id, kind!.Value, amount!.Value, purpose!), ct));
            return Redirect($"/sme/vouchers/{voucher.Id}?applied=true");
        }
        catch (Exception ex) when (Refuse(ex, FieldNames) is not null)
        {
            FormKey = FormOnce.NewKey(); // nothing was applied: a corrected form is a new one
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            Enterprise = await Mediator.Send(new GetEnterprise(TaxCode), ct);
        }
        catch (NotFoundException)
        {
            Registered = false;
            return;
        }
        var today = VietnamTime.Today(clock.GetUtcNow());
        var open = new List<ProgramView>();
        for (var page = 1; page <= 5; page++)
        {
            var batch = await Mediator.Send(new ListProgramsForEnterprise(TaxCode, page, 100), ct);
            open.AddRange(batch.Items.Where(p => p.ApplicationOpens <= today && today <= p.ApplicationCloses));
            if (page * 100 >= batch.Total) break;
        }
        Programs = open.OrderBy(p => p.Name, Display.Collation).ToArray();
        Program = Programs.FirstOrDefault(p => p.Id == ProgramId);
        if (Program is not null)
            Allowance = await Mediator.Send(new GetApplicationAllowance(TaxCode, Program.Id), ct);
    }
}
