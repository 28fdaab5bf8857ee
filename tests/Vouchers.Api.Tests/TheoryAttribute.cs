namespace Vouchers.Api.Tests;

/// <summary>xunit's Theory, skipped where this run's database is not available, as <see cref="FactAttribute"/>.</summary>
public sealed class TheoryAttribute : Xunit.TheoryAttribute
{
    public TheoryAttribute() => Skip = TestDatabase.SkipReason;
}
