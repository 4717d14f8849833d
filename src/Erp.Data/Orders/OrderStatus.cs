namespace Erp.Data.Orders;

public static class OrderStatus
{
    public const string Draft = "draft";
    public const string Confirmed = "confirmed";
    public const string Shipped = "shipped";
    public const string Invoiced = "invoiced";
    public const string Cancelled = "cancelled";

    public static IReadOnlyList<string> All { get; } = [Draft, Confirmed, Shipped, Invoiced, Cancelled];
}
