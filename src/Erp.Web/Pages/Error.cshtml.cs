using Erp.Web.Hosting;

namespace Erp.Web.Pages;

/// <summary>
/// The page the exception handler re-executes outside Development, for every method. It shows the
/// request id that the X-Request-Id header and the logs carry.
/// </summary>
public sealed class ErrorModel : AnyMethodPage
{
    public string RequestId => RequestIds.Of(HttpContext);
}
