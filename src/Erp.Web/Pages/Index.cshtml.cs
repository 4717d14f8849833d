using Erp.Data.Dashboard;
using Erp.Web.Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Pages;

/// <summary>The dashboard: the page paints at once, its figures come with hx-trigger="load" (cached aggregates).</summary>
public sealed class IndexModel(DashboardStore dashboard) : PageModel
{
    public DashboardFigures? Figures { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnGetFiguresAsync(CancellationToken ct)
    {
        Figures = await dashboard.GetAsync(ct);
        return this.PageOrFragment("_Figures");
    }
}
