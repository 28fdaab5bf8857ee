using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vouchers.Application.Programs;
using Vouchers.Domain.Common;

namespace Vouchers.Api.Pages.Public;

/// <summary>One program as the public reads it: its terms, the caps by SME size, and the way to apply.</summary>
public sealed class ProgramModel(IMediator mediator) : PageModel
{
    public ProgramView Program { get; private set; } = null!;
    public string ProvinceName => Province.FromCode(Program.ProvinceCode).Name;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        try
        {
            Program = await mediator.Send(new GetProgram(id), ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        // a draft is not public: it answers as missing, as the API's public list never shows it
        return Program.Status == "Draft" ? NotFound() : Page();
    }
}
