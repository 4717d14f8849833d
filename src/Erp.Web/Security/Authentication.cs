using Erp.Data.Infrastructure;
using Erp.Web.Api;
using Htmx;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;

namespace Erp.Web.Security;

public static class Authentication
{
    public const string CookieName = "erp.auth";

    /// <summary>
    /// The default scheme: a selector that authenticates <c>/api</c> with the bearer token alone and everything else
    /// with the sign-in cookie alone (ADR 0013, ADR 0015). Authentication runs before the rate limiter, so an API
    /// caller with a valid token is limited per user, like a signed-in page user; a token opens no page and the
    /// cookie calls no API.
    /// </summary>
    public const string SelectorScheme = "erp";
    public const string CertificatePathKey = "DataProtection:CertificatePath";

    /// <summary>Production without <see cref="CertificatePathKey"/>: the key ring (which signs cookies and antiforgery tokens) lies unencrypted.</summary>
    public static void WarnAboutPlainKeys(this WebApplication app)
    {
        if (app.Environment.IsProduction() && string.IsNullOrWhiteSpace(app.Configuration[CertificatePathKey]))
        {
            app.Logger.LogWarning("{Key} is not set: data-protection keys are stored unencrypted. Set it to a PFX file " +
                "(and DataProtection:CertificatePassword) that every node shares.", CertificatePathKey);
        }
    }

    public static void AddErpAuthentication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var dataProtection = services.AddDataProtection().SetApplicationName("Erp");
        var keysPath = builder.Configuration["DataProtection:KeysPath"];
        if (!string.IsNullOrWhiteSpace(keysPath))
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keysPath));
        }
        else
        {
            services.AddOptions<KeyManagementOptions>()
                .Configure<DataProtectionKeyStore>((o, store) => o.XmlRepository = new DatabaseXmlRepository(store));
        }
        // Keys encrypted at rest with a certificate every node has (a PFX file); without it they are stored
        // in plain XML and a Production start-up warns (WarnAboutPlainKeys).
        var certificatePath = builder.Configuration[CertificatePathKey];
        if (!string.IsNullOrWhiteSpace(certificatePath))
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath,
                builder.Configuration["DataProtection:CertificatePassword"], X509KeyStorageFlags.EphemeralKeySet);
            if (!certificate.HasPrivateKey)
            {
                throw new InvalidOperationException($"{CertificatePathKey}: {certificatePath} holds no private key; the keys could not be read back.");
            }
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }

        var authentication = services.AddAuthentication(SelectorScheme);
        authentication.AddPolicyScheme(SelectorScheme, "Bearer token for /api, sign-in cookie for pages", o =>
            o.ForwardDefaultSelector = ctx => IsApi(ctx.Request) ? ApiTokens.Scheme : CookieAuthenticationDefaults.AuthenticationScheme);
        authentication.AddCookie(o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                // ADR 0001: Secure-only in Production; SameAsRequest elsewhere so the demo and the
                // tests on http://127.0.0.1 work (.NET's CookieContainer drops Secure cookies on http).
                o.Cookie.SecurePolicy = builder.Environment.IsProduction()
                    ? CookieSecurePolicy.Always
                    : CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/access-denied";
                o.ReturnUrlParameter = "returnUrl";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = ctx => Challenge(ctx);
                o.Events.OnRedirectToAccessDenied = ctx => Refusals.WriteAsync(ctx.HttpContext, null);
                o.Events.OnValidatePrincipal = ctx => ctx.HttpContext.RequestServices.GetRequiredService<Sessions>().ValidateAsync(ctx);
            });
        // /api authenticates with bearer tokens only (ADR 0015); pages with the cookie only (the selector above).
        ApiTokens.AddApiTokens(builder, authentication);
    }

    /// <summary>The JSON API's addresses (any case): bearer tokens only.</summary>
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments(ApiSetup.Prefix);

    /// <summary>
    /// Not signed in (or the session ended): full pages are redirected to the sign-in page; htmx
    /// requests get 401 plus HX-Redirect (a 302 would be followed by the XHR and the sign-in page
    /// swapped into a table); the API gets the bare 401. Refusals of signed-in users (403) are
    /// <see cref="Refusals"/>.
    /// </summary>
    private static Task Challenge(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx)
    {
        var request = ctx.Request;
        if (IsApi(request))
        {
            ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
        else if (request.IsHtmx())
        {
            ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
            ctx.Response.Htmx(h => h.Redirect("/login"));
        }
        else
        {
            ctx.Response.Redirect(ctx.RedirectUri);
        }
        return Task.CompletedTask;
    }

    private sealed class DatabaseXmlRepository(DataProtectionKeyStore store) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => [.. store.GetAll().Select(XElement.Parse)];

        public void StoreElement(XElement element, string friendlyName) =>
            store.Add(friendlyName, element.ToString(SaveOptions.DisableFormatting));
    }
}
