using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vouchers.Api.Auth;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Vouchers;
using Vouchers.Infrastructure;

namespace Vouchers.Api.Pages.Provider.Redemptions;

/// <summary>The vouchers this provider redeemed (the API's <c>ListRedeemedVouchers</c>): filtered by status, a page at a time.</summary>
public sealed class IndexModel(IMediator mediator, RequestContext request) : PageModel
{
    public const int PageSize = 20;

    /// <summary>The statuses a redeemed voucher can be in, in lifecycle order: the filter's choices.</summary>
    public static readonly VoucherStatus[] Statuses =
    [
        VoucherStatus.Redeemed, VoucherStatus.Delivered, VoucherStatus.DeliveryConfirmed, VoucherStatus.InRework, VoucherStatus.Disputed,
        VoucherStatus.Accepted, VoucherStatus.PaymentClaimed, VoucherStatus.Settled, VoucherStatus.Paid, VoucherStatus.Cancelled, VoucherStatus.ClawedBack,
    ];

    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public Page<VoucherView> Vouchers { get; private set; } = null!;
    public VoucherStatus? Filter { get; private set; }
    public int Pages => Math.Max(1, (int)Math.Ceiling(Vouchers.Total / (double)PageSize));

    public async Task OnGetAsync(CancellationToken ct)
    {
        // a status by name only, one of the list's; anything else lists them all (a link, not an API: no 400 for a person)
        Filter = Enum.TryParse<VoucherStatus>(Status, ignoreCase: false, out var s) && Statuses.Contains(s) ? s : null;
        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        Vouchers = await mediator.Send(new ListVouchers(Status: Filter, ProviderId: request.BoundProviderId(), Page: PageNumber, PageSize: PageSize), ct);
    }

    public string PageLink(int page) => "/provider/vouchers?" + (Filter is { } f ? $"status={f}&" : "") + $"p={page}";
}
