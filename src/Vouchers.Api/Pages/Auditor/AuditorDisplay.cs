using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Vouchers.Api.Web;
using Vouchers.Application.Trace;
using Vouchers.Domain.Common;

namespace Vouchers.Api.Pages.Auditor;

/// <summary>How the auditor's pages name what the queries return: kinds of transfers and problems, provinces, the pager's links.</summary>
public static class AuditorDisplay
{
    public static string Transfer(IStringLocalizer l, string kind) => Display.Label(l, "TransferKind", kind);

    public static string Province(string code) => Vouchers.Domain.Common.Province.TryFromCode(code, out var p) ? p.Name : code;

    /// <summary>A fund as a person reads it: its kind and province (the reconciliation names no fund by name).</summary>
    public static string Fund(IStringLocalizer t, string kind, string provinceCode) => Display.Fund(t, kind) + " — " + Province(provinceCode);

    /// <summary>An account of a transfer line: its code and name.</summary>
    public static string Account(AccountRef a) => a.Name is { Length: > 0 } and not "?" ? a.Name : a.Code;

    /// <summary>
    /// A parameter of the address that did not bind (an id or a year with a typo). Only the page's own parameters are
    /// asked about: Razor Pages' route value <c>page</c> (the page's name) also offers itself to a property bound as "page".
    /// </summary>
    public static bool Unreadable(ModelStateDictionary state, params string[] keys) =>
        keys.Any(k => state.TryGetValue(k, out var entry) && entry.Errors.Count > 0);

    /// <summary>The page count of a list of <paramref name="total"/> rows.</summary>
    public static int Pages(int total, int pageSize) => Math.Max(1, (int)Math.Ceiling(total / (double)pageSize));
}
