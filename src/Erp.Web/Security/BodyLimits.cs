using Erp.Web.Htmx;
using Htmx;
using Microsoft.AspNetCore.Http.Features;

namespace Erp.Web.Security;

/// <summary>
/// Request body limits per kind of endpoint (section <c>BodyLimits</c>, in bytes; ADR 0013): page
/// forms (sign-in included), the JSON API, and CSP reports.
/// </summary>
public sealed class BodyLimits
{
    public const string Section = "BodyLimits";

    public long Forms { get; set; } = 256 * 1024;
    public long Api { get; set; } = 1024 * 1024;
    public long Reports { get; set; } = 16 * 1024;

    public long For(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") ? Api
        : request.Path.StartsWithSegments(SecurityHeaders.ReportPath) ? Reports
        : Forms;
}

/// <summary>
/// Applies <see cref="BodyLimits"/>: a body that says it is larger is refused before it is read; a body
/// without a length is read up to the limit (Kestrel stops it there). Both answer 413: a page shows the status page,
/// htmx a notice in <c>#notices</c>, <c>/api</c> problem+json.
/// </summary>
public static class BodyLimitMiddleware
{
    public const string Message = "The request is too large. Shorten what you entered and try again.";

    public static void AddErpBodyLimits(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection(BodyLimits.Section).Get<BodyLimits>() ?? new BodyLimits();
        builder.Services.AddSingleton(limits);
    }

    public static void UseErpBodyLimits(this IApplicationBuilder app)
    {
        var limits = app.ApplicationServices.GetRequiredService<BodyLimits>();
        app.Use(async (context, next) =>
        {
            if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null)
            {
                await next(context); // the status page after a refusal: the body was never read
                return;
            }
            var limit = limits.For(context.Request);
            if (context.Request.ContentLength > limit)
            {
                await RefuseAsync(context);
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
            if (context.Request.ContentLength is null && context.Request.Headers.TransferEncoding.Count > 0)
            {
                // No length given (chunked): read it here, so that what is too large is a 413 and not
                // whatever the first reader (antiforgery, model binding) makes of a cut-off body.
                context.Request.EnableBuffering();
                try
                {
                    await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
                }
                catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    await RefuseAsync(context);
                    return;
                }
                context.Request.Body.Position = 0;
            }
            await next(context);
        });
    }

    private static async Task RefuseAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large").ExecuteAsync(context);
        }
        else if (context.Request.IsHtmx())
        {
            await HtmxNotice.WriteAsync(context.Response, StatusCodes.Status413PayloadTooLarge, Message);
        }
        // A full page: the empty 413 is re-executed as /status/413.
    }
}
