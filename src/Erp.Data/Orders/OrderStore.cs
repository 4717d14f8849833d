using Dapper;
using Erp.Data.Caching;
using MySqlConnector;
using Erp.Data.Infrastructure;
using Erp.Data.Rules;

namespace Erp.Data.Orders;

/// <summary>
/// Draft orders and their lines. Every line change locks the order, checks that it is a draft at
/// the version the caller saw, and recomputes the stored total in the same transaction.
/// Transitions live in <see cref="OrderWorkflow"/>.
/// </summary>
public sealed class OrderStore(Db db)
{
    private static readonly string[] DraftOnly = [OrderStatus.Draft];
    private const string DraftOnlyMessage = "Lines can only be changed while the order is a draft.";

    /// <summary>Creates a draft order for the customer; null when the customer does not exist.</summary>
    public Task<long?> CreateDraftAsync(long customerId, CancellationToken ct) =>
        db.WriteAsync(async uow =>
        {
            var inserted = await uow.ExecuteAsync("""
                INSERT INTO sales_orders (customer_id, status, order_date, total, created_at, updated_at, version)
                SELECT id, 'draft', UTC_TIMESTAMP(6), 0, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 1
                FROM customers WHERE id = @customerId
                """, new { customerId }, ct);
            if (inserted != 1)
            {
                return null;
            }
            var id = await uow.QuerySingleOrDefaultAsync<long>("SELECT CAST(LAST_INSERT_ID() AS SIGNED)", null, ct);
            uow.Changed(Entities.Order, id);
            return (long?)id;
        }, ct);

    /// <summary>
    /// Creates a draft with its lines in one transaction (the API's POST /api/v1/orders): every line takes its
    /// product's current price, and a refused line leaves nothing behind. Result Id: the new order's.
    /// Fields of refusals: "Customer", "Lines[i].Product", "Lines[i].Quantity".
    /// </summary>
    public Task<OrderResult> CreateWithLinesAsync(long customerId, IReadOnlyList<NewOrderLine> lines, CancellationToken ct) =>
        OrderGuard.RunAsync(db, async uow =>
        {
            // Prices and totals first, so the order is inserted once with its total: one audit row per row written.
            var priced = new List<(long ProductId, int Quantity, decimal Price, decimal LineTotal)>(lines.Count);
            decimal total = 0;
            for (var i = 0; i < lines.Count; i++)
            {
                var (productId, quantity) = lines[i];
                var price = await uow.QuerySingleOrDefaultAsync<decimal?>(
                    "SELECT unit_price FROM products WHERE id = @productId", new { productId }, ct)
                    ?? throw OrderGuard.Refuse(OrderOutcome.Invalid, $"No product with the id {productId} exists.", $"Lines[{i}].Product");
                var lineTotal = quantity * price;
                total += lineTotal;
                if (lineTotal > Money.Max || total > Money.Max)
                {
                    throw OrderGuard.Refuse(OrderOutcome.Invalid,
                        $"Quantity × unit price would make the order total larger than {Money.Format(Money.Max)}.", $"Lines[{i}].Quantity");
                }
                priced.Add((productId, quantity, price, lineTotal));
            }
            var inserted = await uow.ExecuteAsync("""
                INSERT INTO sales_orders (customer_id, status, order_date, total, created_at, updated_at, version)
                SELECT id, 'draft', UTC_TIMESTAMP(6), @total, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 1
                FROM customers WHERE id = @customerId
                """, new { customerId, total }, ct);
            if (inserted != 1)
            {
                throw OrderGuard.Refuse(OrderOutcome.Invalid, "No customer with that id exists.", "Customer");
            }
            var orderId = await uow.QuerySingleOrDefaultAsync<long>("SELECT CAST(LAST_INSERT_ID() AS SIGNED)", null, ct);
            uow.Changed(Entities.Order, orderId);
            for (var i = 0; i < priced.Count; i++)
            {
                var (productId, quantity, price, lineTotal) = priced[i];
                var lineId = await uow.QuerySingleOrDefaultAsync<long>("""
                    INSERT INTO sales_order_lines (order_id, line_no, product_id, quantity, unit_price, line_total)
                    VALUES (@orderId, @lineNo, @productId, @quantity, @price, @lineTotal);
                    SELECT CAST(LAST_INSERT_ID() AS SIGNED);
                    """, new { orderId, lineNo = i + 1, productId, quantity, price, lineTotal }, ct);
                uow.Changed(Entities.OrderLine, lineId);
            }
            return OrderResult.Done(orderId);
        }, ct);

    /// <summary>The order with its lines; cached under its own tag, its customer's and its products' (they show their names).</summary>
    public async Task<OrderDetail?> GetAsync(long id, CancellationToken ct) =>
        await db.Cache.GetOrSetAsync(CacheKeys.Order(id), ct => ReadDetailAsync(id, ct), order => order is null ? [CacheKeys.Order(id)]
            : [CacheKeys.Order(id), CacheKeys.Customer(order.CustomerId), .. order.Lines.Select(l => CacheKeys.Product(l.ProductId))], ct);

    private async Task<OrderDetail?> ReadDetailAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var order = await connection.QuerySingleOrDefaultAsync<OrderDetail>(new CommandDefinition("""
            SELECT o.id, o.customer_id AS CustomerId, c.code AS CustomerCode, c.name AS CustomerName, o.status,
                   o.order_date AS OrderDate, o.total, o.version, i.id AS InvoiceId, i.invoice_no AS InvoiceNo
            FROM sales_orders o
            JOIN customers c ON c.id = o.customer_id
            LEFT JOIN invoices i ON i.order_id = o.id
            WHERE o.id = @id
            """, new { id }, cancellationToken: ct));
        if (order is null)
        {
            return null;
        }
        return order with { Lines = await LinesAsync(connection, id, ct) };
    }

    /// <summary>An order's lines with their products as they are now, in line order (invoices keep their own copy).</summary>
    internal static async Task<IReadOnlyList<OrderLine>> LinesAsync(MySqlConnection connection, long orderId, CancellationToken ct) =>
    [
        .. await connection.QueryAsync<OrderLine>(new CommandDefinition("""
            SELECT l.id, l.line_no AS LineNo, l.product_id AS ProductId, p.sku, p.name AS ProductName,
                   l.quantity, l.unit_price AS UnitPrice, l.line_total AS LineTotal
            FROM sales_order_lines l
            JOIN products p ON p.id = l.product_id
            WHERE l.order_id = @orderId
            ORDER BY l.line_no
            """, new { orderId }, cancellationToken: ct)),
    ];

    /// <summary>Adds a line; a null unit price takes the product's current price.</summary>
    public Task<OrderResult> AddLineAsync(long orderId, int version, long productId, int quantity, decimal? unitPrice, CancellationToken ct) =>
        OrderGuard.RunAsync(db, async uow =>
        {
            var order = await OrderGuard.LockAsync(uow, orderId, version, DraftOnly, DraftOnlyMessage, ct);
            var productPrice = await ProductPriceAsync(uow, productId, ct); // also proves the product exists
            var price = unitPrice ?? productPrice;
            var lineTotal = await CheckedLineTotalAsync(uow, orderId, null, quantity, price, ct);
            var lineId = await uow.QuerySingleOrDefaultAsync<long>("""
                INSERT INTO sales_order_lines (order_id, line_no, product_id, quantity, unit_price, line_total)
                SELECT @orderId, COALESCE(MAX(line_no), 0) + 1, @productId, @quantity, @price, @lineTotal
                FROM sales_order_lines WHERE order_id = @orderId;
                SELECT CAST(LAST_INSERT_ID() AS SIGNED);
                """, new { orderId, productId, quantity, price, lineTotal }, ct);
            uow.Changed(Entities.OrderLine, lineId);
            await OrderGuard.CommitChangeAsync(uow, order, OrderStatus.Draft, recomputeTotal: true, ct);
            return OrderResult.Done();
        }, ct);

    /// <summary>Changes a line's quantity and price; a null unit price takes the product's current price.</summary>
    public Task<OrderResult> ChangeLineAsync(long orderId, int version, long lineId, int quantity, decimal? unitPrice, CancellationToken ct) =>
        ChangeLineAsync(orderId, version, lineId, quantity, unitPrice, keepPrice: false, ct);

    /// <summary>
    /// As above; with <paramref name="keepPrice"/> the line keeps the price it has in the locked order
    /// (a user who may not set prices changes only the quantity), read inside the transaction.
    /// </summary>
    public Task<OrderResult> ChangeLineAsync(long orderId, int version, long lineId, int quantity, decimal? unitPrice, bool keepPrice,
        CancellationToken ct) =>
        OrderGuard.RunAsync(db, async uow =>
        {
            var order = await OrderGuard.LockAsync(uow, orderId, version, DraftOnly, DraftOnlyMessage, ct);
            var productId = await LineProductAsync(uow, orderId, lineId, ct);
            var price = keepPrice
                ? await uow.QuerySingleOrDefaultAsync<decimal>(
                    "SELECT unit_price FROM sales_order_lines WHERE id = @lineId AND order_id = @orderId", new { orderId, lineId }, ct)
                : unitPrice ?? await ProductPriceAsync(uow, productId, ct);
            var lineTotal = await CheckedLineTotalAsync(uow, orderId, lineId, quantity, price, ct);
            await uow.ExecuteAsync("""
                UPDATE sales_order_lines SET quantity = @quantity, unit_price = @price, line_total = @lineTotal
                WHERE id = @lineId AND order_id = @orderId
                """, new { orderId, lineId, quantity, price, lineTotal }, ct);
            uow.Changed(Entities.OrderLine, lineId);
            await OrderGuard.CommitChangeAsync(uow, order, OrderStatus.Draft, recomputeTotal: true, ct);
            return OrderResult.Done();
        }, ct);

    public Task<OrderResult> RemoveLineAsync(long orderId, int version, long lineId, CancellationToken ct) =>
        OrderGuard.RunAsync(db, async uow =>
        {
            var order = await OrderGuard.LockAsync(uow, orderId, version, DraftOnly, DraftOnlyMessage, ct);
            await LineProductAsync(uow, orderId, lineId, ct);
            await uow.ExecuteAsync("DELETE FROM sales_order_lines WHERE id = @lineId AND order_id = @orderId",
                new { orderId, lineId }, ct);
            uow.Changed(Entities.OrderLine, lineId);
            await OrderGuard.CommitChangeAsync(uow, order, OrderStatus.Draft, recomputeTotal: true, ct);
            return OrderResult.Done();
        }, ct);

    private static async Task<decimal> ProductPriceAsync(UnitOfWork uow, long productId, CancellationToken ct) =>
        await uow.QuerySingleOrDefaultAsync<decimal?>("SELECT unit_price FROM products WHERE id = @productId", new { productId }, ct)
        ?? throw OrderGuard.Refuse(OrderOutcome.Invalid, "No product with that SKU or name exists.", "Product");

    private static async Task<long> LineProductAsync(UnitOfWork uow, long orderId, long lineId, CancellationToken ct) =>
        await uow.QuerySingleOrDefaultAsync<long?>(
            "SELECT product_id FROM sales_order_lines WHERE id = @lineId AND order_id = @orderId", new { orderId, lineId }, ct)
        ?? throw OrderGuard.Refuse(OrderOutcome.NotFound, "The order has no such line.");

    /// <summary>quantity × price, refused when it or the order total it leads to would not fit DECIMAL(14,2).</summary>
    private static async Task<decimal> CheckedLineTotalAsync(UnitOfWork uow, long orderId, long? replacedLineId, int quantity,
        decimal price, CancellationToken ct)
    {
        var lineTotal = quantity * price;
        var others = await uow.QuerySingleOrDefaultAsync<decimal>("""
            SELECT COALESCE(SUM(line_total), 0) FROM sales_order_lines
            WHERE order_id = @orderId AND id <> @replaced
            """, new { orderId, replaced = replacedLineId ?? 0 }, ct);
        if (lineTotal > Money.Max || others + lineTotal > Money.Max)
        {
            throw OrderGuard.Refuse(OrderOutcome.Invalid,
                $"Quantity × unit price would make the order total larger than {Money.Format(Money.Max)}.", "Quantity");
        }
        return lineTotal;
    }
}
