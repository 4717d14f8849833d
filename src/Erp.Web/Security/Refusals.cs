using Erp.Web.Htmx;
using Htmx;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Security;

/// <summary>
/// How a signed-in user is refused (403), in one place: a full page gets the access-denied page
/// naming the role it needs (the status-code pages re-execute /status/403, which is that page); an
/// htmx request gets the same message as a notice in the layout's live region #notices
/// (HX-Retarget, since the button's own target is no place for it); /api gets the bare status.
/// </summary>
public static class Refusals
{
    private const string NeededRoleKey = "erp.needed-role";

    public static string Message(string? role) => role is null
        ? "Access denied: your account does not have the role this needs."
        : $"Access denied: this needs the {role} role. Ask an administrator if you need it.";

    /// <summary>The role the refused request needed (the access-denied page names it).</summary>
    public static string? NeededRole(HttpContext context) => context.Items[NeededRoleKey] as string;

    public static async Task WriteAsync(HttpContext context, string? role)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status403Forbidden;
        context.Items[NeededRoleKey] = role;
        if (context.Request.Path.StartsWithSegments("/api") || !context.Request.IsHtmx())
        {
            return; // full pages: the empty 403 is re-executed as the access-denied page
        }
        await HtmxNotice.WriteAsync(response, StatusCodes.Status403Forbidden, Message(role));
    }
}

/// <summary>A refusal as a page handler's result (<see cref="HandlerPermissionFilter"/>).</summary>
public sealed class RefusalResult(string? role) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => Refusals.WriteAsync(context.HttpContext, role);
}

/// <summary>Turns a policy refusal of a signed-in user into <see cref="Refusals"/>; challenges stay as they are (401, sign-in page).</summary>
public sealed class RefusalResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden)
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }
        var role = authorizeResult.AuthorizationFailure?.FailedRequirements
            .OfType<RolesAuthorizationRequirement>()
            .SelectMany(r => r.AllowedRoles)
            .FirstOrDefault();
        return Refusals.WriteAsync(context, role);
    }
}
