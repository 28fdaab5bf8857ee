using MediatR;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vouchers.Application.Programs;
using Vouchers.Domain.Common;
using Vouchers.Domain.Programs;

namespace Vouchers.Api.Pages;

/// <summary>The public home: what the vouchers are, how to apply, and the programs open now in each province.</summary>
public sealed class IndexModel(IMediator mediator, TimeProvider clock) : PageModel
{
    public sealed record ProvincePrograms(string Code, string Name, IReadOnlyList<ProgramView> Programs);

    public IReadOnlyList<ProvincePrograms> Provinces { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = VietnamTime.Today(clock.GetUtcNow());
        var open = new List<ProgramView>();
        for (var page = 1; page <= 10; page++) // at most 1,000 open programs on the home page; the province pages list the rest
        {
            var batch = await mediator.Send(new ListPrograms(Status: ProgramStatus.Open, Page: page, PageSize: 100), ct);
            open.AddRange(batch.Items.Where(p => p.ApplicationOpens <= today && today <= p.ApplicationCloses));
            if (page * 100 >= batch.Total) break;
        }
        Provinces = open.GroupBy(p => p.ProvinceCode).OrderBy(g => Province.FromCode(g.Key).Name, Web.Display.Collation)
            .Select(g => new ProvincePrograms(g.Key, Province.FromCode(g.Key).Name, g.OrderBy(p => p.Name, Web.Display.Collation).ToList())).ToList();
    }
}
