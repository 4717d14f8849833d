using System.Globalization;
using Dapper;
using Erp.Data.Caching;
using Erp.Data.Infrastructure;
using Erp.Data.Orders;

namespace Erp.Data.Invoices;

/// <summary>
/// Invoices. Numbers are INV-YYYY-NNNNNN from a per-year row in number_sequences, locked and
/// advanced in the same transaction as the invoice insert: a rollback gives the number back, so
/// the series has no gaps; concurrent invoicings queue on that row.
/// </summary>
public sealed class InvoiceStore(Db db, TimeProvider time)
{
    public const int PaymentTermDays = 30;
    private static readonly string[] FromShipped = [OrderStatus.Shipped];

    /// <summary>Invoices a shipped order (exactly one invoice per order); the result's Id is the new invoice's.</summary>
    public Task<OrderResult> CreateForOrderAsync(long orderId, int version, CancellationToken ct) =>
        OrderGuard.RunAsync(db, async uow =>
        {
            var order = await OrderGuard.LockAsync(uow, orderId, version, FromShipped, "Only a shipped order can be invoiced.", ct);
            var now = time.GetUtcNow().UtcDateTime;
            var invoiceDate = now.AddTicks(-(now.Ticks % 10)); // DATETIME(6) keeps microseconds
            var number = await NextNumberAsync(uow, invoiceDate.Year, ct);
            await uow.ExecuteAsync("""
                INSERT INTO invoices (invoice_no, order_id, customer_id, status, invoice_date, due_date, total, created_at, updated_at, version)
                VALUES (@number, @Id, @CustomerId, 'open', @invoiceDate, @dueDate, @Total, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 1)
                """, new { number, order.Id, order.CustomerId, invoiceDate, dueDate = invoiceDate.Date.AddDays(PaymentTermDays), order.Total }, ct);
            var invoiceId = await uow.QuerySingleOrDefaultAsync<long>("SELECT CAST(LAST_INSERT_ID() AS SIGNED)", null, ct);
            uow.Changed(Entities.Invoice, invoiceId);
            await OrderGuard.CommitChangeAsync(uow, order, OrderStatus.Invoiced, recomputeTotal: false, ct);
            return OrderResult.Done(invoiceId);
        }, ct);

    /// <summary>The invoice with its lines; cached under its own tag, its order's, its customer's and its products'.</summary>
    public async Task<InvoiceDetail?> GetAsync(long id, CancellationToken ct) =>
        await db.Cache.GetOrSetAsync(CacheKeys.Invoice(id), ct => ReadDetailAsync(id, ct), invoice => invoice is null ? [CacheKeys.Invoice(id)]
            : [CacheKeys.Invoice(id), CacheKeys.Order(invoice.OrderId), CacheKeys.Customer(invoice.CustomerId),
                .. invoice.Lines.Select(l => CacheKeys.Product(l.ProductId))], ct);

    private async Task<InvoiceDetail?> ReadDetailAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var invoice = await connection.QuerySingleOrDefaultAsync<InvoiceDetail>(new CommandDefinition("""
            SELECT i.id, i.invoice_no AS InvoiceNo, i.order_id AS OrderId, i.customer_id AS CustomerId, c.code AS CustomerCode,
                   c.name AS CustomerName, i.status, i.invoice_date AS InvoiceDate, i.due_date AS DueDate, i.total
            FROM invoices i
            JOIN customers c ON c.id = i.customer_id
            WHERE i.id = @id
            """, new { id }, cancellationToken: ct));
        if (invoice is null)
        {
            return null;
        }
        return invoice with { Lines = await OrderStore.LinesAsync(connection, invoice.OrderId, ct) };
    }

    /// <summary>Takes the next number of the year's series; the row stays locked until the caller commits.</summary>
    private static async Task<string> NextNumberAsync(UnitOfWork uow, int year, CancellationToken ct)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"invoice-{year}");
        await uow.ExecuteAsync(
            "INSERT INTO number_sequences (name, next_value) VALUES (@name, 1) ON DUPLICATE KEY UPDATE name = name", new { name }, ct);
        var next = await uow.QuerySingleOrDefaultAsync<long>(
            "SELECT next_value FROM number_sequences WHERE name = @name FOR UPDATE", new { name }, ct);
        await uow.ExecuteAsync("UPDATE number_sequences SET next_value = next_value + 1 WHERE name = @name", new { name }, ct);
        return string.Create(CultureInfo.InvariantCulture, $"INV-{year}-{next:D6}");
    }
}
