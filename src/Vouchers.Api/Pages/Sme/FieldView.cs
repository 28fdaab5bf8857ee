namespace Vouchers.Api.Pages.Sme;

/// <summary>
/// One labelled input of an SME form (<c>_Field.cshtml</c>): the label bound to the input, its hint and its error tied
/// to it by <c>aria-describedby</c>, and <c>aria-invalid</c> while it has an error.
/// </summary>
public sealed record FieldView(string Id, string Name, string Label, string? Value, string? Error, string? Hint = null,
    string? InputMode = null, string? Autocomplete = null, bool Required = true, int? MaxLength = null, bool Multiline = false)
{
    public string? DescribedBy
    {
        get
        {
            var ids = new[] { Hint is null ? null : Id + "-hint", Error is null ? null : Id + "-error" }.Where(x => x is not null);
            var joined = string.Join(' ', ids);
            return joined.Length == 0 ? null : joined;
        }
    }
}
