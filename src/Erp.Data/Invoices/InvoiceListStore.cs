using Dapper;
using Erp.Data.Caching;
using Erp.Data.Infrastructure;
using Erp.Data.Paging;

namespace Erp.Data.Invoices;

public sealed record InvoiceListQuery(string? Status, long? CustomerId, int Limit, KeysetPosition? After = null);

/// <summary>
/// Invoices, newest first; invoice writes live in InvoiceStore. The customer name is the one the
/// invoice was issued to (its own copy, ADR 0007), so no lookup in customers is needed.
/// </summary>
public sealed class InvoiceListStore(Db db)
{
    /// <summary>The first page of the default and the status/customer filters is cached (tag list:invoices).</summary>
    public async Task<Page<InvoiceListItem>> PageAsync(InvoiceListQuery query, CancellationToken ct) =>
        query is { After: null }
            ? await db.Cache.GetOrSetAsync(CacheKeys.FirstPage(CacheKeys.InvoicesList, query.Status, query.CustomerId, query.Limit),
                ct => ReadPageAsync(query, ct), _ => [CacheKeys.InvoicesList], ct)
            : await ReadPageAsync(query, ct);

    /// <summary>A page read from the database, never from the cache (cursor pages, and exports in large batches).</summary>
    public async Task<Page<InvoiceListItem>> ReadPageAsync(InvoiceListQuery query, CancellationToken ct)
    {
        var (sql, args) = PageCommand(query);
        await using var connection = await db.OpenAsync(ct);
        return Keyset.ToPage(await connection.QueryAsync<InvoiceListItem>(new CommandDefinition(sql, args, cancellationToken: ct)), query.Limit, query.After);
    }

    public static (string Sql, DynamicParameters Args) PageCommand(InvoiceListQuery query)
    {
        var index = (query.Status, query.CustomerId) switch
        {
            (_, not null) => "ix_invoices_customer_date",
            (not null, null) => "ix_invoices_status_date",
            _ => "ix_invoices_date",
        };
        var filter = new KeysetFilter(query.Limit)
            .Add("customer_id = @customerId", "customerId", query.CustomerId)
            .Add("status = @status", "status", query.Status)
            .After(query.After, "invoice_date", descending: true);
        var sql = $"""
            SELECT id, invoice_no AS InvoiceNo, invoice_date AS InvoiceDate, customer_id AS CustomerId,
                   customer_name AS CustomerName, status, due_date AS DueDate, total
            FROM invoices FORCE INDEX ({index})
            {filter.Where}
            ORDER BY {Keyset.OrderBy("invoice_date", descending: true, unique: false, query.After)}
            LIMIT @take
            """;
        return (sql, filter.Args);
    }
}
