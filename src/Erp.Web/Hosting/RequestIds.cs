using System.Diagnostics;

namespace Erp.Web.Hosting;

/// <summary>
/// One id per request, the same everywhere it shows: the X-Request-Id response header (which
/// wwwroot/js/notices.js quotes when an htmx request fails), the error page, the logs' trace id
/// and the write context of the unit of work. It is the W3C trace id when the request is traced,
/// else ASP.NET Core's TraceIdentifier. A client's own X-Request-Id is not taken over: it could
/// be anything.
/// </summary>
public static class RequestIds
{
    public const string Header = "X-Request-Id";

    public static string Of(HttpContext context) => Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;

    /// <summary>
    /// Every response carries the id, error pages included: the header is added as the response
    /// starts, after the exception handler has cleared the failed response's headers.
    /// </summary>
    public static IApplicationBuilder UseRequestIdHeader(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var id = Of(context);
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        return next(context);
    });
}
