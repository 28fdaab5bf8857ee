namespace Vouchers.Api.Pages.Admin;

/// <summary>One row of a provider's services as typed (a registration, a new price list): its kind, its name and its list price.</summary>
public sealed class ServiceRow
{
    public string? Kind { get; set; }
    public string? Name { get; set; }
    public string? Price { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Kind) && string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Price);

    /// <summary>The rows to draw: those given and blank ones up to <paramref name="blank"/> more.</summary>
    public static List<ServiceRow> WithBlanks(IEnumerable<ServiceRow> rows, int blank = 2) =>
        [.. rows.Where(r => !r.IsEmpty), .. Enumerable.Range(0, blank).Select(_ => new ServiceRow())];

    /// <summary>The rows as they were sent (their errors are keyed by their place), with a blank one to add to.</summary>
    public static List<ServiceRow> AsSent(IEnumerable<ServiceRow> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0 || !list[^1].IsEmpty) list.Add(new ServiceRow());
        return list;
    }
}
