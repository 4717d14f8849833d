using Erp.Data.Customers;
using Erp.Data.Paging;
using Erp.Web.Paging;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages.Customers;

public sealed class IndexModel(CustomerListStore store, CursorCodec codec) : KeysetListPage<CustomerListItem>(codec)
{
    public static readonly IReadOnlyDictionary<string, CustomerSort> Sorts =
        new Dictionary<string, CustomerSort> { ["name"] = CustomerSort.Name, ["code"] = CustomerSort.Code };

    [FromQuery(Name = "sort")] public string? Sort { get; set; }
    [FromQuery(Name = "q")] public string? Q { get; set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var p = new ListParams();
        var sort = p.Choice(Sort, "sort", CustomerSort.Name, Sorts);
        var prefix = p.Text(Q, "search text", 200);
        var query = new CustomerListQuery(sort, prefix, 0);
        return ListAsync(new ListFilters(new CursorScope("customers", sort.ToString(), $"q={prefix}"), p.Error),
            (limit, after) => store.PageAsync(query with { Limit = limit, After = after }, ct),
            row => new KeysetPosition(CustomerListStore.SortKey(row, sort), row.Id));
    }
}
