using Erp.Data.Invoices;
using Erp.Data.Orders;
using Erp.Data.Paging;
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
        var p = new ListParams();
        var status = p.OneOf(Status, "status", InvoiceStatus.All);
        CustomerFilter = await CustomerFilter.ResolveAsync(p, Customer, CustomerCode, lookups, ct);
        EmptyMessage = CustomerFilter.Notice;
        var query = new InvoiceListQuery(status, CustomerFilter.Id, 0);
        return await ListAsync(new ListFilters(new CursorScope("invoices", "date", $"status={status};{CustomerFilter.ScopeKey}"), p.Error),
            (limit, after) => CustomerFilter.MatchesNothing ? NoRows() : store.PageAsync(query with { Limit = limit, After = after }, ct),
            row => new KeysetPosition(row.InvoiceDate, row.Id));
    }
}
