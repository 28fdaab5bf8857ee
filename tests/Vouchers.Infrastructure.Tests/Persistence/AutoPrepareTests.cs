using Npgsql;

namespace Vouchers.Infrastructure.Tests.Persistence;

/// <summary>The PostgreSQL connection string gets Npgsql's automatic preparation unless the operator set it (issue 19).</summary>
public sealed class AutoPrepareTests
{
    [Fact]
    public void A_connection_string_without_it_gets_the_default()
    {
        var cs = new NpgsqlConnectionStringBuilder(DependencyInjection.WithAutoPrepare("Host=db;Database=vouchers;Username=v;Password=secret"));
        Assert.Equal(DependencyInjection.DefaultMaxAutoPrepare, cs.MaxAutoPrepare);
        Assert.Equal("db", cs.Host);
        Assert.Equal("secret", cs.Password);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]        // turned off, e.g. behind PgBouncer in transaction mode
    [InlineData("Host=db;maxautoprepare=7", 7)]          // any spelling Npgsql accepts
    [InlineData("Host=db;Max Auto Prepare=250", 250)]
    public void An_operators_own_setting_is_kept(string given, int expected)
    {
        var cs = new NpgsqlConnectionStringBuilder(DependencyInjection.WithAutoPrepare(given));
        Assert.Equal(expected, cs.MaxAutoPrepare);
    }
}
