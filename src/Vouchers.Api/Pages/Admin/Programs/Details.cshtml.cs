using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Vouchers.Api.Web;
using Vouchers.Application.Funds;
using Vouchers.Application.Programs;

namespace Vouchers.Api.Pages.Admin.Programs;

/// <summary>
/// One program's terms as stored (<see cref="GetProgram"/>, as <c>GET /api/public/programs/{id}</c>; another province's
/// program is not found, as the province filter answers). The administrator amends nothing here: a program's envelope,
/// window, validity and closing are finance decisions (AmendProgram's commands), and a draft's terms have no command.
/// </summary>
public sealed class DetailsModel(IMediator mediator, IStringLocalizer<AdminText> text) : AdminPageModel(mediator, text)
{
    [BindProperty(SupportsGet = true, Name = "id")] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true, Name = "created")] public bool Created { get; set; }

    public ProgramView Program { get; private set; } = null!;
    public string? FundName { get; private set; }
    public bool Missing { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Program = await Mediator.Send(new GetProgram(Id), ct);
            FundName = (await Mediator.Send(new ListFunds(ProvinceCode), ct)).FirstOrDefault(f => f.Id == Program.FundId)?.Name;
        }
        catch (Exception e) when (PageProblem.From(e) is { Status: 404 })
        {
            Missing = true; // answered here, in words and with the way back
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
