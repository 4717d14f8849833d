using Dapper;
using Erp.Data.Infrastructure;

namespace Erp.Data.Customers;

public sealed class CustomerStore(Db db)
{
    public async Task<IReadOnlyList<CustomerListItem>> FirstPageAsync(int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<CustomerListItem>(new CommandDefinition("""
            SELECT id, code, name, email, country, credit_limit AS CreditLimit
            FROM customers FORCE INDEX (ix_customers_name)
            ORDER BY name, id
            LIMIT @limit
            """, new { limit }, cancellationToken: ct));
        return [.. rows];
    }
}
