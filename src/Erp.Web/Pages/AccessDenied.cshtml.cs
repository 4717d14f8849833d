using Erp.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Pages;

/// <summary>
/// The 403 page (also at /status/403, where the status-code pages re-execute a refused request with
/// its original method): it names the role the refused page or action needs (<see cref="Refusals"/>).
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class AccessDeniedModel : PageModel
{
    public string Message { get; private set; } = "";

    public IActionResult OnGet() => Show();

    public IActionResult OnPost() => Show();

    private PageResult Show()
    {
        Message = Refusals.Message(Refusals.NeededRole(HttpContext));
        return new PageResult { StatusCode = StatusCodes.Status403Forbidden };
    }
}
