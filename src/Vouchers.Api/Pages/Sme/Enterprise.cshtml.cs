using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Vouchers.Api.Web;
using Vouchers.Application.Enterprises;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;

namespace Vouchers.Api.Pages.Sme;

/// <summary>
/// The enterprise's profile: registers it or records a new declaration (<see cref="RegisterEnterprise"/>, as
/// <c>PUT /api/sme/enterprise</c>). The tax code is the sign-in's; the size class is the domain's, shown with why. A
/// change that waits for a reviewer is shown as waiting.
/// </summary>
public sealed class EnterpriseModel(IMediator mediator, IStringLocalizer<SmeText> text, TimeProvider clock) : SmePageModel(mediator, text)
{
    /// <summary>What the form sends, as typed (numbers are read here, so their errors are the page's own words).</summary>
    public sealed class ProfileForm
    {
        public string? Name { get; set; }
        public string? ProvinceCode { get; set; }
        public string? CommuneWard { get; set; }
        public string? SectorGroup { get; set; }
        public string? Sector { get; set; }
        public string? Employees { get; set; }
        public string? Revenue { get; set; }
        public string? Capital { get; set; }
        public string? FiscalYear { get; set; }
    }

    /// <summary>The command's field names → the form's.</summary>
    private static readonly Dictionary<string, string> FieldNames = new()
    {
        ["name"] = "Form.Name", ["provinceCode"] = "Form.ProvinceCode", ["province"] = "Form.ProvinceCode", ["communeWard"] = "Form.CommuneWard",
        ["sectorGroup"] = "Form.SectorGroup", ["sector"] = "Form.Sector", ["averageInsuredEmployees"] = "Form.Employees",
        ["annualRevenue"] = "Form.Revenue", ["totalCapital"] = "Form.Capital", ["fiscalYear"] = "Form.FiscalYear",
    };

    [BindProperty] public ProfileForm Form { get; set; } = new();
    [BindProperty(SupportsGet = true, Name = "saved")] public bool Saved { get; set; }

    /// <summary>The profile as stored (null: not registered yet).</summary>
    public EnterpriseView? Current { get; private set; }
    public SizeExplanation? Size { get; private set; }
    public IReadOnlyList<int> Years { get; private set; } = [];

    public static IReadOnlyList<Province> Provinces { get; } = Province.Catalogue.OrderBy(p => p.Name, Display.Collation).ToArray();

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Current is { } e)
            Form = new ProfileForm
            {
                Name = e.Name, ProvinceCode = e.ProvinceCode, CommuneWard = e.CommuneWard, SectorGroup = e.SectorGroup, Sector = e.Sector,
                Employees = Display.Number(e.AverageInsuredEmployees), Revenue = Display.Number(e.AnnualRevenue), Capital = Display.Number(e.TotalCapital),
                FiscalYear = (e.FiscalYear ?? ThisYear).ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
        else Form = new ProfileForm { FiscalYear = ThisYear.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var name = Required("Form.Name", Form.Name, Vouchers.Domain.Common.Text.NameMax);
        var province = Province.TryFromCode(Form.ProvinceCode, out var p) ? p.Code : null;
        if (province is null) ModelState.AddModelError("Form.ProvinceCode", Text["Error.Choose"]);
        var commune = Required("Form.CommuneWard", Form.CommuneWard, 200);
        var group = Choice<SectorGroup>("Form.SectorGroup", Form.SectorGroup);
        var sector = Choice<Sector>("Form.Sector", Form.Sector);
        var employees = Whole("Form.Employees", Form.Employees, 0, 1_000_000);
        var revenue = Whole("Form.Revenue", Form.Revenue, 0, 100_000_000_000_000_000);
        var capital = Whole("Form.Capital", Form.Capital, 0, 100_000_000_000_000_000);
        var year = Whole("Form.FiscalYear", Form.FiscalYear, FiscalYears.First, FiscalYears.Last);
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }
        try
        {
            await Mediator.Send(new RegisterEnterprise(TaxCode, name!, province!, commune!, group!.Value, sector!.Value, (int)employees!.Value,
                revenue!.Value, capital!.Value, (int)year!.Value), ct);
        }
        catch (Exception ex) when (Refuse(ex, FieldNames) is not null)
        {
            await LoadAsync(ct);
            return Page();
        }
        return Redirect("/sme/enterprise?saved=true"); // a reload shows the profile, never posts it again
    }

    private int ThisYear => VietnamTime.FiscalYear(clock.GetUtcNow());

    private async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            Current = await Mediator.Send(new GetEnterprise(TaxCode), ct);
        }
        catch (NotFoundException)
        {
            Current = null; // a new enterprise: the form registers it
        }
        if (Current is { } e && Enum.TryParse<SectorGroup>(e.SectorGroup, out var g))
            Size = SizeExplanation.Of(g, e.AverageInsuredEmployees, e.AnnualRevenue, e.TotalCapital);
        Years = [ThisYear - 1, ThisYear, ThisYear + 1];
    }
}
