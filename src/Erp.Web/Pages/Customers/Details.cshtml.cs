using Erp.Data.Customers;
using Erp.Data.Infrastructure;
using Erp.Web.Audit;
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

    /// <summary>The History section (htmx, loaded when revealed): this customer's changes, newest first.</summary>
    public Task<IActionResult> OnGetHistoryAsync(string? older, [FromServices] RecordHistory history, CancellationToken ct) =>
        history.SectionAsync(this, Entities.Customer, Id, older, ct);
}
