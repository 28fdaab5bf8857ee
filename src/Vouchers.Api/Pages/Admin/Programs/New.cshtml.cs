using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Vouchers.Api.Web;
using Vouchers.Application.Funds;
using Vouchers.Application.Programs;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;

namespace Vouchers.Api.Pages.Admin.Programs;

/// <summary>
/// The rules form of a new program (<see cref="CreateProgram"/>, as <c>POST /api/admin/programs</c>): exactly the
/// command's fields, bound to a form of this page's own and mapped here; the command's validator and the domain judge
/// them, and their refusals are put beside the field. The program is a draft until finance approves its envelope.
/// </summary>
public sealed class NewModel(IMediator mediator, IStringLocalizer<AdminText> text, IStringLocalizer<SharedResource> shared, TimeProvider clock)
    : AdminPageModel(mediator, text)
{
    /// <summary>The sizes a program may support, in the form's order (a size with no caps is not supported).</summary>
    public static readonly SizeClass[] Sizes = [SizeClass.Micro, SizeClass.Small, SizeClass.Medium];

    /// <summary>What the form sends, as typed.</summary>
    public sealed class ProgramForm
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? FundId { get; set; }
        public string? FiscalYear { get; set; }
        public string? Envelope { get; set; }
        public List<string> ServiceKinds { get; set; } = [];
        public List<string> ProviderKinds { get; set; } = [];
        public List<string> Sectors { get; set; } = [];
        public string? SupportRate { get; set; }
        public string? MicroPerVoucher { get; set; }
        public string? MicroPerYear { get; set; }
        public string? SmallPerVoucher { get; set; }
        public string? SmallPerYear { get; set; }
        public string? MediumPerVoucher { get; set; }
        public string? MediumPerYear { get; set; }
        public string? ValidityDays { get; set; }
        public string? Opens { get; set; }
        public string? Closes { get; set; }
        public string? MinimumSupport { get; set; }
        public string? PriceMargin { get; set; }
        public bool Nationwide { get; set; }

        public (string? PerVoucher, string? PerYear) Cap(SizeClass size) => size switch
        {
            SizeClass.Micro => (MicroPerVoucher, MicroPerYear),
            SizeClass.Small => (SmallPerVoucher, SmallPerYear),
            _ => (MediumPerVoucher, MediumPerYear),
        };
    }

    /// <summary>The command's field names → the form's (the caps' are added per request: <c>caps[i]</c> is the i-th size given).</summary>
    private static readonly Dictionary<string, string> FieldNames = new()
    {
        ["code"] = "Form.Code", ["name"] = "Form.Name", ["fundId"] = "Form.FundId", ["fiscalYear"] = "Form.FiscalYear", ["envelope"] = "Form.Envelope",
        ["eligibleServiceKinds"] = "Form.ServiceKinds", ["eligibleProviderKinds"] = "Form.ProviderKinds", ["eligibleSectors"] = "Form.Sectors",
        ["supportRatePercent"] = "Form.SupportRate", ["supportRate"] = "Form.SupportRate", ["caps"] = "Form.Caps",
        ["voucherValidityDays"] = "Form.ValidityDays", ["applicationOpens"] = "Form.Opens", ["applicationCloses"] = "Form.Closes",
        ["minimumSupport"] = "Form.MinimumSupport", ["priceMarginPercent"] = "Form.PriceMargin",
    };

    private static readonly Dictionary<string, string> CodeFields = new() { ["program.code-taken"] = "Form.Code", ["not-found"] = "Form.FundId" };

    private static readonly Dictionary<string, string> Labels = new()
    {
        ["Form.Code"] = "Program.Code", ["Form.Name"] = "Program.Name", ["Form.FundId"] = "Program.Fund", ["Form.FiscalYear"] = "Program.FiscalYear",
        ["Form.Envelope"] = "Program.Envelope", ["Form.ServiceKinds"] = "Program.Services", ["Form.ProviderKinds"] = "Program.Providers",
        ["Form.Sectors"] = "Program.Sectors", ["Form.SupportRate"] = "Program.Rate", ["Form.Caps"] = "Program.CapsHeading",
        ["Form.ValidityDays"] = "Program.ValidityDays", ["Form.Opens"] = "Program.Opens", ["Form.Closes"] = "Program.Closes",
        ["Form.MinimumSupport"] = "Program.MinimumSupport", ["Form.PriceMargin"] = "Program.PriceMargin",
    };

    protected override string? LabelOf(string formField)
    {
        foreach (var size in Sizes)
        foreach (var perYear in new[] { false, true })
            if (formField == CapField(size, perYear))
                return Text[perYear ? "NewProgram.CapPerYear" : "NewProgram.CapPerVoucher", Display.Size(shared, size.ToString())].Value;
        return LabelFrom(Labels, formField);
    }

    [BindProperty] public ProgramForm Form { get; set; } = new();

    public IReadOnlyList<FundView> Funds { get; private set; } = [];
    public IReadOnlyList<int> Years { get; private set; } = [];

    public static string CapField(SizeClass size, bool perYear) => $"Form.{size}{(perYear ? "PerYear" : "PerVoucher")}";

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Form = new ProgramForm { FiscalYear = Years[0].ToString(CultureInfo.InvariantCulture) };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var code = Required("Form.Code", Form.Code, 40);
        var name = Required("Form.Name", Form.Name, Vouchers.Domain.Common.Text.NameMax);
        Guid? fund = Guid.TryParse(Form.FundId, out var f) && Funds.Any(x => x.Id == f) ? f : null;
        if (fund is null) ModelState.AddModelError("Form.FundId", Text["Error.Choose"]);
        var year = Whole("Form.FiscalYear", Form.FiscalYear, 0, 9999);
        var envelope = Whole("Form.Envelope", Form.Envelope, 0, 1_000_000_000_000_000);
        var services = Choices<ServiceKind>("Form.ServiceKinds", Form.ServiceKinds);
        var providers = Choices<ProviderKind>("Form.ProviderKinds", Form.ProviderKinds);
        var sectors = Choices<Sector>("Form.Sectors", Form.Sectors);
        var rate = Percent("Form.SupportRate", Form.SupportRate);
        var caps = new List<ProgramCapAmounts>();
        var fieldNames = new Dictionary<string, string>(FieldNames);
        foreach (var size in Sizes)
        {
            var (perVoucher, perYear) = Form.Cap(size);
            if (string.IsNullOrWhiteSpace(perVoucher) && string.IsNullOrWhiteSpace(perYear)) continue; // not supported
            var v = Whole(CapField(size, false), perVoucher, 0, 1_000_000_000_000_000);
            var y = Whole(CapField(size, true), perYear, 0, 1_000_000_000_000_000);
            if (v is null || y is null) continue;
            fieldNames[$"caps[{caps.Count}].perVoucher"] = CapField(size, false);
            fieldNames[$"caps[{caps.Count}].perSmePerYear"] = CapField(size, true);
            caps.Add(new ProgramCapAmounts(size, v.Value, y.Value));
        }
        var validity = Whole("Form.ValidityDays", Form.ValidityDays, 0, 100_000);
        var opens = Date("Form.Opens", Form.Opens);
        var closes = Date("Form.Closes", Form.Closes);
        var minimum = Whole("Form.MinimumSupport", Form.MinimumSupport, 0, 1_000_000_000_000_000, optional: true);
        var margin = Whole("Form.PriceMargin", Form.PriceMargin, 0, 1000, optional: true);
        if (!ModelState.IsValid) return Page();
        try
        {
            var program = await Mediator.Send(new CreateProgram(code!, fund!.Value, (int)year!.Value, name!, envelope!.Value, services, providers,
                sectors, rate!.Value, caps, (int)validity!.Value, opens!.Value, closes!.Value, minimum, margin is null ? null : (int)margin.Value,
                Form.Nationwide), ct);
            return Redirect($"/admin/programs/{program.Id}?created=true");
        }
        catch (Exception ex) when (Refuse(ex, fieldNames, CodeFields) is not null)
        {
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Funds = await Mediator.Send(new ListFunds(ProvinceCode), ct);
        var thisYear = VietnamTime.FiscalYear(clock.GetUtcNow());
        Years = [thisYear, thisYear + 1];
    }
}
