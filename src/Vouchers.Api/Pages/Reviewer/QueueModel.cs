using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Vouchers.Api.Web;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Programs;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Api.Pages.Reviewer;

/// <summary>
/// A reviewer's queue (<see cref="ListReviewQueue"/>, the same query as <c>GET /api/reviewer/queue</c>): filters in the
/// address (a GET form), longest waiting first unless asked otherwise, a page at a time. The province filter is offered
/// only to a national-scope caller: a provincial reviewer's queue is their province's whatever the address says (the
/// query's scope).
/// </summary>
public abstract class QueueModel(IMediator mediator, IStringLocalizer<ReviewerText> text) : ReviewerPageModel(mediator, text)
{
    public const int PageSize = 20;

    protected abstract ReviewDesk Desk { get; }

    /// <summary>This page's own address (for paging links).</summary>
    public abstract string Path { get; }

    [BindProperty(SupportsGet = true, Name = "status")] public string? StatusFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "program")] public Guid? ProgramFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "province")] public string? ProvinceFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "size")] public string? SizeFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "kind")] public string? KindFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "from")] public string? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "sort")] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public Page<ReviewQueueItem> Result { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyList<ProgramView> Programs { get; private set; } = [];
    public IReadOnlyList<VoucherStatus> Statuses => ListReviewQueue.Statuses[Desk];
    public IReadOnlyList<VoucherStatus> WaitingStatuses => ListReviewQueue.Waiting[Desk];
    public bool NationalScope { get; private set; }
    public bool NewestFirst => Sort == "newest";
    public int Pages => Math.Max(1, (int)Math.Ceiling(Result.Total / (double)PageSize));
    public string? Refused { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        NationalScope = HttpContext.RequestServices.GetRequiredService<IRequestContext>().Caller.NationalScope;
        var status = Parse<VoucherStatus>(StatusFilter);
        if (status is null) StatusFilter = null;
        var size = Parse<SizeClass>(SizeFilter);
        if (size is null) SizeFilter = null;
        var kind = Parse<ServiceKind>(KindFilter);
        if (kind is null) KindFilter = null;
        if (!NationalScope || !Province.TryFromCode(ProvinceFilter, out _)) ProvinceFilter = null;
        var from = Date(nameof(From), From);
        var to = Date(nameof(To), To);
        if (Sort != "newest") Sort = null;
        PageNumber = Math.Clamp(PageNumber, 1, 10_000);
        Programs = (await Mediator.Send(new ListPrograms(PageSize: Paging.MaxPageSize), ct)).Items;
        if (ErrorOf(nameof(From)) is not null || ErrorOf(nameof(To)) is not null) return;
        try
        {
            Result = await Mediator.Send(new ListReviewQueue(Desk, status, ProgramFilter, ProvinceFilter, size, kind, from, to, NewestFirst,
                PageNumber, PageSize), ct);
        }
        catch (Exception ex) when (PageProblem.From(ex) is { } problem)
        {
            Refused = RefusalText(problem.Code, problem.Message); // e.g. a date range that ends before it starts
        }
    }

    /// <summary>A date as the date input sends it (yyyy-MM-dd), or null; a reason beside the field when it is not one.</summary>
    private DateOnly? Date(string field, string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed)) return null;
        if (DateOnly.TryParseExact(typed.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        ModelState.AddModelError(field, Text["Error.Date"]);
        return null;
    }

    public string ProgramCode(Guid id) => Programs.FirstOrDefault(p => p.Id == id)?.Code ?? "";

    /// <summary>This list with another page, the filters kept (<c>p</c>: Razor Pages' own route value is <c>page</c>).</summary>
    public string Link(int page)
    {
        var q = new List<string>();
        void Add(string name, string? value) { if (!string.IsNullOrEmpty(value)) q.Add(name + "=" + Uri.EscapeDataString(value)); }
        Add("status", StatusFilter);
        Add("program", ProgramFilter?.ToString());
        Add("province", ProvinceFilter);
        Add("size", SizeFilter);
        Add("kind", KindFilter);
        Add("from", From);
        Add("to", To);
        Add("sort", Sort);
        q.Add("p=" + page.ToString(CultureInfo.InvariantCulture));
        return Path + "?" + string.Join("&", q);
    }
}
