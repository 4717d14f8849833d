using Erp.Data.Customers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Pages.Customers;

public sealed class DetailsModel(CustomerStore store) : PageModel
{
    [FromRoute]
    public long Id { get; set; }

    public Customer Customer { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await store.GetAsync(Id, ct) is not { } customer)
        {
            return NotFound();
        }
        Customer = customer;
        return Page();
    }
}
