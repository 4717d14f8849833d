using Dapper;
using Erp.Data.Caching;
using Erp.Data.Infrastructure;
using Erp.Data.Stock;
using MySqlConnector;

namespace Erp.Data.Products;

public sealed class ProductStore(Db db, StockStore stock)
{
    public const string SkuKey = "ux_products_sku";
    public const int RecentMovements = 20;

    private const string Columns = """
        id, sku, name, unit_price AS UnitPrice, on_hand AS OnHand, reserved, reorder_level AS ReorderLevel,
        version, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    /// <summary>
    /// The product record comes from the cache (tag product:N); its stock counters change with every
    /// reservation, so they are read apart, in one small query, each time (ADR 0010).
    /// </summary>
    public async Task<Product?> GetAsync(long id, CancellationToken ct)
    {
        var product = await db.Cache.GetOrSetAsync(CacheKeys.Product(id), ct => ReadRecordAsync(id, ct), _ => [CacheKeys.Product(id)], ct);
        return product is null || await stock.CountersAsync(id, ct) is not { } counters
            ? null
            : product with { OnHand = counters.OnHand, Reserved = counters.Reserved };
    }

    private async Task<Product?> ReadRecordAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Product>(new CommandDefinition(
            $"SELECT {Columns} FROM products WHERE id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>The product with its latest stock movements (newest first), for the product page.</summary>
    public async Task<ProductDetail?> DetailAsync(long id, CancellationToken ct)
    {
        var product = await GetAsync(id, ct);
        return product is null ? null : new ProductDetail(product, await stock.RecentMovementsAsync(id, RecentMovements, ct));
    }

    /// <summary>
    /// Inserts the product and records its opening stock as the first movement, in one transaction:
    /// a product never exists without the movement that explains its on-hand quantity.
    /// </summary>
    public Task<SaveResult<Product>> CreateAsync(ProductInput input, int openingStock, CancellationToken ct) =>
        UniqueKey.CatchDuplicateAsync(() => db.WriteAsync(async uow =>
        {
            var id = await uow.QuerySingleOrDefaultAsync<long>("""
                INSERT INTO products (sku, name, unit_price, on_hand, reserved, reorder_level, created_at, updated_at, version)
                VALUES (@Sku, @Name, @UnitPrice, 0, 0, @ReorderLevel, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 1);
                SELECT LAST_INSERT_ID();
                """, input, ct);
            uow.Changed(Entities.Product, id);
            if (!await stock.RecordOpeningAsync(uow, id, openingStock, ct))
            {
                throw new InvalidOperationException($"Opening stock {openingStock} was refused for the new product {id}.");
            }
            return SaveResult<Product>.Saved((await ReadAsync(uow, id, ct))!);
        }, ct));

    /// <summary>
    /// Saves the form over the row only while it still has the version the user edited; otherwise
    /// nothing changes and the result carries the stored row. Stock columns are left alone: stock
    /// movements change them without bumping the version, so they never make an edit stale.
    /// </summary>
    public Task<SaveResult<Product>> UpdateAsync(long id, int version, ProductInput input, CancellationToken ct) =>
        UpdateAsync(id, version, input, keepUnitPrice: false, ct);

    /// <summary>
    /// As above; with <paramref name="keepUnitPrice"/> the stored unit price stays as it is, whatever the
    /// input says (a user who may not change it): decided in the UPDATE itself, not from a cached copy.
    /// </summary>
    public Task<SaveResult<Product>> UpdateAsync(long id, int version, ProductInput input, bool keepUnitPrice, CancellationToken ct) =>
        UniqueKey.CatchDuplicateAsync(() => db.WriteAsync(async uow =>
        {
            var changed = await uow.ExecuteAsync("""
                UPDATE products
                SET sku = @Sku, name = @Name, unit_price = CASE WHEN @keepUnitPrice THEN unit_price ELSE @UnitPrice END,
                    reorder_level = @ReorderLevel,
                    updated_at = UTC_TIMESTAMP(6), version = version + 1
                WHERE id = @id AND version = @version
                """, new { id, version, input.Sku, input.Name, input.UnitPrice, input.ReorderLevel, keepUnitPrice }, ct);
            if (changed == 1)
            {
                uow.Changed(Entities.Product, id);
            }
            var row = await ReadAsync(uow, id, ct);
            return row is null ? SaveResult<Product>.NotFound()
                : changed == 0 ? SaveResult<Product>.Conflict(row)
                : SaveResult<Product>.Saved(row);
        }, ct));

    /// <summary>Adds or removes on-hand units with a reason; refused when fewer would remain than are reserved.</summary>
    public async Task<AdjustResult> AdjustStockAsync(long id, int delta, string reason, CancellationToken ct)
    {
        try
        {
            return await db.WriteAsync(async uow =>
            {
                var adjusted = await stock.AdjustAsync(uow, id, delta, reason, ct);
                var row = await ReadAsync(uow, id, ct);
                return new AdjustResult(row is null ? AdjustStatus.NotFound
                    : adjusted ? AdjustStatus.Adjusted
                    : AdjustStatus.BelowReserved, row);
            }, ct);
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.WarningDataOutOfRange)
        {
            // on_hand is an INT: an increase past its range is refused by the database, not wrapped.
            return new AdjustResult(AdjustStatus.TooLarge, await GetAsync(id, ct));
        }
    }

    private static Task<Product?> ReadAsync(UnitOfWork uow, long id, CancellationToken ct) =>
        uow.QuerySingleOrDefaultAsync<Product>($"SELECT {Columns} FROM products WHERE id = @id", new { id }, ct);
}
