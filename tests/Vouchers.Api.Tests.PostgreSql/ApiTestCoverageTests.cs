namespace Vouchers.Api.Tests.PostgreSql;

/// <summary>Every API test class runs on PostgreSQL too (see <see cref="OnEveryDatabase"/>), but the SQLite-only ones.</summary>
public sealed class ApiTestCoverageTests
{
    [Xunit.Fact] // xunit's own: this needs no database, so it runs
    public void EveryApiTestClass_HasASubclassHere_ButTheSqliteOnlyOnes() =>
        Assert.Empty(OnEveryDatabase.Problems(typeof(ApiTestCoverageTests).Assembly));
}
