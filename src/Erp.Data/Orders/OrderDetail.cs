namespace Erp.Data.Orders;

public sealed record OrderDetail(long Id, long CustomerId, string CustomerCode, string CustomerName, string Status,
    DateTime OrderDate, decimal Total, int Version, long? InvoiceId, string? InvoiceNo)
{
    public IReadOnlyList<OrderLine> Lines { get; init; } = [];

    public bool IsDraft => Status == OrderStatus.Draft;
}

public sealed record OrderLine(long Id, int LineNo, long ProductId, string Sku, string ProductName, int Quantity,
    decimal UnitPrice, decimal LineTotal);

/// <summary>A customer or product offered by a prefix search: Code is the customer code or the SKU.</summary>
public sealed record PickItem(long Id, string Code, string Name);

/// <summary>The picked item when the text named exactly one; otherwise the candidates to choose from.</summary>
public sealed record PickResult(PickItem? Match, IReadOnlyList<PickItem> Candidates);

/// <summary>A line of a new order as the API posts it: the product's current price applies.</summary>
public sealed record NewOrderLine(long ProductId, int Quantity);
