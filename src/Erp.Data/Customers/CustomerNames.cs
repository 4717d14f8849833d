using Dapper;
using MySqlConnector;

namespace Erp.Data.Customers;

/// <summary>Names for a page of rows, by primary key, so keyset queries read only their own index.</summary>
public static class CustomerNames
{
    public static async Task<IReadOnlyDictionary<long, string>> LookupAsync(MySqlConnection connection, IEnumerable<long> ids, CancellationToken ct)
    {
        var customerIds = ids.Distinct().ToArray();
        if (customerIds.Length == 0)
        {
            return new Dictionary<long, string>();
        }
        var rows = await connection.QueryAsync<(long Id, string Name)>(new CommandDefinition(
            "SELECT id, name FROM customers WHERE id IN @customerIds", new { customerIds }, cancellationToken: ct));
        return rows.ToDictionary(c => c.Id, c => c.Name);
    }
}
