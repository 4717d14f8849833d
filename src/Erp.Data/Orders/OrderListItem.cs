namespace Erp.Data.Orders;

public sealed record OrderListItem(long Id, DateTime OrderDate, long CustomerId, string CustomerName, string Status, decimal Total);
