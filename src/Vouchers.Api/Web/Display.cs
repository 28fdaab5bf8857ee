using System.Globalization;
using Microsoft.Extensions.Localization;
using Vouchers.Domain.Common;

namespace Vouchers.Api.Web;

/// <summary>
/// How pages write values for Vietnamese readers, whatever the page's language: amounts as <c>1.000.000 ₫</c> (whole
/// đồng, dots between thousands), dates as <c>dd/MM/yyyy</c> and times in Asia/Ho_Chi_Minh; names of kinds and states
/// from the resources.
/// </summary>
public static class Display
{
    /// <summary>Vietnamese alphabetical order for names people scan (Đ after D, not after Z).</summary>
    public static readonly StringComparer Collation = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: false);

    private static readonly NumberFormatInfo Dots = new() { NumberGroupSeparator = ".", NumberDecimalSeparator = ",", NumberGroupSizes = [3] };

    /// <summary><c>1.000.000 ₫</c>: the sign after a no-break space, as Vietnamese documents write it.</summary>
    public static string Vnd(long dong) => dong.ToString("#,0", Dots) + "\u00A0₫";

    public static string Vnd(long? dong) => dong is { } d ? Vnd(d) : "—";

    /// <summary>The amount in Vietnamese words, as a document writes it ("Một triệu đồng").</summary>
    public static string VndInWords(long dong) => VietnameseNumberWords.ToWords(dong);

    public static string Number(long n) => n.ToString("#,0", Dots);

    /// <summary>
    /// A whole number as a person types it: digits, grouped by dots, commas or (no-break) spaces, an optional ₫
    /// ("2.500.000.000", "2 500 000 000 ₫"). Null when nothing was typed (<paramref name="empty"/> true) or when it is
    /// not a whole number of at most 18 digits.
    /// </summary>
    public static long? ParseWhole(string? typed, out bool empty)
    {
        var digits = new string((typed ?? "").Where(c => c is not ('.' or ',' or ' ' or '\u00A0' or '₫')).ToArray());
        empty = digits.Length == 0;
        return digits.Length is > 0 and <= 18 && digits.All(char.IsAsciiDigit)
               && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    public static string Percent(decimal percent) => percent.ToString("0.##", Dots) + "\u00A0%";

    public static string Date(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static string Date(DateOnly? date) => date is { } d ? Date(d) : "—";

    /// <summary>An instant as read in Vietnam: <c>dd/MM/yyyy HH:mm</c>.</summary>
    public static string DateTime(DateTimeOffset instant) => VietnamTime.Local(instant).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    public static string Fund(IStringLocalizer t, string kind) => Label(t, "FundKind", kind);
    public static string ServiceKind(IStringLocalizer t, string kind) => Label(t, "ServiceKind", kind);
    public static string ProviderKind(IStringLocalizer t, string kind) => Label(t, "ProviderKind", kind);
    public static string Status(IStringLocalizer t, string status) => Label(t, "VoucherStatus", status);
    public static string Size(IStringLocalizer t, string size) => Label(t, "SizeClass", size);
    public static string Sector(IStringLocalizer t, string sector) => Label(t, "Sector", sector);

    /// <summary>The resource <c>{group}.{value}</c>; the value itself if the resources lack it (a test keeps them complete).</summary>
    public static string Label(IStringLocalizer t, string group, string value)
    {
        var s = t[group + "." + value];
        return s.ResourceNotFound ? value : s.Value;
    }
}
