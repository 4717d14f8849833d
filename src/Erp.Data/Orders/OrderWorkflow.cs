using Erp.Data.Infrastructure;
using Erp.Data.Rules;
using Erp.Data.Stock;

namespace Erp.Data.Orders;

/// <summary>
/// Order transitions: confirm (credit limit + stock reservation, all or nothing), ship, cancel.
/// Each one locks the order, checks status and version, and ends with the guarded UPDATE.
/// Lock order is always order row → customer row → product rows by id, so concurrent
/// transitions queue instead of deadlocking.
/// </summary>
public sealed class OrderWorkflow(Db db, StockStore stock)
{
    private static readonly string[] FromDraft = [OrderStatus.Draft];
    private static readonly string[] FromConfirmed = [OrderStatus.Confirmed];
    private static readonly string[] Cancellable = [OrderStatus.Draft, OrderStatus.Confirmed];

    private sealed record ProductQuantity(long ProductId, string Sku, string Name, decimal Quantity);

    private sealed record Exposure(decimal OrdersTotal, decimal InvoicesTotal);

    public Task<OrderResult> ConfirmAsync(long orderId, int version, CancellationToken ct) =>
        OrderGuard.RunAsync(db, async uow =>
        {
            var order = await OrderGuard.LockAsync(uow, orderId, version, FromDraft, "Only a draft order can be confirmed.", ct);
            var lines = await QuantitiesAsync(uow, orderId, ct);
            if (lines.Count == 0)
            {
                throw OrderGuard.Refuse(OrderOutcome.Invalid, "Add at least one line before confirming the order.");
            }
            await CheckCreditAsync(uow, order, ct);
            foreach (var line in lines)
            {
                if (!await stock.TryReserveAsync(uow, line.ProductId, (int)line.Quantity, orderId, ct))
                {
                    var available = await uow.QuerySingleOrDefaultAsync<int>(
                        "SELECT on_hand - reserved FROM products WHERE id = @ProductId", new { line.ProductId }, ct);
                    throw OrderGuard.Refuse(OrderOutcome.Conflict,
                        $"Not enough stock of {line.Sku} {line.Name}: {line.Quantity:0} ordered, {available} available. Nothing was reserved.");
                }
            }
            await OrderGuard.CommitChangeAsync(uow, order, OrderStatus.Confirmed, recomputeTotal: false, ct);
            return OrderResult.Done();
        }, ct);

    public Task<OrderResult> ShipAsync(long orderId, int version, CancellationToken ct) =>
        OrderGuard.RunAsync(db, async uow =>
        {
            var order = await OrderGuard.LockAsync(uow, orderId, version, FromConfirmed, "Only a confirmed order can be shipped.", ct);
            foreach (var line in await QuantitiesAsync(uow, orderId, ct))
            {
                if (!await stock.ShipAsync(uow, line.ProductId, (int)line.Quantity, orderId, ct))
                {
                    throw OrderGuard.Refuse(OrderOutcome.Conflict,
                        $"The stock reserved for {line.Sku} {line.Name} is missing, so nothing was shipped. Check the product's stock movements.");
                }
            }
            await OrderGuard.CommitChangeAsync(uow, order, OrderStatus.Shipped, recomputeTotal: false, ct);
            return OrderResult.Done();
        }, ct);

    public Task<OrderResult> CancelAsync(long orderId, int version, CancellationToken ct) =>
        OrderGuard.RunAsync(db, async uow =>
        {
            var order = await OrderGuard.LockAsync(uow, orderId, version, Cancellable,
                "Only a draft or confirmed order can be cancelled; shipped goods are not taken back here.", ct);
            if (order.Status == OrderStatus.Confirmed)
            {
                foreach (var line in await QuantitiesAsync(uow, orderId, ct))
                {
                    if (!await stock.ReleaseAsync(uow, line.ProductId, (int)line.Quantity, orderId, ct))
                    {
                        throw OrderGuard.Refuse(OrderOutcome.Conflict,
                            $"The stock reserved for {line.Sku} {line.Name} is missing, so the order was not cancelled.");
                    }
                }
            }
            await OrderGuard.CommitChangeAsync(uow, order, OrderStatus.Cancelled, recomputeTotal: false, ct);
            return OrderResult.Done();
        }, ct);

    /// <summary>
    /// Exposure = totals of the customer's confirmed and shipped orders + totals of their open invoices.
    /// The customer row is locked first so two confirmations for one customer cannot both fit the same headroom.
    /// </summary>
    private static async Task CheckCreditAsync(UnitOfWork uow, LockedOrder order, CancellationToken ct)
    {
        var limit = await uow.QuerySingleOrDefaultAsync<decimal>(
            "SELECT credit_limit FROM customers WHERE id = @CustomerId FOR UPDATE", new { order.CustomerId }, ct);
        var exposure = await uow.QuerySingleOrDefaultAsync<Exposure>("""
            SELECT (SELECT COALESCE(SUM(total), 0) FROM sales_orders
                    WHERE customer_id = @CustomerId AND status IN ('confirmed', 'shipped')) AS OrdersTotal,
                   (SELECT COALESCE(SUM(total), 0) FROM invoices
                    WHERE customer_id = @CustomerId AND status = 'open') AS InvoicesTotal
            """, new { order.CustomerId }, ct) ?? new Exposure(0, 0);
        var current = exposure.OrdersTotal + exposure.InvoicesTotal;
        if (current + order.Total > limit)
        {
            throw OrderGuard.Refuse(OrderOutcome.Invalid,
                $"Credit limit exceeded: the customer's limit is {Money.Format(limit)}, their current exposure is " +
                $"{Money.Format(current)} (confirmed and shipped orders {Money.Format(exposure.OrdersTotal)}, open invoices " +
                $"{Money.Format(exposure.InvoicesTotal)}), and this order adds {Money.Format(order.Total)}, " +
                $"{Money.Format(current + order.Total - limit)} over the limit.");
        }
    }

    /// <summary>Quantities per product (a product on two lines is reserved once), in product id order for a stable lock order.</summary>
    private static async Task<IReadOnlyList<ProductQuantity>> QuantitiesAsync(UnitOfWork uow, long orderId, CancellationToken ct) =>
    [
        .. await uow.QueryAsync<ProductQuantity>("""
            SELECT l.product_id AS ProductId, p.sku, p.name, SUM(l.quantity) AS Quantity
            FROM sales_order_lines l
            JOIN products p ON p.id = l.product_id
            WHERE l.order_id = @orderId
            GROUP BY l.product_id, p.sku, p.name
            ORDER BY l.product_id
            """, new { orderId }, ct),
    ];
}
