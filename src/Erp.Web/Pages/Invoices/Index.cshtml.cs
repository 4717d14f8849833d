using Erp.Data.Invoices;
using Erp.Data.Orders;
using Erp.Web.Paging;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages.Invoices;

public sealed class IndexModel(InvoiceListStore store, OrderLookupStore lookups, CursorCodec codec) : KeysetListPage<InvoiceListItem>(codec)
{
    [FromQuery(Name = "status")] public string? Status { get; set; }
    [FromQuery(Name = "customer")] public string? Customer { get; set; }
    [FromQuery(Name = "customer_code")] public string? CustomerCode { get; set; }

    public CustomerFilter CustomerFilter { get; private set; } = CustomerFilter.None;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var request = await ListRequests.InvoicesAsync(new InvoiceListArgs(Status, Customer, CustomerCode), store, lookups, ct);
        CustomerFilter = request.Customer;
        return await ListAsync(request, ct);
    }
}
