namespace Vouchers.Api.Pages.Admin;

/// <summary>
/// One labelled input of an administrator's form (<c>_AdminField.cshtml</c>): the label bound to the input, its hint
/// and its error tied to it by <c>aria-describedby</c>, and <c>aria-invalid</c> while it has an error.
/// </summary>
public sealed record AdminField(string Id, string Name, string Label, string? Value, string? Error, string? Hint = null,
    string Type = "text", string? InputMode = null, bool Required = true, int? MaxLength = null, bool Multiline = false)
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
