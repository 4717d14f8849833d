using Dapper;
using Erp.Data.Caching;
using Erp.Data.Infrastructure;

namespace Erp.Data.Orders;

/// <summary>
/// Prefix searches that feed the Customer and Product pickers of the order pages. Each half of the
/// UNION runs on its own index (code/SKU, name) with a LIMIT, so 100K customers are never read.
/// </summary>
public sealed class OrderLookupStore(Db db)
{
    public const int PickLimit = 20;

    public Task<IReadOnlyList<PickItem>> SearchCustomersAsync(string? prefix, CancellationToken ct) =>
        SearchAsync(CacheKeys.CustomerPicks, """
            (SELECT id, code, name FROM customers WHERE code LIKE @pattern ORDER BY code LIMIT @limit)
            UNION
            (SELECT id, code, name FROM customers WHERE name LIKE @pattern ORDER BY name, id LIMIT @limit)
            ORDER BY name, id
            LIMIT @limit
            """, prefix, ct);

    public Task<IReadOnlyList<PickItem>> SearchProductsAsync(string? prefix, CancellationToken ct) =>
        SearchAsync(CacheKeys.ProductPicks, """
            (SELECT id, sku AS code, name FROM products WHERE sku LIKE @pattern ORDER BY sku LIMIT @limit)
            UNION
            (SELECT id, sku AS code, name FROM products WHERE name LIKE @pattern ORDER BY name, id LIMIT @limit)
            ORDER BY name, id
            LIMIT @limit
            """, prefix, ct);

    /// <summary>The customer whose code is the text, or the only one whose name is or starts with it.</summary>
    public async Task<PickResult> ResolveCustomerAsync(string text, CancellationToken ct) =>
        Resolve(text, await SearchCustomersAsync(text, ct));

    /// <summary>The product whose SKU is the text, or the only one whose name is or starts with it.</summary>
    public async Task<PickResult> ResolveProductAsync(string text, CancellationToken ct) =>
        Resolve(text, await SearchProductsAsync(text, ct));

    private static PickResult Resolve(string text, IReadOnlyList<PickItem> candidates)
    {
        var trimmed = text.Trim();
        var match = Single(candidates.Where(c => string.Equals(c.Code, trimmed, StringComparison.OrdinalIgnoreCase)))
                    ?? Single(candidates.Where(c => string.Equals(c.Name, trimmed, StringComparison.OrdinalIgnoreCase)))
                    ?? Single(candidates);
        return new PickResult(match, candidates);
    }

    private static PickItem? Single(IEnumerable<PickItem> items)
    {
        var list = items.Take(2).ToList();
        return list.Count == 1 ? list[0] : null;
    }

    private async Task<IReadOnlyList<PickItem>> SearchAsync(string picker, string sql, string? prefix, CancellationToken ct)
    {
        var text = (prefix ?? "").Trim();
        if (text.Length > 200)
        {
            return [];
        }
        // Cached per typed text under one tag per picker, which any change of a customer (or product) removes.
        return await db.Cache.GetOrSetAsync(CacheKeys.Picks(picker, text), ct => ReadPicksAsync(sql, text, ct), _ => [picker], ct);
    }

    private async Task<IReadOnlyList<PickItem>> ReadPicksAsync(string sql, string text, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<PickItem>(new CommandDefinition(sql,
            new { pattern = EscapeLike(text) + "%", limit = PickLimit }, cancellationToken: ct));
        return [.. rows];
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
}
