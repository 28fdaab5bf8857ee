using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Vouchers.Application.Providers;
using Vouchers.Domain.Common;

namespace Vouchers.Api.Pages.Admin.Providers;

/// <summary>
/// Registering a provider (<see cref="RegisterProvider"/>, as <c>POST /api/admin/providers</c>) in the administrator's
/// province, by that province's accreditation, with the services it offers and their list prices.
/// </summary>
public sealed class NewModel(IMediator mediator, IStringLocalizer<AdminText> text) : AdminPageModel(mediator, text)
{
    /// <summary>What the form sends, as typed.</summary>
    public sealed class ProviderForm
    {
        public string? TaxCode { get; set; }
        public string? Name { get; set; }
        public string? Kind { get; set; }
        public string? AccreditationNumber { get; set; }
        public string? From { get; set; }
        public string? Until { get; set; }
        public List<ServiceRow> Services { get; set; } = [];
    }

    private static readonly Dictionary<string, string> FieldNames = new()
    {
        ["taxCode"] = "Form.TaxCode", ["name"] = "Form.Name", ["kind"] = "Form.Kind", ["accreditationNumber"] = "Form.AccreditationNumber",
        ["accreditedFrom"] = "Form.From", ["accreditedUntil"] = "Form.Until",
    };

    private static readonly Dictionary<string, string> CodeFields = new() { ["provider.already-registered"] = "Form.TaxCode" };

    private static readonly Dictionary<string, string> Labels = new()
    {
        ["Form.TaxCode"] = "Provider.TaxCode", ["Form.Name"] = "Provider.Name", ["Form.Kind"] = "Providers.Kind",
        ["Form.AccreditationNumber"] = "Accreditation.Number", ["Form.From"] = "Accreditation.From", ["Form.Until"] = "Accreditation.Until",
        ["Form.Services"] = "Services.Legend",
    };

    protected override string? LabelOf(string formField) => LabelFrom(Labels, formField) ?? ServiceLabel(formField);

    [BindProperty] public ProviderForm Form { get; set; } = new();

    public void OnGet() => Form.Services = ServiceRow.WithBlanks([], 3);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var fieldNames = new Dictionary<string, string>(FieldNames);
        var taxCode = Required("Form.TaxCode", Form.TaxCode, 20);
        var name = Required("Form.Name", Form.Name, Vouchers.Domain.Common.Text.NameMax);
        var kind = Choice<ProviderKind>("Form.Kind", Form.Kind);
        var number = Required("Form.AccreditationNumber", Form.AccreditationNumber, Vouchers.Domain.Common.Text.ReferenceMax);
        var from = Date("Form.From", Form.From);
        var until = Date("Form.Until", Form.Until);
        var services = Services("Form.Services", Form.Services, fieldNames);
        if (ModelState.IsValid)
        {
            try
            {
                var provider = await Mediator.Send(new RegisterProvider(taxCode!, name!, kind!.Value, ProvinceCode, number!, from!.Value, until!.Value, services), ct);
                return Redirect($"/admin/providers/{provider.Id}?done=registered");
            }
            catch (Exception ex) when (Refuse(ex, fieldNames, CodeFields) is not null) { }
        }
        Form.Services = ServiceRow.AsSent(Form.Services);
        return Page();
    }
}
