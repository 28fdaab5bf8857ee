using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vouchers.Api.Endpoints;
using Vouchers.Application.Qr;
using Vouchers.Domain.Common;
using Vouchers.Infrastructure.Qr;

namespace Vouchers.Api.Pages.Sme;

/// <summary>
/// The printable voucher card under the cookie sign-in: the same HTML as <c>GET /api/sme/vouchers/{id}/card</c>
/// (<see cref="VoucherCard.Render"/>), with the same headers. The card's CSS is inline, so its answer carries the card's
/// own Content-Security-Policy (<c>style-src 'unsafe-inline'</c>, nothing loaded, nothing run), which replaces the site's
/// (set before the page ran); every other page keeps the site's.
/// </summary>
public sealed class CardModel(IMediator mediator) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        VoucherQrView qr;
        try
        {
            qr = await mediator.Send(new GetVoucherQr(id), ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (Exception ex) when (Web.PageProblem.From(ex) is not null)
        {
            return Redirect($"/sme/vouchers/{id}/qr"); // no card in this state: the QR page says why
        }
        QrPictures.KeepPrivate(HttpContext);
        return Content(VoucherCard.Render(QrPictures.Card(qr)), "text/html; charset=utf-8");
    }
}
