using Dapper;
using Erp.Data.Infrastructure;

namespace Erp.Data.Orders;

/// <summary>Read side of the orders list (keyset pages); order writes live in OrderStore.</summary>
public sealed class OrderListStore(Db db)
{
    public async Task<IReadOnlyList<OrderListItem>> FirstPageAsync(int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<OrderListItem>(new CommandDefinition("""
            SELECT o.id, o.order_date AS OrderDate, o.customer_id AS CustomerId, c.name AS CustomerName,
                   o.status, o.total
            FROM sales_orders o FORCE INDEX (ix_orders_date)
            JOIN customers c ON c.id = o.customer_id
            ORDER BY o.order_date DESC, o.id DESC
            LIMIT @limit
            """, new { limit }, cancellationToken: ct));
        return [.. rows];
    }
}
