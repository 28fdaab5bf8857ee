using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Vouchers.Api.Http;
using Vouchers.Application.Abstractions;

namespace Vouchers.Api.Auth;

/// <summary>
/// What a token must also be once its signature, issuer, audience and expiry have been checked: no claim longer than the
/// service keeps (a subject over its 200-character columns answered 500 on PostgreSQL, and over the idempotency scope
/// a false "in flight" for ever), a subject and name without control characters, a lifetime of at most
/// <see cref="AuthOptions.MaxTokenLifetime"/>, and not issued in the future. Such a token is genuine, so the refusal says
/// why (<c>code</c>, and <c>claim</c>): that helps whoever configures the identity provider and no one forging tokens.
/// </summary>
public static class TokenRules
{
    /// <summary>A tax code as the service keeps it: 10 digits, or 10, '-' and a 3-digit branch.</summary>
    public const int MaxTaxCodeLength = 14;

    /// <summary>A provider id as the service issues it: a UUID, 36 characters.</summary>
    public const int MaxProviderIdLength = 36;

    public static TokenRefusedException? Check(ClaimsIdentity identity, SecurityToken token, AuthOptions options, DateTime utcNow, TimeSpan skew)
    {
        var c = options.Claims;
        foreach (var (claim, max) in new[] { (c.Subject, Caller.MaxSubjectLength), (c.Name, Caller.MaxNameLength),
                     (c.TaxCode, MaxTaxCodeLength), (c.ProviderId, MaxProviderIdLength) })
            if (CallerClaims.Values(identity, claim).FirstOrDefault(v => v.Length > max) is { } value)
                return new("auth.token-claim-too-long", claim, $"The token's '{claim}' claim has {value.Length} characters; the service keeps at most {max}.");
        foreach (var claim in new[] { c.Subject, c.Name })
            if (CallerClaims.Values(identity, claim).Any(v => v.Any(char.IsControl)))
                return new("auth.token-claim-invalid", claim, $"The token's '{claim}' claim contains a control character.");

        var issuedAt = token is JsonWebToken jwt ? jwt.IssuedAt : DateTime.MinValue; // MinValue: the token has no iat
        if (issuedAt != DateTime.MinValue && issuedAt > utcNow + skew)
            return new("auth.token-issued-in-future", "iat", $"The token says it was issued at {issuedAt:O}, later than now.");
        var from = issuedAt != DateTime.MinValue ? issuedAt : token.ValidFrom != DateTime.MinValue ? token.ValidFrom : utcNow;
        if (token.ValidTo - from > options.MaxTokenLifetime)
            return new("auth.token-lifetime-too-long", "exp",
                $"The token is valid for {token.ValidTo - from:g}; the service accepts tokens valid for at most {options.MaxTokenLifetime:g} (Auth:MaxTokenLifetime).");
        return null;
    }

    /// <summary>The bearer events that apply the rules, and answer a token they refuse with its own problem.</summary>
    public static JwtBearerEvents Events(AuthOptions options) => new()
    {
        OnTokenValidated = context =>
        {
            // the wall clock, as the token handler's own expiry check (it does not use the application's TimeProvider)
            if (context.Principal?.Identity is ClaimsIdentity identity
                && Check(identity, context.SecurityToken, options, TimeProvider.System.GetUtcNow().UtcDateTime, context.Options.TokenValidationParameters.ClockSkew) is { } refused)
                context.Fail(refused);
            return Task.CompletedTask;
        },
        OnChallenge = async context =>
        {
            if (context.AuthenticateFailure is not TokenRefusedException refused) return;
            context.HandleResponse();
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            var problem = ProblemMapping.Problem(StatusCodes.Status401Unauthorized, "Token refused", refused.Message, refused.Code);
            problem.Extensions["claim"] = refused.Claim;
            await Results.Problem(problem).ExecuteAsync(context.HttpContext);
        },
    };
}

/// <summary>A genuine token the service refuses (<see cref="TokenRules"/>): the problem's code and the claim at fault.</summary>
public sealed class TokenRefusedException(string code, string claim, string message) : SecurityTokenValidationException(message)
{
    public string Code { get; } = code;
    public string Claim { get; } = claim;
}
