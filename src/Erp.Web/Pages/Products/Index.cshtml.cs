using Erp.Data.Paging;
using Erp.Data.Products;
using Erp.Web.Paging;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages.Products;

public sealed class IndexModel(ProductListStore store, CursorCodec codec) : KeysetListPage<ProductListItem>(codec)
{
    public static readonly IReadOnlyDictionary<string, ProductSort> Sorts =
        new Dictionary<string, ProductSort> { ["name"] = ProductSort.Name, ["sku"] = ProductSort.Sku };

    [FromQuery(Name = "sort")] public string? Sort { get; set; }
    [FromQuery(Name = "q")] public string? Q { get; set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var p = new ListParams();
        var sort = p.Choice(Sort, "sort", ProductSort.Name, Sorts);
        var prefix = p.Text(Q, "search text", 200);
        var query = new ProductListQuery(sort, prefix, 0);
        return ListAsync(new ListFilters(new CursorScope("products", sort.ToString(), $"q={prefix}"), p.Error),
            (limit, after) => store.PageAsync(query with { Limit = limit, After = after }, ct),
            row => new KeysetPosition(ProductListStore.SortKey(row, sort), row.Id));
    }
}
