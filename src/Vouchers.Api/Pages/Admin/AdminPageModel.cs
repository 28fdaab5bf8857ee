using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Vouchers.Api.Web;
using Vouchers.Domain.Common;
using Vouchers.Infrastructure;

namespace Vouchers.Api.Pages.Admin;

/// <summary>
/// What the administrator's pages share: the same MediatR commands and queries as <c>/api/admin</c> (the province, the
/// rules and the audit line are theirs), a form read as typed (numbers and dates here, so their errors are the page's
/// own words) and refusals shown beside the field they concern (<see cref="PageProblem"/>: the API's codes). No page
/// of this folder moves money.
/// </summary>
public abstract class AdminPageModel(IMediator mediator, IStringLocalizer<AdminText> text) : RolePageModel<AdminText>(mediator, text)
{

    /// <summary>The administrator's province (the <c>admin</c> policy admitted only staff bound to one).</summary>
    public string ProvinceCode => HttpContext.RequestServices.GetRequiredService<RequestContext>().Caller.ProvinceCode ?? "";

    public string ProvinceName => Province.TryFromCode(ProvinceCode, out var p) ? p.Name : ProvinceCode;

    public static string NameOf(string provinceCode) => Province.TryFromCode(provinceCode, out var p) ? p.Name : provinceCode;

    /// <summary>
    /// A command's refusal as the page shows it: the whole reason at the top, each field's reason under the form's name
    /// for that field (<paramref name="fieldNames"/>: the command's field → the form's; a field named <c>caps[0].perVoucher</c>
    /// is looked up as written), and a refusal that names no field (a business rule: <c>fund.already-exists</c>) put
    /// beside the field <paramref name="codeFields"/> gives for its code. Null for an exception that is no refusal.
    /// </summary>
    protected PageProblem? Refuse(Exception exception, IReadOnlyDictionary<string, string> fieldNames,
        IReadOnlyDictionary<string, string>? codeFields = null)
    {
        var problem = PageProblem.From(exception);
        if (problem is null) return null;
        foreach (var (field, reasons) in problem.Fields)
        {
            var name = fieldNames.TryGetValue(field, out var n) ? n : null;
            var label = name is null ? null : LabelOf(name);
            foreach (var reason in reasons)
            {
                // the reason names the command's field ('supportRatePercent'): a person reads the form's label
                var said = reason.Replace($"'{field}'", label ?? Text["Error.ThisField"].Value, StringComparison.Ordinal);
                if (name is not null) ModelState.AddModelError(name, said);
                if (label is not null) ModelState.AddModelError("", said);      // the summary at the top names it by its label
                else if (name is null) ModelState.AddModelError("", reason);   // a field the form does not have: only the top says it
            }
        }
        if (problem.Fields.Count == 0)
        {
            if (codeFields is not null && codeFields.TryGetValue(problem.Code, out var at)) ModelState.AddModelError(at, problem.Message);
            ModelState.AddModelError("", problem.Message);
        }
        return problem;
    }

    /// <summary>The label of one of this page's form fields, or null (a refusal's reason names the field by its label).</summary>
    protected virtual string? LabelOf(string formField) => null;

    /// <summary>The label of a services row's field (<c>Prices[1].Price</c> → "List price 2").</summary>
    protected string? ServiceLabel(string formField)
    {
        var m = System.Text.RegularExpressions.Regex.Match(formField, @"\[(\d+)\]\.(Kind|Name|Price)$");
        return m.Success ? Text["Services." + m.Groups[2].Value, int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1].Value : null;
    }

    /// <summary>The label by a table of form fields → resource keys.</summary>
    protected string? LabelFrom(IReadOnlyDictionary<string, string> labels, string formField) =>
        labels.TryGetValue(formField, out var key) ? Text[key].Value : null;

    /// <summary>A whole number as typed ("2.500.000"); null with a reason when missing, not a whole number, or outside min..max.</summary>
    protected long? Whole(string field, string? typed, long min, long max, bool optional = false)
    {
        if (Display.ParseWhole(typed, out var empty) is not { } n)
        {
            if (!(empty && optional)) ModelState.AddModelError(field, empty ? Text["Error.Required"] : Text["Error.WholeNumber"]);
            return null;
        }
        if (n < min || n > max)
        {
            ModelState.AddModelError(field, Text["Error.Range", Display.Number(min), Display.Number(max)]);
            return null;
        }
        return n;
    }

    /// <summary>A percentage as typed ("50", "37,5" or "37.5"); its range is the command's to judge.</summary>
    protected decimal? Percent(string field, string? typed)
    {
        var t = (typed ?? "").Trim().TrimEnd('%').Trim().Replace(',', '.');
        if (t.Length == 0) { ModelState.AddModelError(field, Text["Error.Required"]); return null; }
        if (t.Length <= 12 && decimal.TryParse(t, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d))
            return d;
        ModelState.AddModelError(field, Text["Error.Percent"]);
        return null;
    }

    /// <summary>A date from a date input (yyyy-MM-dd) or typed as dd/MM/yyyy; null with a reason.</summary>
    protected DateOnly? Date(string field, string? typed)
    {
        var t = (typed ?? "").Trim();
        if (t.Length == 0) { ModelState.AddModelError(field, Text["Error.Required"]); return null; }
        if (DateOnly.TryParseExact(t, ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        ModelState.AddModelError(field, Text["Error.Date"]);
        return null;
    }

    /// <summary>A required text of at most <paramref name="max"/> characters; null with a reason when missing or too long.</summary>
    protected string? Required(string field, string? typed, int max)
    {
        var t = typed?.Trim();
        if (string.IsNullOrEmpty(t)) { ModelState.AddModelError(field, Text["Error.Required"]); return null; }
        if (t.Length > max) { ModelState.AddModelError(field, Text["Error.TooLong", max]); return null; }
        return t;
    }

    /// <summary>An enum member by name (never by number), or null with a reason.</summary>
    protected TEnum? Choice<TEnum>(string field, string? typed) where TEnum : struct, Enum
    {
        if (Parse<TEnum>(typed) is { } value) return value;
        ModelState.AddModelError(field, Text["Error.Choose"]);
        return null;
    }

    /// <summary>The members of a set of checkboxes, by name; an unknown one is a reason beside the field.</summary>
    protected IReadOnlyList<TEnum> Choices<TEnum>(string field, IEnumerable<string>? typed) where TEnum : struct, Enum
    {
        var chosen = new List<TEnum>();
        foreach (var t in typed ?? [])
        {
            if (Parse<TEnum>(t) is { } value) { if (!chosen.Contains(value)) chosen.Add(value); }
            else ModelState.AddModelError(field, Text["Error.Choose"]);
        }
        return chosen;
    }

    /// <summary>
    /// The services of a form (blank rows left out), each read as typed; <paramref name="fieldNames"/> learns where the
    /// command's <c>services[i].…</c> is on the form (the i-th row given), and <c>services</c> is the whole list's field.
    /// </summary>
    protected IReadOnlyList<Vouchers.Application.Providers.ProviderServiceOffer> Services(string prefix, IReadOnlyList<ServiceRow> rows,
        Dictionary<string, string> fieldNames)
    {
        fieldNames["services"] = prefix;
        var offers = new List<Vouchers.Application.Providers.ProviderServiceOffer>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].IsEmpty) continue;
            var at = $"{prefix}[{i}]";
            var kind = Choice<ServiceKind>(at + ".Kind", rows[i].Kind);
            var name = Required(at + ".Name", rows[i].Name, Vouchers.Domain.Common.Text.NameMax);
            var price = Whole(at + ".Price", rows[i].Price, 0, 1_000_000_000_000_000);
            if (kind is null || name is null || price is null) continue;
            fieldNames[$"services[{offers.Count}].kind"] = at + ".Kind";
            fieldNames[$"services[{offers.Count}].name"] = at + ".Name";
            fieldNames[$"services[{offers.Count}].listPrice"] = at + ".Price";
            offers.Add(new(kind.Value, name, price.Value));
        }
        return offers;
    }

    private static TEnum? Parse<TEnum>(string? typed) where TEnum : struct, Enum =>
        !string.IsNullOrEmpty(typed) && !typed.All(char.IsAsciiDigit) && Enum.TryParse<TEnum>(typed, ignoreCase: false, out var value) && Enum.IsDefined(value)
            ? value : null;
}
