namespace Vouchers.Api.Pages.Admin.Programs;

/// <summary>A set of checkboxes of the rules form (<c>_Choices.cshtml</c>): its options (value, label), what is chosen, its hint and error.</summary>
public sealed record ChoicesView(string Id, string Name, string Legend, IReadOnlyList<(string Value, string Label)> Options,
    IReadOnlyCollection<string> Chosen, string? Error, string? Hint = null)
{
    public string? DescribedBy
    {
        get
        {
            var joined = string.Join(' ', new[] { Hint is null ? null : Id + "-hint", Error is null ? null : Id + "-error" }.Where(x => x is not null));
            return joined.Length == 0 ? null : joined;
        }
    }
}
