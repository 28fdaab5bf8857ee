using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Programs;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Common;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Api.Pages.Sme;

/// <summary>The enterprise's applications and vouchers (<see cref="ListVouchers"/> with its own tax code), newest first, by status, a page at a time.</summary>
public sealed class VouchersModel(IMediator mediator, IStringLocalizer<SmeText> text) : SmePageModel(mediator, text)
{
    public const int PageSize = 10;

    [BindProperty(SupportsGet = true, Name = "status")] public string? StatusFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public Page<VoucherView> Result { get; private set; } = null!;
    public IReadOnlyDictionary<Guid, string> ProgramNames { get; private set; } = new Dictionary<Guid, string>();
    public int Pages => Math.Max(1, (int)Math.Ceiling(Result.Total / (double)PageSize));

    public async Task OnGetAsync(CancellationToken ct)
    {
        VoucherStatus? status = Enum.TryParse<VoucherStatus>(StatusFilter, out var s) && Enum.IsDefined(s) && !StatusFilter!.All(char.IsAsciiDigit) ? s : null;
        if (status is null) StatusFilter = null;
        PageNumber = Math.Clamp(PageNumber, 1, 10_000);
        Result = await Mediator.Send(new ListVouchers(Status: status, TaxCode: TaxCode, Page: PageNumber, PageSize: PageSize), ct);
        var names = new Dictionary<Guid, string>();
        foreach (var id in Result.Items.Select(v => v.ProgramId).Distinct())
            names[id] = (await Mediator.Send(new GetProgram(id), ct)).Name;
        ProgramNames = names;
    }

    /// <summary>This list with another page (the filter kept).</summary>
    public string Link(int page) => "/sme/vouchers?" + (StatusFilter is null ? "" : "status=" + Uri.EscapeDataString(StatusFilter) + "&") + "p=" + page;
}
