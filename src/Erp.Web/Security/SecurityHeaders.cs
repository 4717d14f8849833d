using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Erp.Web.Security;

/// <summary>
/// The headers every response carries (ADR 0013): an enforcing Content-Security-Policy whose scripts
/// need the request's nonce (the layout writes <c>nonce="@Context.GetNonce()"</c> on each script tag),
/// no inline script or style at all, no framing, no MIME sniffing, a strict referrer policy, COOP and
/// CORP, HSTS outside Development, and no Server header. Violations are reported to <see cref="ReportPath"/>.
/// </summary>
public static class SecurityHeaders
{
    public const string ReportPath = "/csp-report";

    /// <summary>Only the benchmark turns the headers off, to measure what they cost.</summary>
    public const string EnabledKey = "SecurityHeaders:Enabled";

    public static void AddErpSecurityHeaders(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
    }

    /// <summary>The browsable API reference (Scalar, Development only, ADR 0015): it needs inline script and style.</summary>
    public const string ApiReferencePath = "/scalar";

    public static HeaderPolicyCollection Policy(bool development, bool apiReference = false)
    {
        var policy = new HeaderPolicyCollection()
            .AddContentTypeOptionsNoSniff()
            .AddFrameOptionsDeny()
            .AddReferrerPolicyStrictOriginWhenCrossOrigin()
            .AddCrossOriginOpenerPolicy(b => b.SameOrigin())
            .AddCrossOriginResourcePolicy(b => b.SameOrigin())
            .AddPermissionsPolicy(b =>
            {
                b.AddAccelerometer().None();
                b.AddCamera().None();
                b.AddGeolocation().None();
                b.AddGyroscope().None();
                b.AddMagnetometer().None();
                b.AddMicrophone().None();
                b.AddPayment().None();
                b.AddUsb().None();
            })
            .AddContentSecurityPolicy(b =>
            {
                b.AddDefaultSrc().Self();
                if (apiReference)
                {
                    // Scalar writes its configuration as an inline script and styles itself inline; a nonce would
                    // make browsers ignore 'unsafe-inline', so this one Development-only route goes without.
                    b.AddScriptSrc().Self().UnsafeInline();
                    b.AddStyleSrc().Self().UnsafeInline();
                }
                else
                {
                    b.AddScriptSrc().Self().WithNonce();
                    b.AddStyleSrc().Self();
                }
                b.AddImgSrc().Self();
                b.AddObjectSrc().None();
                b.AddFrameAncestors().None();
                b.AddBaseUri().Self();
                b.AddFormAction().Self();
                b.AddReportUri().To(ReportPath);
            })
            .RemoveServerHeader();
        if (!development)
        {
            // Sent on https answers only (browsers ignore it on http); a year, subdomains included.
            policy.AddStrictTransportSecurityMaxAgeIncludeSubDomains(maxAgeInSeconds: 365 * 24 * 60 * 60);
        }
        return policy;
    }

    public static void UseErpSecurityHeaders(this WebApplication app)
    {
        if (!app.Configuration.GetValue(EnabledKey, true))
        {
            return;
        }
        var strict = Policy(app.Environment.IsDevelopment());
        if (!app.Environment.IsDevelopment())
        {
            app.UseSecurityHeaders(strict);
            return;
        }
        var reference = Policy(development: true, apiReference: true);
        app.UseWhen(c => c.Request.Path.StartsWithSegments(ApiReferencePath), b => b.UseSecurityHeaders(reference));
        app.UseWhen(c => !c.Request.Path.StartsWithSegments(ApiReferencePath), b => b.UseSecurityHeaders(strict));
    }

    /// <summary>
    /// Browsers post CSP violations here (anonymous: the page that violated may be the sign-in page).
    /// Each report is logged as a warning; the body is capped by the body limits and the global rate
    /// limiter applies like everywhere else.
    /// </summary>
    public static void MapCspReports(this WebApplication app)
    {
        app.MapPost(ReportPath, async (HttpRequest request, ILoggerFactory loggers, CancellationToken ct) =>
        {
            using var reader = new StreamReader(request.Body);
            var report = await reader.ReadToEndAsync(ct);
            loggers.CreateLogger("Erp.Csp").LogWarning("CSP violation reported: {Report}", report.Length > 4000 ? report[..4000] : report);
            return Results.NoContent();
        }).AllowAnonymous().DisableAntiforgery();
    }
}
