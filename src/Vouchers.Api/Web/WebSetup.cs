using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vouchers.Api.Auth;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Infrastructure;

namespace Vouchers.Api.Web;

/// <summary>
/// The web pages (Razor Pages, server-rendered, no session): what they need besides the API's own services — view
/// localisation (Vietnamese first, English on request), the data-protection key ring in the database (shared by every
/// instance, so a cookie or antiforgery token made by one opens on another), antiforgery, the security headers and
/// the Content-Security-Policy. Pages send the same MediatR commands and queries as the endpoints.
/// </summary>
public static class WebSetup
{
    public static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    public const string CultureCookie = "vouchers.lang";

    public static void AddVouchersWeb(this WebApplicationBuilder builder)
    {
        var relaxed = builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment(AuthOptions.TestingEnvironment);
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        // Vietnamese written as UTF-8 characters, not as numeric entities (Razor's default encoder escapes all but Basic
        // Latin): the page source reads as the text it is, NFC as the resources hold it, and is smaller. HTML's own
        // special characters are still escaped.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddRazorPages(o =>
            {
                o.Conventions.AllowAnonymousToPage("/Index");
                o.Conventions.AllowAnonymousToPage("/Error");
                o.Conventions.AllowAnonymousToFolder("/Public");
                o.Conventions.AllowAnonymousToFolder("/Account");
                o.Conventions.AllowAnonymousToFolder("/Dev");
                o.Conventions.AuthorizeFolder("/Sme", Role.Sme.Name());
                o.Conventions.AuthorizeFolder("/Provider", Role.Provider.Name());
                o.Conventions.AuthorizeFolder("/Reviewer", Role.Reviewer.Name());
                o.Conventions.AuthorizeFolder("/Finance", Role.Finance.Name());
                o.Conventions.AuthorizeFolder("/Auditor", Role.Auditor.Name());
                o.Conventions.AuthorizeFolder("/Admin", Role.Admin.Name());
                o.Conventions.ConfigureFilter(new PageActorFilter());
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(Vouchers.Api.SharedResource)));
        builder.Services.AddDataProtection().SetApplicationName("vouchers");
        builder.Services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<Vouchers.Infrastructure.KeyRing.IKeyRingStore>((o, store) => o.XmlRepository = new KeyRingRepository(store));
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "vouchers.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = relaxed ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.FormFieldName = "__af";
        });
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Vietnamese);
            o.SupportedCultures = o.SupportedUICultures = [Vietnamese, English];
            // Vietnamese unless the person chose English (the switch in the header sets the cookie); a browser's
            // Accept-Language does not override it: the service's readers are Vietnamese first.
            o.RequestCultureProviders = [new CookieRequestCultureProvider { CookieName = CultureCookie }];
        });
    }

    /// <summary>
    /// After <c>UseStatusCodePagesWithReExecute</c>: an API answer never re-executes the error page; an error status with
    /// an empty body gets problem details instead (as <c>UseStatusCodePages</c> gives them).
    /// </summary>
    public static void UseApiStatusCodes(this WebApplication app) =>
        app.Use(async (http, next) =>
        {
            if (!WebSignIn.IsApi(http.Request.Path) || http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is not { } pages)
            {
                await next(http);
                return;
            }
            pages.Enabled = false;
            await next(http);
            var response = http.Response;
            if (response.StatusCode is >= 400 and < 600 && !response.HasStarted && response.ContentLength is null or 0 && string.IsNullOrEmpty(response.ContentType))
                await http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Http.IProblemDetailsService>()
                    .TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = { Status = response.StatusCode } });
        });

    /// <summary>Security headers on pages, static files, and the culture switch; before authentication.</summary>
    public static void UseVouchersWeb(this WebApplication app)
    {
        PageProblem.Accessor = app.Services.GetRequiredService<IHttpContextAccessor>();
        var auth = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value;
        var policy = ContentSecurityPolicyFor(auth.Web.Authority is { Length: > 0 } a ? a : auth.Authority);
        app.Use((http, next) =>
        {
            if (!WebSignIn.IsApi(http.Request.Path) && !http.Request.Path.StartsWithSegments("/swagger"))
            {
                var h = http.Response.Headers;
                h.ContentSecurityPolicy = policy;
                h.XContentTypeOptions = "nosniff";
                h["Referrer-Policy"] = "same-origin";
                h["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=()";
                h["Cross-Origin-Opener-Policy"] = "same-origin";
                h.XFrameOptions = "DENY";
            }
            return next(http);
        });
        app.UseStaticFiles();
        app.UseWhen(http => !WebSignIn.IsApi(http.Request.Path), b => b.UseRequestLocalization());
    }

    /// <summary>
    /// Scripts and styles only from this service (no inline script or style, no third-party host); images also as
    /// data: or blob: URLs (the QR picture, a photo being decoded); forms post only here; never framed.
    /// </summary>
    /// <remarks>
    /// <c>form-action</c> also names the identity provider's origin: signing out posts here and is redirected there
    /// (its end-session endpoint), and browsers hold a form's redirects to the same rule.
    /// </remarks>
    public static string ContentSecurityPolicyFor(string? authority)
    {
        var provider = Uri.TryCreate(authority, UriKind.Absolute, out var uri) ? " " + uri.GetLeftPart(UriPartial.Authority) : "";
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; " +
               "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'" + provider;
    }

    public static void MapVouchersWeb(this WebApplication app)
    {
        app.MapRazorPages();
        // The language switch: a link, so it works without script; only a local return address is followed.
        app.MapGet("/language/{culture}", (string culture, string? returnUrl, HttpContext http) =>
        {
            var chosen = culture == "en" ? English : Vietnamese;
            http.Response.Cookies.Append(CultureCookie, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = http.Request.IsHttps });
            return Results.LocalRedirect(LocalPath.OrHome(returnUrl));
        }).AllowAnonymous().ExcludeFromDescription();
        // Sign-in and sign-out of the pages. The challenge is a GET (a link): the provider's page is another origin in
        // production, which the Content-Security-Policy's form-action would not let a form post redirect to.
        app.MapGet("/account/challenge", (string? returnUrl) =>
                Results.Challenge(new Microsoft.AspNetCore.Authentication.AuthenticationProperties { RedirectUri = LocalPath.OrHome(returnUrl) }, [WebSignIn.OidcScheme]))
            .AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>
    /// Records the role a page acts in as the <see cref="Actor"/> (as <see cref="Endpoints.ActorFilter"/> does for an
    /// endpoint group): the page's folder names the role, and its policy has already checked that the caller holds it.
    /// </summary>
    /// <summary>The folders whose pages act in a role (each folder carries that role's policy), by page path.</summary>
    public static readonly IReadOnlyDictionary<string, Role> RoleFolders = new Dictionary<string, Role>
    {
        ["/Sme/"] = Role.Sme, ["/Provider/"] = Role.Provider, ["/Reviewer/"] = Role.Reviewer,
        ["/Finance/"] = Role.Finance, ["/Auditor/"] = Role.Auditor, ["/Admin/"] = Role.Admin,
    };

    /// <summary>The role a page (by its view-engine path, <c>/Finance/Dashboard</c>) acts in; none for public and account pages.</summary>
    public static Role? RoleOfPage(string viewEnginePath)
    {
        foreach (var (folder, role) in RoleFolders)
            if (viewEnginePath.StartsWith(folder, StringComparison.Ordinal)) return role;
        return null;
    }

    private sealed class PageActorFilter : IAsyncPageFilter
    {
        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            if (RoleOfPage(context.ActionDescriptor.ViewEnginePath) is { } r)
            {
                var request = context.HttpContext.RequestServices.GetRequiredService<RequestContext>();
                request.Actor = new Actor(request.Caller.Subject, r.Name(), request.Caller.ProviderId);
            }
            return next();
        }
    }
}

