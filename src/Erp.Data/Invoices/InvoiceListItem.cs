namespace Erp.Data.Invoices;

public sealed record InvoiceListItem(long Id, string InvoiceNo, DateTime InvoiceDate, long CustomerId, string CustomerName,
    string Status, DateTime DueDate, decimal Total);

public static class InvoiceStatus
{
    public const string Open = "open";
    public const string Paid = "paid";
    public const string Void = "void";

    public static IReadOnlyList<string> All { get; } = [Open, Paid, Void];
}
