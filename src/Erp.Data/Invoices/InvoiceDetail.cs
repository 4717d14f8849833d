using Erp.Data.Orders;

namespace Erp.Data.Invoices;

public sealed record InvoiceDetail(long Id, string InvoiceNo, long OrderId, long CustomerId, string CustomerCode,
    string CustomerName, string Status, DateTime InvoiceDate, DateTime DueDate, decimal Total)
{
    public IReadOnlyList<OrderLine> Lines { get; init; } = [];
}
