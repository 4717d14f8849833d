using Dapper;
using Erp.Data.Caching;
using Erp.Data.Infrastructure;

namespace Erp.Data.Orders;

/// <summary>
/// Prefix searches that feed the Customer and Product pickers of the order pages, and the customer
/// lookups behind the lists' customer filters. Each part of a search's UNION runs on its own index
/// (exact code/SKU, code/SKU prefix, name prefix) with a LIMIT, so 100K customers are never read.
/// An exact code or SKU always comes first: with more than <see cref="PickLimit"/> names starting with
/// the text it would otherwise fall off the end of the list, and the text could not be resolved.
/// </summary>
public sealed class OrderLookupStore(Db db)
{
    public const int PickLimit = 20;

    public Task<IReadOnlyList<PickItem>> SearchCustomersAsync(string? prefix, CancellationToken ct) =>
        SearchAsync(CacheKeys.CustomerPicks, """
            (SELECT id, code, name, CAST(code = @text AS SIGNED) AS exact FROM customers WHERE code = @text)
            UNION
            (SELECT id, code, name, CAST(code = @text AS SIGNED) AS exact FROM customers WHERE code LIKE @pattern ORDER BY code LIMIT @limit)
            UNION
            (SELECT id, code, name, CAST(code = @text AS SIGNED) AS exact FROM customers WHERE name LIKE @pattern ORDER BY name, id LIMIT @limit)
            ORDER BY exact DESC, name, id
            LIMIT @limit
            """, prefix, ct);

    public Task<IReadOnlyList<PickItem>> SearchProductsAsync(string? prefix, CancellationToken ct) =>
        SearchAsync(CacheKeys.ProductPicks, """
            (SELECT id, sku AS code, name, CAST(sku = @text AS SIGNED) AS exact FROM products WHERE sku = @text)
            UNION
            (SELECT id, sku AS code, name, CAST(sku = @text AS SIGNED) AS exact FROM products WHERE sku LIKE @pattern ORDER BY sku LIMIT @limit)
            UNION
            (SELECT id, sku AS code, name, CAST(sku = @text AS SIGNED) AS exact FROM products WHERE name LIKE @pattern ORDER BY name, id LIMIT @limit)
            ORDER BY exact DESC, name, id
            LIMIT @limit
            """, prefix, ct);

    /// <summary>The customer whose code is exactly <paramref name="code"/> (as the database compares: case-insensitive), or null.</summary>
    /// <remarks>Cached like the picker (any customer change removes it, a new code included).</remarks>
    public Task<PickItem?> FindCustomerByCodeAsync(string code, CancellationToken ct) =>
        FindCustomerAsync(CacheKeys.CustomerByCode(code),
            "SELECT id, code, name FROM customers WHERE code = @code", new { code }, ct);

    /// <summary>The customer with this id, or null (the lists' customer filter); cached like the picker.</summary>
    public Task<PickItem?> FindCustomerAsync(long id, CancellationToken ct) =>
        FindCustomerAsync(CacheKeys.CustomerById(id),
            "SELECT id, code, name FROM customers WHERE id = @id", new { id }, ct);

    private async Task<PickItem?> FindCustomerAsync(string key, string sql, object args, CancellationToken ct) =>
        await db.Cache.GetOrSetAsync(key, async ct =>
        {
            await using var connection = await db.OpenAsync(ct);
            return await connection.QuerySingleOrDefaultAsync<PickItem>(new CommandDefinition(sql, args, cancellationToken: ct));
        }, _ => [CacheKeys.CustomerPicks], ct);

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
        var rows = await connection.QueryAsync<(long Id, string Code, string Name, long Exact)>(new CommandDefinition(sql,
            new { text, pattern = EscapeLike(text) + "%", limit = PickLimit }, cancellationToken: ct));
        return [.. rows.Select(r => new PickItem(r.Id, r.Code, r.Name))];
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
}
