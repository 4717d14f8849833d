using Dapper;
using Erp.Data.Caching;
using Erp.Data.Customers;
using Erp.Data.Infrastructure;
using Erp.Data.Paging;

namespace Erp.Data.Orders;

public enum OrderSort { Date, Total }

/// <summary>One page of the orders list. Dates are UTC; <see cref="ToExclusive"/> is the first instant not included.</summary>
public sealed record OrderListQuery(OrderSort Sort, string? Status, long? CustomerId, DateTime? From, DateTime? ToExclusive,
    int Limit, KeysetPosition? After = null);

/// <summary>Read side of the orders list (keyset pages); order writes live in OrderStore.</summary>
public sealed class OrderListStore(Db db)
{
    private sealed record OrderRow(long Id, DateTime OrderDate, long CustomerId, string Status, decimal Total);

    /// <summary>
    /// The first page of the default and the status/customer filters is cached (tag list:orders);
    /// date ranges and cursor pages are read each time.
    /// </summary>
    public async Task<Page<OrderListItem>> PageAsync(OrderListQuery query, CancellationToken ct) =>
        query is { After: null, From: null, ToExclusive: null }
            ? await db.Cache.GetOrSetAsync(CacheKeys.FirstPage(CacheKeys.OrdersList, query.Sort, query.Status, query.CustomerId, query.Limit),
                ct => ReadPageAsync(query, ct), _ => [CacheKeys.OrdersList], ct)
            : await ReadPageAsync(query, ct);

    /// <summary>A page read from the database, never from the cache (cursor pages, and exports in large batches).</summary>
    public async Task<Page<OrderListItem>> ReadPageAsync(OrderListQuery query, CancellationToken ct)
    {
        var (sql, args) = PageCommand(query);
        await using var connection = await db.OpenAsync(ct);
        var page = Keyset.ToPage(await connection.QueryAsync<OrderRow>(new CommandDefinition(sql, args, cancellationToken: ct)), query.Limit, query.After);

        // Names come in a second primary-key lookup, so the keyset query reads only its index.
        var names = await CustomerNames.LookupAsync(connection, page.Rows.Select(r => r.CustomerId), ct);
        return new Page<OrderListItem>(
            [.. page.Rows.Select(r => new OrderListItem(r.Id, r.OrderDate, r.CustomerId, names.GetValueOrDefault(r.CustomerId, "?"), r.Status, r.Total))],
            page.HasMore);
    }

    /// <summary>The sort key of a row, for the next cursor.</summary>
    public static object SortKey(OrderListItem row, OrderSort sort) => sort == OrderSort.Total ? row.Total : row.OrderDate;

    /// <summary>The keyset query for a page; public so tests can EXPLAIN it and count handler reads.</summary>
    public static (string Sql, DynamicParameters Args) PageCommand(OrderListQuery query)
    {
        var (index, key) = (query.Sort, query.Status, query.CustomerId) switch
        {
            (OrderSort.Date, _, not null) => ("ix_orders_customer_date", "order_date"),
            (OrderSort.Date, not null, null) => ("ix_orders_status_date", "order_date"),
            (OrderSort.Date, null, null) => ("ix_orders_date", "order_date"),
            (OrderSort.Total, _, not null) => ("ix_orders_customer_total", "total"),
            (OrderSort.Total, not null, null) => ("ix_orders_status_total", "total"),
            (OrderSort.Total, null, null) => ("ix_orders_total", "total"),
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Sort, "Unknown sort."),
        };
        if (query.Sort == OrderSort.Total && (query.From is not null || query.ToExclusive is not null))
        {
            throw new ArgumentException("Date ranges need the date sort: no index serves a total order within dates.", nameof(query));
        }

        var filter = new KeysetFilter(query.Limit)
            .Add("customer_id = @customerId", "customerId", query.CustomerId)
            .Add("status = @status", "status", query.Status)
            .Add("order_date >= @from", "from", query.From)
            .Add("order_date < @to", "to", query.ToExclusive)
            .After(query.After, key, descending: true);
        var sql = $"""
            SELECT id, order_date AS OrderDate, customer_id AS CustomerId, status, total
            FROM sales_orders FORCE INDEX ({index})
            {filter.Where}
            ORDER BY {Keyset.OrderBy(key, descending: true, unique: false, query.After)}
            LIMIT @take
            """;
        return (sql, filter.Args);
    }
}
