using System.Globalization;
using Dapper;
using Erp.Data.Caching;
using Erp.Data.Infrastructure;
using Erp.Data.Orders;
using Erp.Data.Rules;

namespace Erp.Data.Invoices;

/// <summary>
/// Invoices. Numbers are INV-YYYY-NNNNNN from a per-year row in number_sequences, locked and
/// advanced in the same transaction as the invoice insert: a rollback gives the number back, so
/// the series has no gaps; concurrent invoicings queue on that row. The year, the invoice's day and its
/// due date are taken in the company's time zone (ADR 0008). An invoice copies everything it shows
/// (company, customer, lines) when it is issued and is read back from that copy only (ADR 0007).
/// </summary>
public sealed class InvoiceStore(Db db, TimeProvider time, CompanyTime companyTime, CompanyIdentity company)
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
            var invoiceDay = companyTime.DayOf(invoiceDate);
            var number = await NextNumberAsync(uow, invoiceDay.Year, ct);
            await uow.ExecuteAsync("""
                INSERT INTO invoices (invoice_no, order_id, customer_id, status, invoice_date, due_date, total,
                                      company_name, company_address, customer_code, customer_name, customer_address,
                                      customer_postal_code, customer_city, customer_country, created_at, updated_at, version)
                SELECT @number, @Id, c.id, 'open', @invoiceDate, @dueDate, @Total,
                       @companyName, @companyAddress, c.code, c.name, c.address, c.postal_code, c.city, c.country,
                       UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 1
                FROM customers c WHERE c.id = @CustomerId
                """, new
                {
                    number, order.Id, order.CustomerId, invoiceDate, dueDate = invoiceDay.AddDays(PaymentTermDays).ToDateTime(TimeOnly.MinValue), order.Total,
                    companyName = company.Name, companyAddress = company.Address,
                }, ct);
            var invoiceId = await uow.QuerySingleOrDefaultAsync<long>("SELECT CAST(LAST_INSERT_ID() AS SIGNED)", null, ct);
            uow.Changed(Entities.Invoice, invoiceId);
            await CopyLinesAsync(uow, invoiceId, order.Id, ct);
            await OrderGuard.CommitChangeAsync(uow, order, OrderStatus.Invoiced, recomputeTotal: false, ct);
            // Rendered off the request path by a worker; the job commits with the invoice or not at all (ADR 0011).
            await uow.EnqueueAsync(InvoiceDocumentStore.PdfJob(invoiceId), ct);
            return OrderResult.Done(invoiceId);
        }, ct);

    /// <summary>The order's lines with their products' SKU and name as they are now, frozen into the invoice.</summary>
    private static async Task CopyLinesAsync(UnitOfWork uow, long invoiceId, long orderId, CancellationToken ct)
    {
        await uow.ExecuteAsync("""
            INSERT INTO invoice_lines (invoice_id, line_no, product_id, sku, product_name, quantity, unit_price, line_total)
            SELECT @invoiceId, l.line_no, l.product_id, p.sku, p.name, l.quantity, l.unit_price, l.line_total
            FROM sales_order_lines l
            JOIN products p ON p.id = l.product_id
            WHERE l.order_id = @orderId
            ORDER BY l.line_no
            """, new { invoiceId, orderId }, ct);
        foreach (var lineId in await uow.QueryAsync<long>(
                     "SELECT id FROM invoice_lines WHERE invoice_id = @invoiceId", new { invoiceId }, ct))
        {
            uow.Changed(Entities.InvoiceLine, lineId);
        }
    }

    /// <summary>
    /// The invoice as issued: its own columns and its own lines, nothing from live tables. Cached under
    /// its own tag only: renaming the customer or a product does not change an issued invoice (ADR 0007).
    /// </summary>
    public async Task<InvoiceDetail?> GetAsync(long id, CancellationToken ct) =>
        await db.Cache.GetOrSetAsync(CacheKeys.Invoice(id), ct => ReadDetailAsync(id, ct), _ => [CacheKeys.Invoice(id)], ct);

    private async Task<InvoiceDetail?> ReadDetailAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var invoice = await connection.QuerySingleOrDefaultAsync<InvoiceDetail>(new CommandDefinition("""
            SELECT id, invoice_no AS InvoiceNo, order_id AS OrderId, customer_id AS CustomerId, status,
                   invoice_date AS InvoiceDate, due_date AS DueDate, total, company_name AS CompanyName,
                   company_address AS CompanyAddress, customer_code AS CustomerCode, customer_name AS CustomerName,
                   customer_address AS CustomerAddress, customer_postal_code AS CustomerPostalCode,
                   customer_city AS CustomerCity, customer_country AS CustomerCountry, version
            FROM invoices
            WHERE id = @id
            """, new { id }, cancellationToken: ct));
        if (invoice is null)
        {
            return null;
        }
        var lines = await connection.QueryAsync<InvoiceLine>(new CommandDefinition("""
            SELECT id, line_no AS LineNo, product_id AS ProductId, sku, product_name AS ProductName, quantity,
                   unit_price AS UnitPrice, line_total AS LineTotal
            FROM invoice_lines
            WHERE invoice_id = @id
            ORDER BY line_no
            """, new { id }, cancellationToken: ct));
        return invoice with { Lines = [.. lines] };
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
