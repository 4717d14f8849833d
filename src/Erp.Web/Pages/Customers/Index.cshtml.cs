using Erp.Data.Customers;
using Erp.Data.Exports;
using Erp.Data.Paging;
using Erp.Web.Paging;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages.Customers;

public sealed class IndexModel(CustomerListStore store, CursorCodec codec) : KeysetListPage<CustomerListItem>(codec)
{
    public static readonly IReadOnlyDictionary<string, CustomerSort> Sorts =
        new Dictionary<string, CustomerSort> { ["name"] = CustomerSort.Name, ["code"] = CustomerSort.Code };

    [BindProperty(Name = "sort", SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(Name = "q", SupportsGet = true)] public string? Q { get; set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (query, error) = Filters();
        return ListAsync(new ListFilters(new CursorScope("customers", query.Sort.ToString(), $"q={query.Prefix}"), error),
            (limit, after) => store.PageAsync(query with { Limit = limit, After = after }, ct),
            row => new KeysetPosition(CustomerListStore.SortKey(row, query.Sort), row.Id));
    }

    public Task<IActionResult> OnPostExportAsync([FromServices] ExportStore exports, CancellationToken ct)
    {
        var (query, error) = Filters();
        return ExportAsync(error, new ExportQuery("customers", query.Sort.ToString(), null, null, null, null, query.Prefix), exports, ct);
    }

    private (CustomerListQuery Query, string? Error) Filters()
    {
        var p = new ListParams();
        var sort = p.Choice(Sort, "sort", CustomerSort.Name, Sorts);
        var prefix = p.Text(Q, "search text", 200);
        return (new CustomerListQuery(sort, prefix, 0), p.Error);
    }
}
