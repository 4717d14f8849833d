namespace Erp.Data.Products;

public sealed record ProductListItem(long Id, string Sku, string Name, decimal UnitPrice, int OnHand, int Reserved, int ReorderLevel)
{
    public int Available => OnHand - Reserved;
}
