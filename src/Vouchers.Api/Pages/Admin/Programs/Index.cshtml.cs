using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Funds;
using Vouchers.Application.Programs;
using Vouchers.Domain.Programs;

namespace Vouchers.Api.Pages.Admin.Programs;

/// <summary>
/// The programs of the administrator's province (<see cref="ListPrograms"/>, as <c>GET /api/public/programs?province=…</c>,
/// drafts included), by code: a draft waits for finance to approve its envelope.
/// </summary>
public sealed class IndexModel(IMediator mediator, IStringLocalizer<AdminText> text) : AdminPageModel(mediator, text)
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public Page<ProgramView> Programs { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyDictionary<Guid, string> FundNames { get; private set; } = new Dictionary<Guid, string>();
    public int Pages => Math.Max(1, (Programs.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var status = Enum.TryParse<ProgramStatus>(Status, out var s) && Enum.IsDefined(s) && !Status!.All(char.IsAsciiDigit) ? s : (ProgramStatus?)null;
        if (status is null) Status = null;
        PageNumber = Math.Clamp(PageNumber, 1, 10_000);
        Programs = await Mediator.Send(new ListPrograms(ProvinceCode, status, Page: PageNumber, PageSize: PageSize), ct);
        FundNames = (await Mediator.Send(new ListFunds(ProvinceCode), ct)).ToDictionary(f => f.Id, f => f.Name);
    }

    public string PageLink(int page) => $"/admin/programs?p={page}" + (Status is null ? "" : "&status=" + Status);
}
