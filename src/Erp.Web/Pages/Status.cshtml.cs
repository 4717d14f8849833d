using Erp.Web.Hosting;
using Erp.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages;

/// <summary>
/// The page shown for an empty 4xx answer to a full-page request (re-executed by the status-code
/// middleware with the original method).
/// </summary>
public sealed class StatusModel : AnyMethodPage
{
    [FromRoute]
    public int Code { get; set; }

    public string Title => Code switch
    {
        404 => "Not found",
        400 => "Bad request",
        413 => "Request too large",
        429 => "Too many requests",
        _ => "Something went wrong",
    };

    public string Text => Code switch
    {
        404 => "There is no page or record at this address. It may have been typed wrongly, or the record does not exist.",
        400 => "The request could not be understood. If you sent a form, reload the page and try again.",
        413 => BodyLimitMiddleware.Message,
        429 => RateLimits.Message(int.TryParse(Response.Headers.RetryAfter, out var seconds) ? seconds : 1),
        _ => "The request could not be completed.",
    };
}
