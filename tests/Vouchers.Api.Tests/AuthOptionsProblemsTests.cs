using Vouchers.Api.Auth;

namespace Vouchers.Api.Tests;

/// <summary><see cref="AuthOptions.Problems"/> on its own: what each environment accepts.</summary>
public class AuthOptionsProblemsTests
{
    private static AuthOptions Options(string? authority = "https://sso.example.gov.vn/realms/vouchers", bool requireHttps = true, bool devIssuer = false) =>
        new() { Authority = authority, RequireHttpsMetadata = requireHttps, DevelopmentIssuer = { Enabled = devIssuer }, Web = { ClientSecret = "from-a-secret-store" } };

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    [InlineData("Development")]
    public void AnHttpsAuthority_IsFineEverywhere(string environment) => Assert.Empty(Options().Problems(environment));

    [Fact]
    public void TheDefaults_AreRefused_ThereIsNoIdentityProvider()
    {
        var problems = new AuthOptions().Problems("Production");
        Assert.Equal(2, problems.Count);
        Assert.Equal("Auth:Authority is empty. Set it to the OpenID Connect issuer URL (e.g. https://sso.example.gov.vn/realms/vouchers).", problems[0]);
        Assert.StartsWith("Auth:Web:ClientSecret is empty in the 'Production' environment.", problems[1]); // the pages are a confidential client
        Assert.Single(new AuthOptions().Problems("Development")); // Development needs one too, unless its own issuer is on (the pages' client may be public there)
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("development", true)]
    [InlineData("Testing", false)]
    [InlineData("Staging", false)]
    [InlineData("Production", false)]
    public void TheDevelopmentIssuer_IsAllowedOnlyInDevelopment(string environment, bool allowed)
    {
        var problems = Options(authority: null, devIssuer: true).Problems(environment);
        if (allowed) Assert.Empty(problems);
        else Assert.Contains(problems, p => p.StartsWith("Auth:DevelopmentIssuer:Enabled is true", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://sso.example.gov.vn/realms/vouchers", true)]
    [InlineData("https://sso.example.gov.vn/realms/vouchers", false)]
    [InlineData("http://127.0.0.1:8080/realms/test", false)]
    public void PlainHttp_IsForDevelopmentAndTestingOnly(string authority, bool requireHttps)
    {
        var options = Options(authority, requireHttps);
        Assert.Empty(options.Problems("Development"));
        Assert.Empty(options.Problems("Testing"));
        Assert.Contains(options.Problems("Production"), p => p.Contains("must use HTTPS with RequireHttpsMetadata=true"));
        Assert.Contains(options.Problems("Staging"), p => p.Contains("must use HTTPS with RequireHttpsMetadata=true"));
    }

    [Theory]
    [InlineData("sso.example.gov.vn/realms/vouchers")]
    [InlineData("/realms/vouchers")]
    [InlineData("ftp://sso.example.gov.vn/realms/vouchers")]
    public void AnAuthorityThatIsNotAnAbsoluteHttpUrl_IsRefusedEverywhere(string authority)
    {
        foreach (var environment in new[] { "Development", "Testing", "Production" })
            Assert.Contains(Options(authority).Problems(environment), p => p.Contains("is not an absolute http(s) URL"));
    }

    [Fact]
    public void AnEmptyAudience_IsRefused() =>
        Assert.Contains(new AuthOptions { Authority = "https://sso.example.gov.vn/realms/x", Audience = " " }.Problems("Production"),
            p => p.StartsWith("Auth:Audience is empty", StringComparison.Ordinal));

    [Fact]
    public void RoleValues_MustNameKnownRoles_AndNotBeEmpty()
    {
        var options = Options();
        options.RoleValues["finance"] = "vouchers-finance-officer";
        options.RoleValues["Reviewer"] = "vouchers-reviewer"; // role names are matched ignoring case
        Assert.Empty(options.Problems("Production"));
        options.RoleValues["treasurer"] = "x";
        options.RoleValues["auditor"] = "";
        var problems = options.Problems("Production");
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("unknown role 'treasurer'"));
        Assert.Contains("Auth:RoleValues:auditor is empty.", problems);
    }

    [Theory] // by the longest lifetime the service accepts (Auth:MaxTokenLifetime, 12 hours by default): its own tokens included
    [InlineData(0, null, false)]
    [InlineData(1, null, true)]
    [InlineData(8 * 60, null, true)]
    [InlineData(720, null, true)]
    [InlineData(721, null, false)]
    [InlineData(1440, "1.00:00:00", true)]
    [InlineData(1441, "1.00:00:00", false)]
    public void TheDevelopmentTokenLifetime_IsBounded(int minutes, string? maxLifetime, bool ok)
    {
        var options = Options(authority: null, devIssuer: true);
        options.DevelopmentIssuer.TokenLifetimeMinutes = minutes;
        if (maxLifetime is not null) options.MaxTokenLifetime = TimeSpan.Parse(maxLifetime, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(ok, options.Problems("Development").Count == 0);
    }

    [Theory]
    [InlineData("00:00:00", false)]
    [InlineData("-01:00:00", false)]
    [InlineData("00:05:00", true)]
    [InlineData("12:00:00", true)]
    [InlineData("1.00:00:00", true)]
    [InlineData("1.00:00:01", false)]
    [InlineData("36500.00:00:00", false)]
    public void TheMaximumTokenLifetime_IsBounded(string maxLifetime, bool ok)
    {
        var options = Options(authority: "https://sso.example.gov.vn/realms/vouchers", devIssuer: false);
        options.MaxTokenLifetime = TimeSpan.Parse(maxLifetime, System.Globalization.CultureInfo.InvariantCulture);
        var problems = options.Problems("Production");
        Assert.Equal(ok, problems.Count == 0);
        if (!ok) Assert.Contains(problems, p => p.StartsWith("Auth:MaxTokenLifetime", StringComparison.Ordinal));
    }

    [Fact]
    public void TheWebClient_NeedsAnId_AnHttpsAuthority_AndABoundedSession()
    {
        var options = Options();
        options.Web.ClientId = " ";
        options.Web.Authority = "http://sso.example.gov.vn";
        options.Web.SessionLifetime = TimeSpan.FromHours(13);
        var problems = options.Problems("Production");
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Auth:Web:ClientId is empty", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Auth:Web:Authority must use HTTPS", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Auth:Web:SessionLifetime", StringComparison.Ordinal));
        var development = Options(authority: null, devIssuer: true);
        development.Web.ClientSecret = null;
        Assert.Empty(development.Problems("Development")); // a public client with PKCE, against the development provider
    }

    [Fact]
    public void EveryProblem_IsReported_NotOnlyTheFirst()
    {
        var options = new AuthOptions { Authority = "http://sso.example.gov.vn", RequireHttpsMetadata = false, Audience = "", DevelopmentIssuer = { Enabled = true, TokenLifetimeMinutes = 0 } };
        options.RoleValues["nobody"] = "x";
        Assert.Equal(6, options.Problems("Production").Count); // the five above and the pages' missing client secret
    }
}
