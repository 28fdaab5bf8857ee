using System.Reflection;
using NetArchTest.Rules;

namespace Vouchers.Architecture.Tests;

/// <summary>
/// Api → Application → Domain, Infrastructure → Application/Domain (docs/architecture.md). Each rule names the types
/// that break it, so a failure says where to look.
/// </summary>
public sealed class LayerRules
{
    private static readonly Assembly Domain = typeof(Vouchers.Domain.Common.DomainException).Assembly;
    private static readonly Assembly Application = typeof(Vouchers.Application.Abstractions.IVouchersDb).Assembly;
    private static readonly Assembly Infrastructure = typeof(Vouchers.Infrastructure.Persistence.VouchersDbContext).Assembly;
    private static readonly Assembly Api = typeof(Vouchers.Api.Endpoints.ActorFilter).Assembly;

    [Fact]
    public void Domain_depends_on_no_other_project_and_no_framework() =>
        AssertNone(Types.InAssembly(Domain).Should().NotHaveDependencyOnAny(
            "Vouchers.Application", "Vouchers.Infrastructure", "Vouchers.Api",
            "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "System.Net.Http", "MediatR", "FluentValidation"));

    [Fact]
    public void Application_depends_on_the_domain_only() =>
        AssertNone(Types.InAssembly(Application).Should().NotHaveDependencyOnAny(
            "Vouchers.Infrastructure", "Vouchers.Api", "Microsoft.AspNetCore", "System.Net.Http"));

    [Fact]
    public void Application_writes_no_files() =>
        AssertNone(Types.InAssembly(Application).Should().NotHaveDependencyOnAny(
            "System.IO.Compression", "System.IO.File", "System.IO.Directory"));

    [Fact]
    public void Infrastructure_knows_neither_the_api_nor_http() =>
        AssertNone(Types.InAssembly(Infrastructure).Should().NotHaveDependencyOnAny("Vouchers.Api", "Microsoft.AspNetCore"));

    [Fact]
    public void Endpoints_do_not_touch_the_database() =>
        AssertNone(Types.InAssembly(Api).That().ResideInNamespace("Vouchers.Api.Endpoints")
            .Should().NotHaveDependencyOn(typeof(Vouchers.Infrastructure.Persistence.VouchersDbContext).FullName!));

    /// <summary>The API reaches the database through the application (MediatR) or an Infrastructure service, never the DbContext.</summary>
    [Fact]
    public void The_api_does_not_touch_the_database() =>
        AssertNone(Types.InAssembly(Api).Should().NotHaveDependencyOn(typeof(Vouchers.Infrastructure.Persistence.VouchersDbContext).FullName!));

    private static void AssertNone(ConditionList rule)
    {
        var result = rule.GetResult();
        Assert.True(result.IsSuccessful, "Types breaking the rule:\n  " + string.Join("\n  ", result.FailingTypeNames ?? []));
    }
}
