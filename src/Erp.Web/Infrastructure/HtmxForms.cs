using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Infrastructure;

/// <summary>
/// Form posts that work with and without htmx: an htmx post swaps only the form (or the fragment
/// named), a plain post gets the whole page; a success navigates with HX-Redirect or a 302.
/// </summary>
public static class HtmxForms
{
    /// <summary>Re-renders the posted form with its messages and the user's input, under <paramref name="status"/> (422, 409).</summary>
    public static IActionResult FormOrPage(this PageModel page, string partialName, int status)
    {
        page.Response.StatusCode = status;
        page.Response.Headers.Vary = "HX-Request";
        return page.Request.IsHtmx() ? page.Partial(partialName, page) : page.Page();
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
