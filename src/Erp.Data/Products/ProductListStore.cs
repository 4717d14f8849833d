using Dapper;
using Erp.Data.Caching;
using Erp.Data.Infrastructure;
using Erp.Data.Paging;

namespace Erp.Data.Products;

public enum ProductSort { Name, Sku }

public sealed record ProductListQuery(ProductSort Sort, string? Prefix, int Limit, KeysetPosition? After = null);

public sealed class ProductListStore(Db db)
{
    /// <summary>The first page without a prefix is cached (tag list:products); other pages are read each time.</summary>
    public async Task<Page<ProductListItem>> PageAsync(ProductListQuery query, CancellationToken ct) =>
        query is { After: null, Prefix: null or "" }
            ? await db.Cache.GetOrSetAsync(CacheKeys.FirstPage(CacheKeys.ProductsList, query.Sort, query.Limit),
                ct => ReadPageAsync(query, ct), _ => [CacheKeys.ProductsList], ct)
            : await ReadPageAsync(query, ct);

    /// <summary>A page read from the database, never from the cache (cursor pages, and exports in large batches).</summary>
    public async Task<Page<ProductListItem>> ReadPageAsync(ProductListQuery query, CancellationToken ct)
    {
        var (sql, args) = PageCommand(query);
        await using var connection = await db.OpenAsync(ct);
        return Keyset.ToPage(await connection.QueryAsync<ProductListItem>(new CommandDefinition(sql, args, cancellationToken: ct)), query.Limit, query.After);
    }

    public static object SortKey(ProductListItem row, ProductSort sort) => sort == ProductSort.Sku ? row.Sku : row.Name;

    public static (string Sql, DynamicParameters Args) PageCommand(ProductListQuery query) =>
        TextSortedList.PageCommand("id, sku, name, unit_price AS UnitPrice, on_hand AS OnHand, reserved, reorder_level AS ReorderLevel", "products", query.Sort switch
        {
            ProductSort.Name => new TextSort("ix_products_name", "name", Unique: false),
            ProductSort.Sku => new TextSort("ux_products_sku", "sku", Unique: true),
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Sort, "Unknown sort."),
        }, query.Prefix, query.Limit, query.After);
}
