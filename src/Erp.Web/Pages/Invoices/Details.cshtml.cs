using Erp.Data.Invoices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Pages.Invoices;

public sealed class DetailsModel(InvoiceStore invoices) : PageModel
{
    public InvoiceDetail Invoice { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var invoice = await invoices.GetAsync(id, ct);
        if (invoice is null)
        {
            return NotFound();
        }
        Invoice = invoice;
        return Page();
    }
}
