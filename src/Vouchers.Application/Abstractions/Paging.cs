using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Vouchers.Application.Abstractions;

/// <summary>A list query: page numbers from 1, at most <see cref="Paging.MaxPageSize"/> rows a page.</summary>
public interface IPagedQuery
{
    int Page { get; }
    int PageSize { get; }
}

public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total);

public static class Paging
{
    public const int MaxPageSize = 100;

    /// <summary>The limits every list query has, so no client can ask for the whole table.</summary>
    public static void AddPagingRules<T>(this AbstractValidator<T> validator) where T : IPagedQuery
    {
        validator.RuleFor(q => q.Page).InclusiveBetween(1, 100_000);
        validator.RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize);
    }

    /// <summary>Counts the filtered rows, reads one page of the ordered query, maps it.</summary>
    public static async Task<Page<TView>> ToPageAsync<TRow, TView>(this IOrderedQueryable<TRow> ordered, IPagedQuery q,
        Func<TRow, TView> map, CancellationToken ct)
    {
        var total = await ordered.CountAsync(ct);
        var rows = await ordered.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToListAsync(ct);
        return new Page<TView>(rows.Select(map).ToArray(), q.Page, q.PageSize, total);
    }
}
