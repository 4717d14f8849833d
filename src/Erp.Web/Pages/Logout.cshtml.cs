using Erp.Data.Audit;
using Erp.Data.Infrastructure;
using Erp.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Pages;

[AllowAnonymous]
public sealed class LogoutModel(AuditEvents events) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Login");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Sessions.UserId(User) is { } userId)
        {
            // Recorded while the request still names the user (the actor of the event).
            await events.RecordAsync(new AuditEvent(Entities.User, userId, AuditActions.SignOut), ct);
        }
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage("/Login");
    }
}
