using Erp.Data.Infrastructure;
using MySqlConnector;

namespace Erp.Data.Orders;

internal sealed record LockedOrder(long Id, long CustomerId, string Status, decimal Total, int Version);

/// <summary>
/// Shared steps of every order write: lock the order row, check its status and version, and finish
/// with the guarded UPDATE (WHERE id AND status AND version) that bumps the version.
/// </summary>
internal static class OrderGuard
{
    public const string StaleMessage =
        "This order was changed elsewhere since you loaded it, so nothing was saved. The current order is shown; reload it and try again.";

    public static async Task<LockedOrder> LockAsync(UnitOfWork uow, long id, int version, IReadOnlyCollection<string> allowed,
        string notAllowedMessage, CancellationToken ct)
    {
        var order = await uow.QuerySingleOrDefaultAsync<LockedOrder>("""
            SELECT id, customer_id AS CustomerId, status, total, version
            FROM sales_orders WHERE id = @id FOR UPDATE
            """, new { id }, ct) ?? throw Refuse(OrderOutcome.NotFound, "The order does not exist.");
        if (!allowed.Contains(order.Status))
        {
            throw Refuse(OrderOutcome.Conflict, $"{notAllowedMessage} This order is {order.Status}.");
        }
        if (order.Version != version)
        {
            throw Refuse(OrderOutcome.Stale, StaleMessage);
        }
        return order;
    }

    /// <summary>Moves the order to <paramref name="status"/> (or keeps it) and bumps its version; total is recomputed from the lines when asked.</summary>
    public static async Task CommitChangeAsync(UnitOfWork uow, LockedOrder order, string status, bool recomputeTotal, CancellationToken ct)
    {
        var sql = recomputeTotal
            ? """
              UPDATE sales_orders
              SET total = (SELECT COALESCE(SUM(line_total), 0) FROM sales_order_lines WHERE order_id = @Id),
                  status = @status, version = version + 1, updated_at = UTC_TIMESTAMP(6)
              WHERE id = @Id AND status = @expected AND version = @Version
              """
            : """
              UPDATE sales_orders
              SET status = @status, version = version + 1, updated_at = UTC_TIMESTAMP(6)
              WHERE id = @Id AND status = @expected AND version = @Version
              """;
        var changed = await uow.ExecuteAsync(sql,
            new { order.Id, order.Version, expected = order.Status, status }, ct);
        if (changed != 1)
        {
            throw Refuse(OrderOutcome.Stale, StaleMessage);
        }
        uow.Changed(Entities.Order, order.Id);
    }

    public static OrderRefusedException Refuse(OrderOutcome outcome, string message, string? field = null) =>
        new(new OrderResult(outcome, message, field));

    /// <summary>Runs one order write; a refusal rolls it back, a deadlock re-runs it (InnoDB picked it as the victim).</summary>
    public static async Task<OrderResult> RunAsync(Db db, Func<UnitOfWork, Task<OrderResult>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await db.WriteAsync(work, ct);
            }
            catch (OrderRefusedException e)
            {
                return e.Result;
            }
            catch (MySqlException e) when (e.ErrorCode is MySqlErrorCode.LockDeadlock && attempt < 3)
            {
                // The whole transaction was rolled back by the server; running it again is safe.
            }
        }
    }
}
