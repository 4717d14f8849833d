using Erp.Data.Customers;
using Erp.Web.Paging;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages.Customers;

public sealed class IndexModel(CustomerListStore store, CursorCodec codec) : KeysetListPage<CustomerListItem>(codec)
{
    public static IReadOnlyDictionary<string, CustomerSort> Sorts => ListRequests.CustomerSorts;

    [FromQuery(Name = "sort")] public string? Sort { get; set; }
    [FromQuery(Name = "q")] public string? Q { get; set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ListAsync(ListRequests.Customers(Sort, Q, store), ct);
}
