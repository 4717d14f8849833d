using Erp.Data.Invoices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Pages.Invoices;

public sealed class DetailsModel(InvoiceStore invoices) : PageModel
{
    public InvoiceDetail Invoice { get; private set; } = null!;

    /// <summary>The configured address as printed: one entry per line of Company:Address.</summary>
    public IEnumerable<string> CompanyAddressLines => Lines(Invoice.CompanyAddress);

    /// <summary>Street, then postal code and city on one line, then country; empty parts are left out.</summary>
    public IEnumerable<string> CustomerAddressLines => Lines(Invoice.CustomerAddress,
        string.Join(' ', new[] { Invoice.CustomerPostalCode, Invoice.CustomerCity }.Where(p => !string.IsNullOrWhiteSpace(p))),
        Invoice.CustomerCountry);

    private static IEnumerable<string> Lines(params string?[] parts) =>
        parts.SelectMany(p => (p ?? "").Split('\n')).Select(l => l.Trim()).Where(l => l.Length > 0);

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
