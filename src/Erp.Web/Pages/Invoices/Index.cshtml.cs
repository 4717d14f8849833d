using Erp.Data.Exports;
using Erp.Data.Invoices;
using Erp.Data.Orders;
using Erp.Data.Paging;
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
        var (query, error) = await FiltersAsync(ct);
        return await ListAsync(new ListFilters(new CursorScope("invoices", "date", $"status={query.Status};{CustomerFilter.ScopeKey}"), error),
            (limit, after) => CustomerFilter.MatchesNothing ? NoRows() : store.PageAsync(query with { Limit = limit, After = after }, ct),
            row => new KeysetPosition(row.InvoiceDate, row.Id));
    }

    public async Task<IActionResult> OnPostExportAsync([FromServices] ExportStore exports, CancellationToken ct)
    {
        var (query, error) = await FiltersAsync(ct);
        // An unknown customer code matches nothing: the export says so with an empty file, as the list does.
        return await ExportAsync(error, new ExportQuery("invoices", null, query.Status, CustomerFilter.MatchesNothing ? -1 : query.CustomerId,
            null, null, null), exports, ct);
    }

    private async Task<(InvoiceListQuery Query, string? Error)> FiltersAsync(CancellationToken ct)
    {
        var p = new ListParams();
        var status = p.OneOf(Status, "status", InvoiceStatus.All);
        CustomerFilter = await CustomerFilter.ResolveAsync(p, Customer, CustomerCode, lookups, ct);
        EmptyMessage = CustomerFilter.Notice;
        return (new InvoiceListQuery(status, CustomerFilter.Id, 0), p.Error);
    }
}
