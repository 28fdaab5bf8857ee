using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Vouchers.Api.Web;
using Vouchers.Application.Qr;
using Vouchers.Domain.Common;

namespace Vouchers.Api.Pages.Sme;

/// <summary>
/// The voucher to show at a provider (<see cref="GetVoucherQr"/>): the QR big enough to scan from a phone's screen, the
/// short code, the face value in figures and words, the last valid day. Never cached (the QR is the voucher).
/// </summary>
public sealed class QrModel(IMediator mediator, IStringLocalizer<SmeText> text) : SmePageModel(mediator, text)
{
    /// <summary>Pixels a module of the PNG: 8 makes a 520 px square for a token, drawn at the screen's width.</summary>
    public const int Scale = 8;

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public VoucherQrView? Qr { get; private set; }
    public string? Refused { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "private, no-store";
        try
        {
            Qr = await Mediator.Send(new GetVoucherQr(Id), ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (Exception ex) when (PageProblem.From(ex) is { } problem)
        {
            Refused = RefusalText(problem.Code, problem.Message); // no QR in this state (not issued, or already used)
        }
        return Page();
    }
}
