using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Providers;
using Vouchers.Domain.Common;

namespace Vouchers.Api.Pages.Admin.Providers;

/// <summary>
/// The providers (<see cref="ListProviders"/>, as <c>GET /api/public/providers</c>): by default those accredited in the
/// administrator's province (suspended ones too), or every registered provider (one of another province may be
/// accredited here), each with its accreditation per province and its kind.
/// </summary>
public sealed class IndexModel(IMediator mediator, IStringLocalizer<AdminText> text) : AdminPageModel(mediator, text)
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "scope")] public string? Scope { get; set; }
    [BindProperty(SupportsGet = true, Name = "kind")] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public bool All => Scope == "all";
    public Page<ProviderView> Providers { get; private set; } = new([], 1, PageSize, 0);
    public int Pages => Math.Max(1, (Providers.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var kind = Enum.TryParse<ProviderKind>(Kind, out var k) && Enum.IsDefined(k) && !Kind!.All(char.IsAsciiDigit) ? k : (ProviderKind?)null;
        if (kind is null) Kind = null;
        if (!All) Scope = null;
        PageNumber = Math.Clamp(PageNumber, 1, 10_000);
        Providers = await Mediator.Send(new ListProviders(All ? null : ProvinceCode, kind, PageNumber, PageSize), ct);
    }

    public string PageLink(int page) => $"/admin/providers?p={page}" + (All ? "&scope=all" : "") + (Kind is null ? "" : "&kind=" + Kind);
}
