using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Vouchers.Web.Tests;

/// <summary>
/// What a page binds from a request. Razor Pages put the page's own name in the route values under <c>page</c>
/// (<c>/Sme/Vouchers</c>), and route values are read before the query string: a property bound as <c>page</c> never
/// receives <c>?page=2</c>, so a list's "next" link showed page 1 again. Lists take their page number as <c>p</c>.
/// </summary>
public sealed class PageBindingTests
{
    private static IEnumerable<(Type Model, PropertyInfo Property, string Name)> BoundProperties() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(PageModel).IsAssignableFrom(t) && !t.IsAbstract)
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p => (Model: t, Property: p, Attribute: p.GetCustomAttribute<BindPropertyAttribute>() ?? t.GetCustomAttribute<BindPropertiesAttribute>() as object))
                .Where(x => x.Attribute is not null && x.Property.DeclaringType != typeof(PageModel))
                .Select(x => (x.Model, x.Property, (x.Property.GetCustomAttribute<BindPropertyAttribute>()?.Name ?? x.Property.Name))));

    [Fact]
    public void No_page_binds_a_property_from_the_name_razor_pages_keep_for_themselves()
    {
        var bound = BoundProperties().ToList();
        Assert.Contains(bound, b => b.Model.FullName == "Vouchers.Api.Pages.Sme.VouchersModel" && b.Name == "p"); // the check sees the lists
        var clashing = bound.Where(b => string.Equals(b.Name, "page", StringComparison.OrdinalIgnoreCase) || string.Equals(b.Name, "handler", StringComparison.OrdinalIgnoreCase))
            .Select(b => $"{b.Model.FullName}.{b.Property.Name} bound as '{b.Name}'").ToList();
        Assert.True(clashing.Count == 0, string.Join("\n", clashing));
    }
}
