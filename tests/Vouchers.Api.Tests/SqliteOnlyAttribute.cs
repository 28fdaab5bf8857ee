namespace Vouchers.Api.Tests;

/// <summary>
/// A test class that runs on SQLite only, here: the PostgreSQL and SQL Server suites leave it out (see
/// <see cref="OnEveryDatabase"/>), for the reason given.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SqliteOnlyAttribute(string reason) : Attribute
{
    public string Reason { get; } = reason;
}
