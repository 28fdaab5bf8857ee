using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vouchers.Domain.Vouchers;
using Vouchers.Infrastructure;

namespace Vouchers.Api.Tests;

/// <summary>Four eyes is configured by <c>Approval:SecondApprovalFrom</c> (whole đồng).</summary>
public class ApprovalPolicyConfigurationTests
{
    private static ApprovalPolicy From(string? value) => DependencyInjection.ApprovalPolicyFrom(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Approval:SecondApprovalFrom"] = value }).Build());

    [Fact]
    public void WithoutTheKey_SecondApprovalIsNeededFrom100Million()
    {
        Assert.Equal(100_000_000L, From(null).SecondApprovalFrom.Dong);
        Assert.Equal(100_000_000L, From("").SecondApprovalFrom.Dong);
    }

    [Fact]
    public void TheConfiguredAmount_IsTheThreshold()
    {
        Assert.Equal(50_000_000L, From("50000000").SecondApprovalFrom.Dong);
        Assert.Equal(ApprovalPolicy.SingleApproval, From(long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1e8")]
    [InlineData("100.000.000")]
    [InlineData("lots")]
    public void AnAmountThatIsNotWholeDong_StopsTheService(string value) =>
        Assert.Throws<InvalidOperationException>(() => From(value));

    [Fact]
    public void Appsettings_StatesTheDefault_AndTheServiceRegistersThePolicyFromConfiguration()
    {
        using (var factory = new ApiFactory())
        {
            Assert.Equal("100000000", factory.Services.GetRequiredService<IConfiguration>()["Approval:SecondApprovalFrom"]);
            Assert.Equal(100_000_000L, factory.Services.GetRequiredService<ApprovalPolicy>().SecondApprovalFrom.Dong);
        }
        using var parent = new ApiFactory(); // disposing it deletes the database file the configured one uses
        using var configured = parent.WithWebHostBuilder(b => b.UseSetting("Approval:SecondApprovalFrom", "42000000"));
        Assert.Equal(42_000_000L, configured.Services.GetRequiredService<ApprovalPolicy>().SecondApprovalFrom.Dong);
    }
}
