using Dapper;
using Erp.Data.Infrastructure;
using Erp.Data.Paging;

namespace Erp.Data.Customers;

public enum CustomerSort { Name, Code }

/// <summary>One page of customers; <see cref="Prefix"/> matches the start of the sorted column.</summary>
public sealed record CustomerListQuery(CustomerSort Sort, string? Prefix, int Limit, KeysetPosition? After = null);

public sealed class CustomerListStore(Db db)
{
    public async Task<Page<CustomerListItem>> PageAsync(CustomerListQuery query, CancellationToken ct)
    {
        var (sql, args) = PageCommand(query);
        await using var connection = await db.OpenAsync(ct);
        return Keyset.ToPage(await connection.QueryAsync<CustomerListItem>(new CommandDefinition(sql, args, cancellationToken: ct)), query.Limit);
    }

    public static object SortKey(CustomerListItem row, CustomerSort sort) => sort == CustomerSort.Code ? row.Code : row.Name;

    public static (string Sql, DynamicParameters Args) PageCommand(CustomerListQuery query)
    {
        var (index, key, unique) = query.Sort switch
        {
            CustomerSort.Name => ("ix_customers_name", "name", false),
            CustomerSort.Code => ("ux_customers_code", "code", true),
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Sort, "Unknown sort."),
        };
        var filter = new KeysetFilter(query.Limit)
            .Add($"{key} LIKE @prefix", "prefix", string.IsNullOrEmpty(query.Prefix) ? null : Keyset.Prefix(query.Prefix))
            .After(query.After, key, descending: false, unique);
        var sql = $"""
            SELECT id, code, name, email, country, credit_limit AS CreditLimit
            FROM customers FORCE INDEX ({index})
            {filter.Where}
            ORDER BY {Keyset.OrderBy(key, descending: false, unique)}
            LIMIT @take
            """;
        return (sql, filter.Args);
    }
}
