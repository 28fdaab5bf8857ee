using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Vouchers.Application.Funds;
using Vouchers.Domain.Common;

namespace Vouchers.Api.Pages.Admin;

/// <summary>
/// The funds of the administrator's province (<see cref="ListFunds"/>, as <c>GET /api/admin/funds</c>) and a new one
/// (<see cref="CreateFund"/>, as <c>POST /api/admin/funds</c>): one fund per province and kind. Registering a fund moves
/// no money; its budget is finance's decision.
/// </summary>
public sealed class FundsModel(IMediator mediator, IStringLocalizer<AdminText> text) : AdminPageModel(mediator, text)
{
    private static readonly Dictionary<string, string> FieldNames = new() { ["kind"] = "Kind", ["name"] = "Name", ["provinceCode"] = "Kind" };
    private static readonly Dictionary<string, string> CodeFields = new() { ["fund.already-exists"] = "Kind" };

    private static readonly Dictionary<string, string> Labels = new() { ["Kind"] = "Funds.Kind", ["Name"] = "Funds.Name" };

    protected override string? LabelOf(string formField) => LabelFrom(Labels, formField);

    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty(SupportsGet = true, Name = "created")] public Guid? Created { get; set; }

    public IReadOnlyList<FundView> Funds { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Funds = await Mediator.Send(new ListFunds(ProvinceCode), ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var kind = Choice<FundKind>(nameof(Kind), Kind);
        if (ModelState.IsValid)
        {
            try
            {
                var fund = await Mediator.Send(new CreateFund(ProvinceCode, kind!.Value, string.IsNullOrWhiteSpace(Name) ? null : Name.Trim()), ct);
                return Redirect($"/admin/funds?created={fund.Id}");
            }
            catch (Exception ex) when (Refuse(ex, FieldNames, CodeFields) is not null) { }
        }
        Created = null;
        Funds = await Mediator.Send(new ListFunds(ProvinceCode), ct);
        return Page();
    }
}
