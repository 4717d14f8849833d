using Dapper;
using Erp.Data.Caching;
using Erp.Data.Infrastructure;
using Erp.Data.Paging;

namespace Erp.Data.Customers;

public enum CustomerSort { Name, Code }

/// <summary>One page of customers; <see cref="Prefix"/> matches the start of the sorted column.</summary>
public sealed record CustomerListQuery(CustomerSort Sort, string? Prefix, int Limit, KeysetPosition? After = null);

public sealed class CustomerListStore(Db db)
{
    /// <summary>The first page without a prefix is cached (tag list:customers); other pages are read each time.</summary>
    public async Task<Page<CustomerListItem>> PageAsync(CustomerListQuery query, CancellationToken ct) =>
        query is { After: null, Prefix: null or "" }
            ? await db.Cache.GetOrSetAsync(CacheKeys.FirstPage(CacheKeys.CustomersList, query.Sort, query.Limit),
                ct => ReadPageAsync(query, ct), _ => [CacheKeys.CustomersList], ct)
            : await ReadPageAsync(query, ct);

    /// <summary>A page read from the database, never from the cache (cursor pages, and exports in large batches).</summary>
    public async Task<Page<CustomerListItem>> ReadPageAsync(CustomerListQuery query, CancellationToken ct)
    {
        var (sql, args) = PageCommand(query);
        await using var connection = await db.OpenAsync(ct);
        return Keyset.ToPage(await connection.QueryAsync<CustomerListItem>(new CommandDefinition(sql, args, cancellationToken: ct)), query.Limit, query.After);
    }

    public static object SortKey(CustomerListItem row, CustomerSort sort) => sort == CustomerSort.Code ? row.Code : row.Name;

    public static (string Sql, DynamicParameters Args) PageCommand(CustomerListQuery query) =>
        TextSortedList.PageCommand("id, code, name, email, country, credit_limit AS CreditLimit", "customers", query.Sort switch
        {
            CustomerSort.Name => new TextSort("ix_customers_name", "name", Unique: false),
            CustomerSort.Code => new TextSort("ux_customers_code", "code", Unique: true),
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Sort, "Unknown sort."),
        }, query.Prefix, query.Limit, query.After);
}
