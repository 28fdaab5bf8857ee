namespace Vouchers.Api.Tests;

// The shared tests say [Fact] and [Theory] with `using Xunit` (a global using): in this build, these two types of the
// tests' own namespace are found first, so every test is skipped, with the reason, where no SQL Server is given
// (never reported as passed). A test's own Skip = "…" still wins (it is set after the constructor).

/// <summary>xunit's Fact, skipped unless <c>VOUCHERS_TEST_SQLSERVER</c> names a SQL Server.</summary>
public sealed class FactAttribute : Xunit.FactAttribute
{
    public FactAttribute()
    {
        if (SqlServerTestServer.AdminConnectionString is null) Skip = SqlServerTestServer.SkipReason;
    }
}

/// <summary>xunit's Theory, skipped unless <c>VOUCHERS_TEST_SQLSERVER</c> names a SQL Server.</summary>
public sealed class TheoryAttribute : Xunit.TheoryAttribute
{
    public TheoryAttribute()
    {
        if (SqlServerTestServer.AdminConnectionString is null) Skip = SqlServerTestServer.SkipReason;
    }
}
