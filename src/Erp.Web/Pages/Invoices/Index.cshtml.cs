using Erp.Data.Invoices;
using Erp.Data.Orders;
using Erp.Data.Exports;
using Erp.Web.Paging;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages.Invoices;

public sealed class IndexModel(InvoiceListStore store, OrderLookupStore lookups, CursorCodec codec) : KeysetListPage<InvoiceListItem>(codec)
{
    [BindProperty(Name = "status", SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(Name = "customer", SupportsGet = true)] public string? Customer { get; set; }
    [BindProperty(Name = "customer_code", SupportsGet = true)] public string? CustomerCode { get; set; }

    public CustomerFilter CustomerFilter { get; private set; } = CustomerFilter.None;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var request = await ListRequests.InvoicesAsync(new InvoiceListArgs(Status, Customer, CustomerCode), store, lookups, ct);
        CustomerFilter = request.Customer;
        return await ListAsync(request, ct);
    }

    public async Task<IActionResult> OnPostExportAsync([FromServices] ExportStore exports, CancellationToken ct)
    {
        var request = await ListRequests.InvoicesAsync(new InvoiceListArgs(Status, Customer, CustomerCode), store, lookups, ct);
        CustomerFilter = request.Customer;
        return await ExportAsync(request, exports, ct);
    }
}
