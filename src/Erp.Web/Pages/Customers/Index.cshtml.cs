using Erp.Data.Customers;
using Erp.Data.Exports;
using Erp.Web.Paging;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages.Customers;

public sealed class IndexModel(CustomerListStore store, CursorCodec codec) : KeysetListPage<CustomerListItem>(codec)
{
    public static IReadOnlyDictionary<string, CustomerSort> Sorts => ListRequests.CustomerSorts;

    [BindProperty(Name = "sort", SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(Name = "q", SupportsGet = true)] public string? Q { get; set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ListAsync(ListRequests.Customers(Sort, Q, store), ct);

    public Task<IActionResult> OnPostExportAsync([FromServices] ExportStore exports, CancellationToken ct) =>
        ExportAsync(ListRequests.Customers(Sort, Q, store), exports, ct);
}
