using Erp.Data.Exports;
using Erp.Data.Paging;
using Erp.Data.Products;
using Erp.Web.Paging;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages.Products;

public sealed class IndexModel(ProductListStore store, CursorCodec codec) : KeysetListPage<ProductListItem>(codec)
{
    public static readonly IReadOnlyDictionary<string, ProductSort> Sorts =
        new Dictionary<string, ProductSort> { ["name"] = ProductSort.Name, ["sku"] = ProductSort.Sku };

    [BindProperty(Name = "sort", SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(Name = "q", SupportsGet = true)] public string? Q { get; set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (query, error) = Filters();
        return ListAsync(new ListFilters(new CursorScope("products", query.Sort.ToString(), $"q={query.Prefix}"), error),
            (limit, after) => store.PageAsync(query with { Limit = limit, After = after }, ct),
            row => new KeysetPosition(ProductListStore.SortKey(row, query.Sort), row.Id));
    }

    public Task<IActionResult> OnPostExportAsync([FromServices] ExportStore exports, CancellationToken ct)
    {
        var (query, error) = Filters();
        return ExportAsync(error, new ExportQuery("products", query.Sort.ToString(), null, null, null, null, query.Prefix), exports, ct);
    }

    private (ProductListQuery Query, string? Error) Filters()
    {
        var p = new ListParams();
        var sort = p.Choice(Sort, "sort", ProductSort.Name, Sorts);
        var prefix = p.Text(Q, "search text", 200);
        return (new ProductListQuery(sort, prefix, 0), p.Error);
    }
}
