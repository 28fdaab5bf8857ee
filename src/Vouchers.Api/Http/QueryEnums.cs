using System.Reflection;

namespace Vouchers.Api.Http;

/// <summary>
/// An enum in a query string is read by its name only, as docs/api.md says. Minimal APIs bind it with
/// <c>Enum.TryParse</c>, which also takes a number (<c>?status=6</c>, even one no member has) and a list of names
/// (<c>?status=Submitted,Issued</c>, read as their bitwise or): a filter the client did not mean. Anything but one
/// member's name is 400 <c>request.malformed</c> naming the parameter.
/// </summary>
public static class QueryEnums
{
    public static EndpointFilterDelegate ByNameOnly(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var enums = context.MethodInfo.GetParameters()
            .Select(p => (p.Name, Type: Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType))
            .Where(p => p.Name is not null && p.Type.IsEnum)
            .Select(p => (Name: p.Name!, Names: Enum.GetNames(p.Type).ToHashSet(StringComparer.Ordinal)))
            .ToArray();
        if (enums.Length == 0) return next;
        return ctx =>
        {
            var query = ctx.HttpContext.Request.Query;
            foreach (var (name, names) in enums)
                foreach (var value in query[name])
                    if (!string.IsNullOrEmpty(value) && !names.Contains(value))
                        return ValueTask.FromResult<object?>(Results.Problem(ProblemMapping.Malformed(StatusCodes.Status400BadRequest,
                            $"Query parameter \"{name}\" must be one of {string.Join(", ", names)} (by name), not \"{Cut(value)}\".", name)));
            return next(ctx);
        };
    }

    private static string Cut(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
