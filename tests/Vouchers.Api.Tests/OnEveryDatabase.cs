using System.Reflection;

namespace Vouchers.Api.Tests;

/// <summary>
/// The API test classes are written once, here, and run here on SQLite. <c>Vouchers.Api.Tests.PostgreSql</c> and
/// <c>Vouchers.Api.Tests.SqlServer</c> run every one of them again on their own database by declaring a subclass of it
/// (xunit runs the tests a class inherits), all but the classes marked <see cref="SqliteOnlyAttribute"/>. Those suites
/// check with <see cref="Problems"/> that none was forgotten.
/// </summary>
public static class OnEveryDatabase
{
    /// <summary>The public test classes of this project.</summary>
    public static IEnumerable<Type> TestClasses =>
        typeof(OnEveryDatabase).Assembly.GetTypes().Where(t => t.IsPublic && t.IsClass && !t.IsAbstract
            && t.GetMethods().Any(m => m.IsDefined(typeof(Xunit.FactAttribute), inherit: true)));

    /// <summary>What <paramref name="suite"/> gets wrong: a test class it does not run, or a SQLite-only one it does.</summary>
    public static IEnumerable<string> Problems(Assembly suite)
    {
        var subclassed = suite.GetTypes().Select(t => t.BaseType).Where(t => t is not null).ToHashSet();
        foreach (var c in TestClasses.OrderBy(c => c.Name))
        {
            var sqliteOnly = c.GetCustomAttribute<SqliteOnlyAttribute>() is not null;
            if (!sqliteOnly && !subclassed.Contains(c)) yield return $"{c.Name} has no subclass in {suite.GetName().Name}";
            if (sqliteOnly && subclassed.Contains(c)) yield return $"{c.Name} is SQLite only, but {suite.GetName().Name} subclasses it";
        }
    }
}
