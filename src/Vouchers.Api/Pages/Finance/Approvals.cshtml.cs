using MediatR;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Api.Pages.Finance;

/// <summary>
/// The approval queue (the API's <c>ListVouchersForFinance</c> by status): applications the reviewer recommended, and
/// approvals waiting for a second officer (four eyes), each with what its program's envelope has left and, before the
/// click, what this officer would meet (<see cref="GetFinanceOutlook"/>). The decision is on the voucher's page.
/// </summary>
public sealed class ApprovalsModel(IMediator mediator) : PageModel
{
    public const int PageSize = 20;

    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public Page<VoucherView> Recommended { get; private set; } = null!;
    public Page<VoucherView> Waiting { get; private set; } = null!;
    public IReadOnlyList<QueueRow> RecommendedRows { get; private set; } = [];
    public IReadOnlyList<QueueRow> WaitingRows { get; private set; } = [];
    public int Pages => Math.Max(1, (int)Math.Ceiling(Recommended.Total / (double)PageSize));

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        Waiting = await mediator.Send(new ListVouchers(Status: VoucherStatus.AwaitingSecondApproval, PageSize: Paging.MaxPageSize), ct);
        Recommended = await mediator.Send(new ListVouchers(Status: VoucherStatus.Recommended, Page: PageNumber, PageSize: PageSize), ct);
        WaitingRows = await FinanceQueue.RowsAsync(mediator, Waiting.Items, ct);
        RecommendedRows = await FinanceQueue.RowsAsync(mediator, Recommended.Items, ct);
    }
}
