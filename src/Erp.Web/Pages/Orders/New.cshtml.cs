using Erp.Data.Orders;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Pages.Orders;

public sealed class NewModel(OrderLookupStore lookups, OrderStore orders) : PageModel
{
    [BindProperty]
    public string? Customer { get; set; }

    public IReadOnlyList<PickItem> Options { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Options = await lookups.SearchCustomersAsync(null, ct);

    /// <summary>The datalist options for what has been typed so far (htmx, as the user types).</summary>
    public async Task<IActionResult> OnGetCustomersAsync([FromQuery(Name = "Customer")] string? customer, CancellationToken ct) =>
        Partial("_PickOptions", await lookups.SearchCustomersAsync(customer, ct));

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        (var customerId, Options) = await Picker.Customer.ResolveAsync(Customer, lookups.ResolveCustomerAsync, ModelState, nameof(Customer), ct);
        if (customerId is null)
        {
            return await RefuseAsync(ct);
        }
        var id = await orders.CreateDraftAsync(customerId.Value, ct);
        if (id is null)
        {
            ModelState.AddModelError(nameof(Customer), "That customer no longer exists.");
            return await RefuseAsync(ct);
        }
        return RedirectToPage("Details", new { id });
    }

    private async Task<IActionResult> RefuseAsync(CancellationToken ct)
    {
        if (Options.Count == 0)
        {
            Options = await lookups.SearchCustomersAsync(null, ct);
        }
        return new PageResult { StatusCode = StatusCodes.Status422UnprocessableEntity };
    }
}
