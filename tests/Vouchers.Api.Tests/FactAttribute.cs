using Vouchers.Infrastructure.Persistence;

namespace Vouchers.Api.Tests;

// Every [Fact] of this namespace is this one, not xunit's (a type of the test's own namespace is found before the global
// `using Xunit`), so the same test classes can run on a database that is not there: in the SQL Server suite without
// VOUCHERS_TEST_SQLSERVER each test is reported skipped, with the reason, never passed (TestDatabase.SkipReason). On
// SQLite and PostgreSQL it is xunit's Fact and nothing else.

/// <summary>xunit's Fact, skipped where this run's database is not available (<see cref="TestDatabase.SkipReason"/>).</summary>
public sealed class FactAttribute : Xunit.FactAttribute
{
    public FactAttribute() => Skip = TestDatabase.SkipReason;

    /// <summary>Skips the test on SQL Server only, with this reason: for what SQL Server cannot have (set by name).</summary>
    public string? SkipOnSqlServer
    {
        get => TestDatabase.Provider == DatabaseProvider.SqlServer ? Skip : null;
        set { if (TestDatabase.Provider == DatabaseProvider.SqlServer) Skip = value; }
    }
}
