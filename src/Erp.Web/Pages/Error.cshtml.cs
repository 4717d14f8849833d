using Erp.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Pages;

/// <summary>
/// The page the exception handler re-executes outside Development. The failed request is
/// re-executed with its own method, so the page answers every method (a POST that threw must not
/// end in a 404 or a bare 500), without an antiforgery check (the failed request passed or failed
/// its own). It shows the request id that the X-Request-Id header and the logs carry.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string RequestId => RequestIds.Of(HttpContext);

    public void OnGet()
    {
    }

    public void OnPost()
    {
    }

    public void OnPut()
    {
    }

    public void OnPatch()
    {
    }

    public void OnDelete()
    {
    }
}
