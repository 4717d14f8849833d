using Erp.Data.Invoices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Pages.Invoices;

public sealed class DetailsModel(InvoiceStore invoices) : PageModel
{
    public InvoiceDetail Invoice { get; private set; } = null!;

    /// <summary>An unknown ?handler= is a 404 (Razor Pages would render the page without loading the invoice).</summary>
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (context.HandlerMethod is null)
        {
            context.Result = NotFound();
        }
    }

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
