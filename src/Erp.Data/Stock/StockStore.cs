using Dapper;
using Erp.Data.Caching;
using Erp.Data.Infrastructure;

namespace Erp.Data.Stock;

public static class StockMovementKind
{
    public const string Opening = "opening";
    public const string Adjustment = "adjustment";
    public const string Reservation = "reservation";
    public const string Release = "release";
    public const string Shipment = "shipment";
}

public sealed record StockCounters(int OnHand, int Reserved);

public sealed record StockMovement(long Id, string Kind, int Quantity, int OnHandAfter, int ReservedAfter,
    long? OrderId, string? Reason, DateTime CreatedAt);

/// <summary>
/// Stock changes. Each write is one conditional UPDATE on the product row (InnoDB locks it and
/// re-checks the condition against the latest committed values, so racing callers cannot both
/// take the last units) plus a movement row, inside the caller's <see cref="UnitOfWork"/>.
/// A write that would make available stock (on_hand - reserved) negative changes nothing and
/// returns false; the caller decides the message and rolls back.
/// </summary>
public sealed class StockStore(Db db)
{
    /// <summary>Opening stock of a new product (set once, at creation).</summary>
    public Task<bool> RecordOpeningAsync(UnitOfWork uow, long productId, int quantity, CancellationToken ct) =>
        ApplyAsync(uow, productId, StockMovementKind.Opening, quantity, null, null,
            "on_hand = on_hand + @quantity", "@quantity >= 0", ct);

    /// <summary>Adds (positive) or removes (negative) on-hand units; never below what is reserved.</summary>
    public Task<bool> AdjustAsync(UnitOfWork uow, long productId, int delta, string reason, CancellationToken ct) =>
        ApplyAsync(uow, productId, StockMovementKind.Adjustment, delta, null, reason,
            "on_hand = on_hand + @quantity", "on_hand + @quantity >= reserved", ct);

    /// <summary>Reserves units for a confirmed order; false when fewer are available.</summary>
    public Task<bool> TryReserveAsync(UnitOfWork uow, long productId, int quantity, long orderId, CancellationToken ct) =>
        ApplyAsync(uow, productId, StockMovementKind.Reservation, quantity, orderId, null,
            "reserved = reserved + @quantity", "on_hand - reserved >= @quantity", ct);

    /// <summary>Gives reserved units back (a confirmed order was cancelled).</summary>
    public Task<bool> ReleaseAsync(UnitOfWork uow, long productId, int quantity, long orderId, CancellationToken ct) =>
        ApplyAsync(uow, productId, StockMovementKind.Release, quantity, orderId, null,
            "reserved = reserved - @quantity", "reserved >= @quantity", ct);

    /// <summary>Turns reserved units into a shipment: they leave both on-hand and reserved.</summary>
    public Task<bool> ShipAsync(UnitOfWork uow, long productId, int quantity, long orderId, CancellationToken ct) =>
        ApplyAsync(uow, productId, StockMovementKind.Shipment, quantity, orderId, null,
            "on_hand = on_hand - @quantity, reserved = reserved - @quantity", "reserved >= @quantity", ct);

    /// <summary>A product's stock counters as they are now: the one read of the product page that is never cached.</summary>
    public async Task<StockCounters?> CountersAsync(long productId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<StockCounters>(new CommandDefinition(
            "SELECT on_hand AS OnHand, reserved FROM products WHERE id = @productId", new { productId }, cancellationToken: ct));
    }

    /// <summary>The latest movements, newest first; cached under the product's tag, which every movement removes.</summary>
    public async Task<IReadOnlyList<StockMovement>> RecentMovementsAsync(long productId, int limit, CancellationToken ct) =>
        await db.Cache.GetOrSetAsync(CacheKeys.ProductMovements(productId) + ":" + limit, ct => ReadMovementsAsync(productId, limit, ct),
            _ => [CacheKeys.Product(productId)], ct);

    private async Task<IReadOnlyList<StockMovement>> ReadMovementsAsync(long productId, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<StockMovement>(new CommandDefinition("""
            SELECT id, kind, quantity, on_hand_after AS OnHandAfter, reserved_after AS ReservedAfter,
                   order_id AS OrderId, reason, created_at AS CreatedAt
            FROM stock_movements
            WHERE product_id = @productId
            ORDER BY id DESC
            LIMIT @limit
            """, new { productId, limit }, cancellationToken: ct));
        return [.. rows];
    }

    // set and condition are fixed fragments chosen by the methods above, never user input.
    private static async Task<bool> ApplyAsync(UnitOfWork uow, long productId, string kind, int quantity, long? orderId,
        string? reason, string set, string condition, CancellationToken ct)
    {
        var changed = await uow.ExecuteAsync($"""
            UPDATE products SET {set}, updated_at = UTC_TIMESTAMP(6)
            WHERE id = @productId AND {condition}
            """, new { productId, quantity }, ct);
        if (changed == 0)
        {
            return false;
        }
        var movementId = await uow.QuerySingleOrDefaultAsync<long>("""
            INSERT INTO stock_movements (product_id, kind, quantity, on_hand_after, reserved_after, order_id, reason, created_at)
            SELECT id, @kind, @quantity, on_hand, reserved, @orderId, @reason, UTC_TIMESTAMP(6)
            FROM products WHERE id = @productId;
            SELECT CAST(LAST_INSERT_ID() AS SIGNED);
            """, new { productId, kind, quantity, orderId, reason }, ct);
        uow.Changed(Entities.Product, productId);
        uow.Changed(Entities.StockMovement, movementId);
        return true;
    }
}
