using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Vouchers.Api.Web;
using Vouchers.Application.Providers;

namespace Vouchers.Api.Pages.Admin.Providers;

/// <summary>
/// One provider (<see cref="GetProvider"/>, as <c>GET /api/admin/providers/{id}</c>): its accreditation in each province
/// and, for the administrator's own province, the decisions the API takes — accredit (<see cref="AccreditProvider"/>),
/// renew (<see cref="RenewAccreditation"/>), suspend (<see cref="SuspendAccreditation"/>), reinstate
/// (<see cref="ReinstateAccreditation"/>) — and, in its home province, a new price list (<see cref="UpdateProviderServices"/>).
/// The province of every decision is the administrator's own, never a form value; the commands refuse the rest.
/// </summary>
public sealed class DetailsModel(IMediator mediator, IStringLocalizer<AdminText> text) : AdminPageModel(mediator, text)
{
    /// <summary>A decision on an accreditation as typed (each form draws the fields its command takes).</summary>
    public sealed class DecisionForm
    {
        public string? Number { get; set; }
        public string? From { get; set; }
        public string? Until { get; set; }
        public string? Reason { get; set; }
        public string? DecisionNumber { get; set; }
        public string? DecisionDate { get; set; }
    }

    private static Dictionary<string, string> FieldsOf(string form) => new()
    {
        ["accreditationNumber"] = form + ".Number", ["accreditedFrom"] = form + ".From", ["accreditedUntil"] = form + ".Until",
        ["reason"] = form + ".Reason", ["decisionNumber"] = form + ".DecisionNumber", ["decisionDate"] = form + ".DecisionDate",
    };

    private static readonly Dictionary<string, string> Labels = new()
    {
        ["Number"] = "Accreditation.Number", ["From"] = "Accreditation.From", ["Until"] = "Accreditation.Until", ["Reason"] = "Accreditation.Reason",
        ["DecisionNumber"] = "Accreditation.DecisionNumber", ["DecisionDate"] = "Accreditation.DecisionDate",
    };

    protected override string? LabelOf(string formField) =>
        formField == "Prices" ? Text["Services.Legend"].Value : LabelFrom(Labels, formField[(formField.IndexOf('.') + 1)..]) ?? ServiceLabel(formField);

    [BindProperty(SupportsGet = true, Name = "id")] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true, Name = "done")] public string? Done { get; set; }
    [BindProperty] public DecisionForm Accredit { get; set; } = new();
    [BindProperty] public DecisionForm Renew { get; set; } = new();
    [BindProperty] public DecisionForm Suspend { get; set; } = new();
    [BindProperty] public DecisionForm Reinstate { get; set; } = new();
    [BindProperty] public List<ServiceRow> Prices { get; set; } = [];

    public ProviderView Provider { get; private set; } = null!;
    public bool Missing { get; private set; }

    /// <summary>Which form a refusal concerns (its alert is drawn beside it).</summary>
    public string? ProblemAt { get; private set; }

    /// <summary>The provider's accreditation in the administrator's province, or null.</summary>
    public AccreditationView? Mine => Provider.Accreditations.FirstOrDefault(a => a.ProvinceCode == ProvinceCode);

    /// <summary>The price list is kept by the provider's home province.</summary>
    public bool KeepsPrices => Provider.ProvinceCode == ProvinceCode;

    /// <summary>Whether the page draws a decision's form: only what the accreditation's state allows (the command decides the rest).</summary>
    public bool Offers(string form) => form switch
    {
        "Accredit" => Mine is null,
        "Suspend" => Mine?.Status == "Active",
        "Reinstate" => Mine?.Status == "Suspended",
        "Renew" => Mine is not null,
        "Prices" => KeepsPrices,
        _ => false,
    };

    /// <summary>A refusal of a form the page does not draw (a stale or forged post) is shown at the top.</summary>
    public bool RefusalAtTop => HasErrors && (ProblemAt is null || !Offers(ProblemAt));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!Missing) Prices = ServiceRow.WithBlanks(Provider.Services.Select(s => new ServiceRow { Kind = s.Kind.ToString(), Name = s.Name, Price = Display.Number(s.ListPrice) }), 1);
        return Page();
    }

    public Task<IActionResult> OnPostAccreditAsync(CancellationToken ct)
    {
        var (number, from, until, decision, date) = (Required("Accredit.Number", Accredit.Number, 100), Date("Accredit.From", Accredit.From),
            Date("Accredit.Until", Accredit.Until), Required("Accredit.DecisionNumber", Accredit.DecisionNumber, 100), Date("Accredit.DecisionDate", Accredit.DecisionDate));
        return DecideAsync("Accredit", "accredited", () => new AccreditProvider(Id, ProvinceCode, number!, from!.Value, until!.Value, decision!, date!.Value), ct);
    }

    public Task<IActionResult> OnPostRenewAsync(CancellationToken ct)
    {
        var (number, from, until, decision, date) = (Required("Renew.Number", Renew.Number, 100), Date("Renew.From", Renew.From),
            Date("Renew.Until", Renew.Until), Required("Renew.DecisionNumber", Renew.DecisionNumber, 100), Date("Renew.DecisionDate", Renew.DecisionDate));
        return DecideAsync("Renew", "renewed", () => new RenewAccreditation(Id, ProvinceCode, number!, from!.Value, until!.Value, decision!, date!.Value), ct);
    }

    public Task<IActionResult> OnPostSuspendAsync(CancellationToken ct)
    {
        var (reason, decision, date) = (Required("Suspend.Reason", Suspend.Reason, Vouchers.Domain.Common.Text.LongMax),
            Required("Suspend.DecisionNumber", Suspend.DecisionNumber, 100), Date("Suspend.DecisionDate", Suspend.DecisionDate));
        return DecideAsync("Suspend", "suspended", () => new SuspendAccreditation(Id, ProvinceCode, reason!, decision!, date!.Value), ct);
    }

    public Task<IActionResult> OnPostReinstateAsync(CancellationToken ct)
    {
        var (reason, decision, date) = (Required("Reinstate.Reason", Reinstate.Reason, Vouchers.Domain.Common.Text.LongMax),
            Required("Reinstate.DecisionNumber", Reinstate.DecisionNumber, 100), Date("Reinstate.DecisionDate", Reinstate.DecisionDate));
        return DecideAsync("Reinstate", "reinstated", () => new ReinstateAccreditation(Id, ProvinceCode, reason!, decision!, date!.Value), ct);
    }

    public async Task<IActionResult> OnPostPricesAsync(CancellationToken ct)
    {
        var fieldNames = new Dictionary<string, string>();
        var services = Services("Prices", Prices, fieldNames);
        var result = await DecideAsync("Prices", "prices", () => new UpdateProviderServices(Id, services), ct, fieldNames);
        Prices = ServiceRow.AsSent(Prices);
        return result;
    }

    /// <summary>Sends the form's command when what was typed reads; PRG on success, the form again with the refusal beside its fields otherwise.</summary>
    private async Task<IActionResult> DecideAsync(string form, string done, Func<IRequest<ProviderView>> command, CancellationToken ct,
        Dictionary<string, string>? fieldNames = null)
    {
        if (ModelState.IsValid)
        {
            try
            {
                await Mediator.Send(command(), ct);
                return Redirect($"/admin/providers/{Id}?done={done}");
            }
            catch (Exception ex) when (Refuse(ex, fieldNames ?? FieldsOf(form)) is not null) { } // a provider that is not there is answered as missing
        }
        ProblemAt = form;
        Done = null;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            Provider = await Mediator.Send(new GetProvider(Id), ct);
        }
        catch (Exception e) when (PageProblem.From(e) is { Status: 404 })
        {
            Missing = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
