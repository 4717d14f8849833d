using Microsoft.Net.Http.Headers;

namespace Erp.Web.Security;

/// <summary>
/// The headers every response carries (ADR 0013): an enforcing Content-Security-Policy whose scripts
/// need the response's nonce (the layout writes <c>nonce="@Context.GetNonce()"</c> on each script tag, see
/// <see cref="CspNonce"/>), no inline script or style at all, no framing, no MIME sniffing, a strict referrer
/// policy, COOP and CORP, HSTS outside Development, and no Server header. Violations are reported to
/// <see cref="ReportPath"/>. The configuration is static, so the header text is built once at start-up: a
/// response costs one fresh nonce, one string concatenation and the header writes (ADR 0013, update of
/// 2026-11-26 evening).
/// </summary>
public static class SecurityHeaders
{
    public const string ReportPath = "/csp-report";

    /// <summary>Only the benchmark turns the headers off, to measure what they cost.</summary>
    public const string EnabledKey = "SecurityHeaders:Enabled";

    /// <summary>The browsable API reference (Scalar, Development only, ADR 0015): it needs inline script and style.</summary>
    public const string ApiReferencePath = "/scalar";

    /// <summary>A year, subdomains included; sent on https answers only (browsers ignore it on http).</summary>
    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    /// <summary>A developer's browser would remember HSTS for every local app: these hosts never get it.</summary>
    private static readonly string[] HstsExcludedHosts = ["localhost", "127.0.0.1", "[::1]"];

    private static readonly KeyValuePair<string, string>[] FixedHeaders =
    [
        new(HeaderNames.XContentTypeOptions, "nosniff"),
        new(HeaderNames.XFrameOptions, "DENY"),
        new("Referrer-Policy", "strict-origin-when-cross-origin"),
        new("Cross-Origin-Opener-Policy", "same-origin"),
        new("Cross-Origin-Resource-Policy", "same-origin"),
        new("Permissions-Policy",
            "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"),
    ];

    /// <summary>What follows script-src in every policy.</summary>
    private const string OtherDirectives =
        "default-src 'self'; img-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; report-uri "
        + ReportPath;

    /// <summary>The CSP of every answer: scripts from this origin that carry the answer's nonce, no inline style.</summary>
    internal const string CspBeforeNonce = "script-src 'self' 'nonce-";

    internal const string CspAfterNonce = "'; style-src 'self'; " + OtherDirectives;

    /// <summary>
    /// The API reference's CSP (Development only): Scalar writes its configuration as an inline script and styles itself
    /// inline; a nonce would make browsers ignore 'unsafe-inline', so this one route goes without.
    /// </summary>
    internal const string ApiReferenceCsp = "script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " + OtherDirectives;

    public static void AddErpSecurityHeaders(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
    }

    public static void UseErpSecurityHeaders(this WebApplication app)
    {
        if (!app.Configuration.GetValue(EnabledKey, true))
        {
            return;
        }
        var hsts = !app.Environment.IsDevelopment();
        // One callback per policy, made once: registering it costs a response no allocation.
        Func<object, Task> strict = state => Apply((HttpContext)state, hsts, csp: null);
        Func<object, Task>? reference = app.Environment.IsDevelopment()
            ? state => Apply((HttpContext)state, hsts, ApiReferenceCsp)
            : null;
        app.Use((context, next) =>
        {
            // Set when the response starts, so that whatever ran in between (a cached answer copying its stored headers,
            // the exception handler clearing the response) cannot leave a stale or missing policy behind.
            context.Response.OnStarting(reference is not null && context.Request.Path.StartsWithSegments(ApiReferencePath) ? reference : strict,
                context);
            return next(context);
        });
    }

    /// <param name="csp">A fixed policy, or null for the usual one around the response's nonce.</param>
    private static Task Apply(HttpContext context, bool hsts, string? csp)
    {
        var headers = context.Response.Headers;
        foreach (var (name, value) in FixedHeaders)
        {
            headers[name] = value;
        }
        headers.ContentSecurityPolicy = csp ?? string.Concat(CspBeforeNonce, context.GetNonce(), CspAfterNonce);
        if (hsts && context.Request.IsHttps && !IsHstsExcluded(context.Request.Host.Host))
        {
            headers.StrictTransportSecurity = StrictTransportSecurity;
        }
        headers.Remove(HeaderNames.Server);
        return Task.CompletedTask;
    }

    private static bool IsHstsExcluded(string host)
    {
        foreach (var excluded in HstsExcludedHosts)
        {
            if (string.Equals(host, excluded, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
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
