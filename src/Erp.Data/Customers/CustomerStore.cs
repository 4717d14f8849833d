using Dapper;
using Erp.Data.Caching;
using Erp.Data.Infrastructure;

namespace Erp.Data.Customers;

public sealed class CustomerStore(Db db)
{
    public const string CodeKey = "ux_customers_code";

    private const string Columns = """
        id, code, name, email, phone, country, address, postal_code AS PostalCode, city, credit_limit AS CreditLimit, version,
        created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    public async Task<Customer?> GetAsync(long id, CancellationToken ct) =>
        await db.Cache.GetOrSetAsync(CacheKeys.Customer(id), ct => ReadRecordAsync(id, ct), _ => [CacheKeys.Customer(id)], ct);

    private async Task<Customer?> ReadRecordAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Customer>(new CommandDefinition(
            $"SELECT {Columns} FROM customers WHERE id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>Inserts a customer; a code that is already taken comes back as <see cref="SaveStatus.Duplicate"/>.</summary>
    public Task<SaveResult<Customer>> CreateAsync(CustomerInput input, CancellationToken ct) =>
        UniqueKey.CatchDuplicateAsync(() => db.WriteAsync(async uow =>
        {
            var id = await uow.QuerySingleOrDefaultAsync<long>("""
                INSERT INTO customers (code, name, email, phone, country, address, postal_code, city, credit_limit,
                                       created_at, updated_at, version)
                VALUES (@Code, @Name, @Email, @Phone, @Country, @Address, @PostalCode, @City, @CreditLimit,
                        UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 1);
                SELECT LAST_INSERT_ID();
                """, input, ct);
            uow.Changed(Entities.Customer, id);
            return SaveResult<Customer>.Saved((await ReadAsync(uow, id, ct))!);
        }, ct));

    /// <summary>
    /// Saves the form over the row only while it still has the version the user edited; otherwise
    /// nothing changes and the result carries the stored row (<see cref="SaveStatus.Conflict"/>).
    /// </summary>
    public Task<SaveResult<Customer>> UpdateAsync(long id, int version, CustomerInput input, CancellationToken ct) =>
        UpdateAsync(id, version, input, keepCreditLimit: false, ct);

    /// <summary>
    /// As above; with <paramref name="keepCreditLimit"/> the stored credit limit stays as it is, whatever
    /// the input says (a user who may not change it): decided in the UPDATE itself, not from a cached copy.
    /// </summary>
    public Task<SaveResult<Customer>> UpdateAsync(long id, int version, CustomerInput input, bool keepCreditLimit, CancellationToken ct) =>
        UniqueKey.CatchDuplicateAsync(() => db.WriteAsync(async uow =>
        {
            var changed = await uow.ExecuteAsync("""
                UPDATE customers
                SET code = @Code, name = @Name, email = @Email, phone = @Phone, country = @Country,
                    address = @Address, postal_code = @PostalCode, city = @City,
                    credit_limit = CASE WHEN @keepCreditLimit THEN credit_limit ELSE @CreditLimit END, updated_at = UTC_TIMESTAMP(6), version = version + 1
                WHERE id = @id AND version = @version
                """, new { id, version, input.Code, input.Name, input.Email, input.Phone, input.Country,
                    input.Address, input.PostalCode, input.City, input.CreditLimit, keepCreditLimit }, ct);
            if (changed == 1)
            {
                uow.Changed(Entities.Customer, id);
            }
            var row = await ReadAsync(uow, id, ct);
            return row is null ? SaveResult<Customer>.NotFound()
                : changed == 0 ? SaveResult<Customer>.Conflict(row)
                : SaveResult<Customer>.Saved(row);
        }, ct));

    private static Task<Customer?> ReadAsync(UnitOfWork uow, long id, CancellationToken ct) =>
        uow.QuerySingleOrDefaultAsync<Customer>($"SELECT {Columns} FROM customers WHERE id = @id", new { id }, ct);
}
