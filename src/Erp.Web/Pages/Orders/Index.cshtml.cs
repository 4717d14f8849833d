using Erp.Data.Orders;
using Erp.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Pages.Orders;

public sealed class IndexModel(OrderListStore store) : PageModel
{
    [FromQuery(Name = "limit")]
    public int? Limit { get; set; }

    public IReadOnlyList<OrderListItem> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Rows = await store.FirstPageAsync(PageSize.Clamp(Limit), ct);
        return this.PageOrRows("_Rows");
    }
}
