using System.Globalization;
using System.Security.Claims;
using Erp.Data.Infrastructure;
using Erp.Web.Security;

namespace Erp.Web.Hosting;

/// <summary>
/// The write context of the current request: the signed-in user, the client address (after the
/// forwarded-headers middleware, when configured) and the trace id. Stores never receive these by
/// hand; <see cref="Db"/> asks this accessor when a unit of work begins. Outside a request (verbs,
/// hosted workers) the context is "system" unless a <see cref="WriteContextScope"/> says otherwise.
/// </summary>
public sealed class RequestWriteContext(IHttpContextAccessor http) : IWriteContextAccessor
{
    public WriteContext Current
    {
        get
        {
            if (WriteContextScope.Current is { } scoped)
            {
                return scoped;
            }
            var context = http.HttpContext;
            if (context is null)
            {
                return WriteContext.System;
            }
            var user = context.User;
            long? actorId = long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None,
                CultureInfo.InvariantCulture, out var id) ? id : null;
            var actorName = user.Identity?.IsAuthenticated == true ? user.Identity.Name ?? "user" : "anonymous";
            return new WriteContext(actorId, actorName, ClientAddress.Normalize(context.Connection.RemoteIpAddress), RequestIds.Of(context));
        }
    }
}
