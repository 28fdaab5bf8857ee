namespace Vouchers.Api.Tests.SqlServer;

/// <summary>Every API test class runs on SQL Server too (see <see cref="OnEveryDatabase"/>), but the SQLite-only ones.</summary>
public sealed class ApiTestCoverageTests
{
    [Xunit.Fact] // xunit's own: this needs no database, so it runs even where the SQL Server suite is skipped
    public void EveryApiTestClass_HasASubclassHere_ButTheSqliteOnlyOnes() =>
        Assert.Empty(OnEveryDatabase.Problems(typeof(ApiTestCoverageTests).Assembly));
}
