using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vouchers.Api.Endpoints;
using Vouchers.Application.Qr;
using Vouchers.Domain.Common;
using Vouchers.Infrastructure.Qr;

namespace Vouchers.Api.Pages.Sme;

/// <summary>
/// The voucher's QR as a PNG for the QR page's <c>img</c> (the API's picture needs a bearer token; this one the cookie
/// sign-in): the same token and drawing (<see cref="QrImages.Png"/>), the same private, unsniffable answer.
/// </summary>
public sealed class QrPngModel(IMediator mediator) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        VoucherQrView qr;
        try
        {
            qr = await mediator.Send(new GetVoucherQr(id), ct);
        }
        catch (Exception ex) when (ex is NotFoundException || Web.PageProblem.From(ex) is not null)
        {
            return NotFound(); // none, or none in this state
        }
        QrPictures.KeepPrivate(HttpContext); // no-store, nosniff and a CSP that runs nothing, as the API's picture
        return File(QrImages.Png(qr.Token, QrModel.Scale), "image/png");
    }
}
