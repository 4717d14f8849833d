using Erp.Data.Products;
using Erp.Web.Paging;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages.Products;

public sealed class IndexModel(ProductListStore store, CursorCodec codec) : KeysetListPage<ProductListItem>(codec)
{
    public static IReadOnlyDictionary<string, ProductSort> Sorts => ListRequests.ProductSorts;

    [FromQuery(Name = "sort")] public string? Sort { get; set; }
    [FromQuery(Name = "q")] public string? Q { get; set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ListAsync(ListRequests.Products(Sort, Q, store), ct);
}
