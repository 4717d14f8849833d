using Dapper;
using Erp.Data.Infrastructure;
using Erp.Data.Paging;

namespace Erp.Data.Products;

public enum ProductSort { Name, Sku }

public sealed record ProductListQuery(ProductSort Sort, string? Prefix, int Limit, KeysetPosition? After = null);

public sealed class ProductListStore(Db db)
{
    public async Task<Page<ProductListItem>> PageAsync(ProductListQuery query, CancellationToken ct)
    {
        var (sql, args) = PageCommand(query);
        await using var connection = await db.OpenAsync(ct);
        return Keyset.ToPage(await connection.QueryAsync<ProductListItem>(new CommandDefinition(sql, args, cancellationToken: ct)), query.Limit);
    }

    public static object SortKey(ProductListItem row, ProductSort sort) => sort == ProductSort.Sku ? row.Sku : row.Name;

    public static (string Sql, DynamicParameters Args) PageCommand(ProductListQuery query)
    {
        var (index, key, unique) = query.Sort switch
        {
            ProductSort.Name => ("ix_products_name", "name", false),
            ProductSort.Sku => ("ux_products_sku", "sku", true),
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Sort, "Unknown sort."),
        };
        var filter = new KeysetFilter(query.Limit)
            .Add($"{key} LIKE @prefix", "prefix", string.IsNullOrEmpty(query.Prefix) ? null : Keyset.Prefix(query.Prefix))
            .After(query.After, key, descending: false, unique);
        var sql = $"""
            SELECT id, sku, name, unit_price AS UnitPrice, on_hand AS OnHand, reserved, reorder_level AS ReorderLevel
            FROM products FORCE INDEX ({index})
            {filter.Where}
            ORDER BY {Keyset.OrderBy(key, descending: false, unique)}
            LIMIT @take
            """;
        return (sql, filter.Args);
    }
}
