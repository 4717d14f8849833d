using Erp.Data.Stock;

namespace Erp.Data.Products;

public sealed record Product(long Id, string Sku, string Name, decimal UnitPrice, int OnHand, int Reserved, int ReorderLevel,
    int Version, DateTime CreatedAt, DateTime UpdatedAt)
{
    public int Available => OnHand - Reserved;
    public bool AtOrBelowReorderLevel => Available <= ReorderLevel;
}

/// <summary>A validated product as the forms hand it to the store. Stock is not part of it: it changes by movements.</summary>
public sealed record ProductInput(string Sku, string Name, decimal UnitPrice, int ReorderLevel);

public sealed record ProductDetail(Product Product, IReadOnlyList<StockMovement> Movements);

public enum AdjustStatus
{
    Adjusted,
    NotFound,
    BelowReserved,
    TooLarge,
}

/// <summary>The outcome of a stock adjustment and the product's stock as it is now.</summary>
public sealed record AdjustResult(AdjustStatus Status, Product? Product);
