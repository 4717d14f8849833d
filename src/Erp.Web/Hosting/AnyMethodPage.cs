using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Hosting;

/// <summary>
/// A page that middleware re-executes with the failed request's own method (the error page, the
/// status pages): it answers every method, signed in or not, without an antiforgery check (the failed
/// request passed or failed its own), so a POST that failed never ends in a 404 or a bare 500 (ADR 0009).
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public abstract class AnyMethodPage : PageModel
{
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
