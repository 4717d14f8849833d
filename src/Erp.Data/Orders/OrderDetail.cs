using System.Globalization;

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

public static class OrderLimits
{
    public const int MaxQuantity = 1_000_000;

    /// <summary>The largest DECIMAL(14,2) value: prices, line totals and order totals must fit it.</summary>
    public const decimal MaxAmount = 999_999_999_999.99m;

    /// <summary>Money as shown to users and in messages: 1,234.50 (invariant, whatever the server's culture).</summary>
    public static string Money(decimal amount) => amount.ToString("N2", CultureInfo.InvariantCulture);
}
