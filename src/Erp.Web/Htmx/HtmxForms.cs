using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Htmx;

/// <summary>
/// One markup source for pages and fragments: an htmx request gets the named partial, every
/// other request (a plain form post, a link, a history restore) the whole page. Success
/// navigates with HX-Redirect (htmx) or a 302.
/// </summary>
public static class HtmxForms
{
    /// <summary>
    /// True for an htmx request that wants a fragment. A history restore sends HX-Request too,
    /// but needs the whole page.
    /// </summary>
    public static bool WantsFragment(this HttpRequest request) =>
        request.IsHtmx() && !request.Headers.ContainsKey("HX-History-Restore-Request");

    /// <summary>The partial <paramref name="partialName"/> for htmx, else the page, both under <paramref name="status"/>.</summary>
    public static IActionResult PageOrFragment(this PageModel page, string partialName, int status = StatusCodes.Status200OK)
    {
        page.Response.Headers.Vary = "HX-Request";
        if (!page.Request.WantsFragment())
        {
            return new PageResult { StatusCode = status };
        }
        var partial = page.Partial(partialName, page);
        partial.StatusCode = status;
        return partial;
    }

    /// <summary>After a successful post: htmx follows HX-Redirect (a full navigation), a plain form gets a 302.</summary>
    public static IActionResult NavigateTo(this PageModel page, string url)
    {
        if (page.Request.IsHtmx())
        {
            page.Response.Htmx(h => h.Redirect(url));
            return new EmptyResult();
        }
        return new RedirectResult(url);
    }
}
