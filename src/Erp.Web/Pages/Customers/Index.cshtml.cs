using Erp.Data.Customers;
using Erp.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Pages.Customers;

public sealed class IndexModel(CustomerStore store) : PageModel
{
    [FromQuery(Name = "limit")]
    public int? Limit { get; set; }

    public IReadOnlyList<CustomerListItem> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Rows = await store.FirstPageAsync(PageSize.Clamp(Limit), ct);
        return this.PageOrRows("_Rows");
    }
}
