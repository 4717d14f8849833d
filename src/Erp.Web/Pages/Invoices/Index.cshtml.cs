using Erp.Data.Invoices;
using Erp.Data.Paging;
using Erp.Web.Paging;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages.Invoices;

public sealed class IndexModel(InvoiceListStore store, CursorCodec codec) : KeysetListPage<InvoiceListItem>(codec)
{
    [FromQuery(Name = "status")] public string? Status { get; set; }
    [FromQuery(Name = "customer")] public string? Customer { get; set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var p = new ListParams();
        var status = p.OneOf(Status, "status", InvoiceStatus.All);
        var customer = p.Id(Customer, "customer");
        var query = new InvoiceListQuery(status, customer, 0);
        return ListAsync(new ListFilters(new CursorScope("invoices", "date", $"status={status};customer={customer}"), p.Error),
            (limit, after) => store.PageAsync(query with { Limit = limit, After = after }, ct),
            row => new KeysetPosition(row.InvoiceDate, row.Id));
    }
}
