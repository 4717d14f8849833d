using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Erp.Web.Security;

/// <summary>
/// Applies the matrix's handler rules: Razor Pages authorizes whole pages only, so an admin-only
/// handler on an employee page (a stock adjustment) is checked here, before the handler runs. A
/// refused request changes nothing.
/// </summary>
public sealed class HandlerPermissionFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod is { } handler
            && PermissionMatrix.For(context.ActionDescriptor.ViewEnginePath) is { } page
            && page.Handlers.TryGetValue(PermissionMatrix.HandlerKey(handler.HttpMethod, handler.Name), out var access)
            && access != page.Access
            && access is not (PermissionMatrix.Anonymous or PermissionMatrix.SignedIn))
        {
            var authorization = context.HttpContext.RequestServices.GetRequiredService<IAuthorizationService>();
            if (!await authorization.MayAsync(context.HttpContext.User, access))
            {
                context.Result = new RefusalResult(Policies.RoleFor.GetValueOrDefault(access));
                return;
            }
        }
        await next();
    }
}
