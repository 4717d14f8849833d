using System.Net;

namespace Erp.Web.Htmx;

/// <summary>
/// A page-wide notice as the answer to an htmx request: retargeted to the layout's live region
/// <c>#notices</c>, because the requester's own target (a table row, a form) is no place for a refusal,
/// a rate limit or an oversized request.
/// </summary>
public static class HtmxNotice
{
    public static Task WriteAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.Headers["HX-Retarget"] = "#notices";
        response.Headers["HX-Reswap"] = "innerHTML";
        response.ContentType = "text/html; charset=utf-8";
        return response.WriteAsync(
            $"""<div class="notice error" data-testid="notice"><p>{WebUtility.HtmlEncode(message)}</p><button type="button" class="dismiss" data-dismiss-notice>Dismiss</button></div>""");
    }
}
