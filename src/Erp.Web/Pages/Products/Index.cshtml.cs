using Erp.Data.Products;
using Erp.Data.Exports;
using Erp.Web.Paging;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages.Products;

public sealed class IndexModel(ProductListStore store, CursorCodec codec) : KeysetListPage<ProductListItem>(codec)
{
    public static IReadOnlyDictionary<string, ProductSort> Sorts => ListRequests.ProductSorts;

    [BindProperty(Name = "sort", SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(Name = "q", SupportsGet = true)] public string? Q { get; set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ListAsync(ListRequests.Products(Sort, Q, store), ct);

    public Task<IActionResult> OnPostExportAsync([FromServices] ExportStore exports, CancellationToken ct) =>
        ExportAsync(ListRequests.Products(Sort, Q, store), exports, ct);
}
