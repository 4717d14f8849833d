namespace Erp.Data.Invoices;

/// <summary>
/// An issued invoice exactly as it was issued: every field is the copy taken at invoicing (ADR 0007),
/// never read from the live customer, product or company settings.
/// </summary>
public sealed record InvoiceDetail(long Id, string InvoiceNo, long OrderId, long CustomerId, string Status,
    DateTime InvoiceDate, DateTime DueDate, decimal Total, string? CompanyName, string? CompanyAddress,
    string CustomerCode, string CustomerName, string? CustomerAddress, string? CustomerPostalCode,
    string? CustomerCity, string? CustomerCountry, int Version)
{
    public IReadOnlyList<InvoiceLine> Lines { get; init; } = [];
}

/// <summary>A line as printed on the invoice: SKU and name as they were when the invoice was issued.</summary>
public sealed record InvoiceLine(long Id, int LineNo, long ProductId, string Sku, string ProductName, int Quantity,
    decimal UnitPrice, decimal LineTotal);
