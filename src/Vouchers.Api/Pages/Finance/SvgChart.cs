using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Vouchers.Api.Web;

namespace Vouchers.Api.Pages.Finance;

/// <summary>
/// A dashboard table drawn as a server-rendered SVG bar chart (no script): one block per row, its label above its bar
/// or bars, the value written at the bar's end. <c>role="img"</c> with a title and a description that says the chart
/// repeats the table beside it; colours come from finance.css classes (<c>s0</c>…<c>s4</c>), never inline styles.
/// </summary>
public static class SvgChart
{
    /// <summary>Text as it is (UTF-8, NFC), not numeric entities, as the pages write it; markup characters escaped.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private const int Width = 480, ValueSpace = 130, LabelHeight = 18, BarHeight = 14, Gap = 12, LegendRow = 22;

    /// <param name="stacked">One bar per row whose segments are the columns (parts of a whole), or one bar per column (side by side).</param>
    /// <param name="columns">The table's columns to draw (by index), in order.</param>
    public static IHtmlContent Bars(FigureTable table, string id, string description, IReadOnlyList<int> columns, bool stacked)
    {
        var e = Encoder;
        var max = Math.Max(1, table.Rows.Select(r => stacked ? columns.Sum(c => Math.Max(0, r.Values[c])) : columns.Max(c => Math.Max(0, r.Values[c])))
            .DefaultIfEmpty(0).Max());
        var barArea = Width - ValueSpace;
        var bars = stacked ? BarHeight : columns.Count * BarHeight + (columns.Count - 1) * 4;
        var perRow = LabelHeight + bars + Gap;
        var legend = columns.Count > 1 ? LegendRow * ((columns.Count + 2) / 3) + 6 : 0;
        var height = Math.Max(1, table.Rows.Count) * perRow + legend + 4;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {Width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{e.Encode(table.Title)}</title><desc id=\"{id}-desc\">{e.Encode(description)}</desc>");
        var y = 2;
        foreach (var row in table.Rows)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"0\" y=\"{y + 13}\">{e.Encode(row.Label)}</text>");
            y += LabelHeight;
            if (stacked)
            {
                double x = 0;
                foreach (var (c, i) in columns.Select((c, i) => (c, i)))
                {
                    var w = Math.Max(0, row.Values[c]) * (double)barArea / max;
                    if (w > 0) svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"s{i}\" x=\"{x:0.##}\" y=\"{y}\" width=\"{Math.Max(w, 1):0.##}\" height=\"{BarHeight}\"/>");
                    x += w;
                }
                var total = columns.Sum(c => row.Values[c]);
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"value\" x=\"{x + 6:0.##}\" y=\"{y + 11}\">{e.Encode(Value(table, columns[0], total))}</text>");
                y += BarHeight;
            }
            else
            {
                foreach (var (c, i) in columns.Select((c, i) => (c, i)))
                {
                    var w = Math.Max(0, row.Values[c]) * (double)barArea / max;
                    const int h = BarHeight;
                    svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"s{(columns.Count == 1 ? 0 : i)}\" x=\"0\" y=\"{y}\" width=\"{Math.Max(w, 1):0.##}\" height=\"{h}\"/>");
                    svg.Append(CultureInfo.InvariantCulture, $"<text class=\"value\" x=\"{Math.Max(w, 1) + 6:0.##}\" y=\"{y + h - 1}\">{e.Encode(Value(table, c, row.Values[c]))}</text>");
                    y += h + 4;
                }
                y -= 4;
            }
            y += Gap;
        }
        if (columns.Count > 1)
        {
            foreach (var (c, i) in columns.Select((c, i) => (c, i)))
            {
                var (lx, ly) = (i % 3 * (Width / 3), y + i / 3 * LegendRow);
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"s{i}\" x=\"{lx}\" y=\"{ly + 4}\" width=\"12\" height=\"12\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"legend\" x=\"{lx + 18}\" y=\"{ly + 15}\">{e.Encode(table.Columns[c])}</text>");
            }
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    private static string Value(FigureTable table, int column, long value) => table.Money[column] ? Display.Vnd(value) : Display.Number(value);
}
