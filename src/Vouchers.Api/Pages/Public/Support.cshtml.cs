using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Transparency;
using Vouchers.Domain.Common;

namespace Vouchers.Api.Pages.Public;

/// <summary>Công khai: who received how much, the public list as a page (the same query as GET /api/public/support), filtered.</summary>
public sealed class SupportModel(IMediator mediator) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "province")] public string? Province { get; set; }
    [BindProperty(SupportsGet = true, Name = "fund")] public FundKind? Fund { get; set; }
    [BindProperty(SupportsGet = true, Name = "year")] public int? Year { get; set; }
    [BindProperty(SupportsGet = true, Name = "programId")] public Guid? ProgramId { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    public bool YearInvalid { get; private set; }
    public Page<PublicSupportRow> Result { get; private set; } = new([], 1, PageSize, 0);
    public int PageCount => Math.Max(1, (Result.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        // what the form could not have sent is dropped rather than refused: an unknown province or fund shows everything
        if (Province is not null && !Vouchers.Domain.Common.Province.TryFromCode(Province, out _)) Province = null;
        if (Fund is { } f && !Enum.IsDefined(f)) Fund = null;
        if (Year is < 2000 or > 2100) { YearInvalid = true; Year = null; }
        var page = Math.Clamp(PageNumber ?? 1, 1, 10_000);
        Result = await mediator.Send(new ListPublicSupport(ProgramId, page, PageSize, Province, Fund, Year), ct);
    }

    public string PageLink(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["province"] = Province, ["fund"] = Fund?.ToString(), ["year"] = Year?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["programId"] = ProgramId?.ToString(), ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(p => p.Value is not null)).ToUriComponent() is var q ? "/public/support" + q : "/public/support";
}
