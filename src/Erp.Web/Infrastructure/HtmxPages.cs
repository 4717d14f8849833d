using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Infrastructure;

public static class PageSize
{
    public const int Default = 50;
    public const int Max = 200;

    /// <summary>Pages clamp the requested size (the API refuses sizes above <see cref="Max"/> instead).</summary>
    public static int Clamp(int? requested) => Math.Clamp(requested ?? Default, 1, Max);
}

public static class HtmxPages
{
    /// <summary>
    /// One markup source: the rows fragment for htmx requests, the full page otherwise (also for
    /// a history restore, which sends HX-Request too but needs the whole page).
    /// </summary>
    public static IActionResult PageOrRows(this PageModel page, string partialName)
    {
        page.Response.Headers.Vary = "HX-Request";
        var request = page.Request;
        var historyRestore = request.Headers.ContainsKey("HX-History-Restore-Request");
        return request.IsHtmx() && !historyRestore
            ? page.Partial(partialName, page)
            : page.Page();
    }
}
