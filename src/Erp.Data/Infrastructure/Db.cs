using MySqlConnector;

namespace Erp.Data.Infrastructure;

/// <summary>Entry point to the database: reads open a connection, writes run in a <see cref="UnitOfWork"/>.</summary>
public sealed class Db(MySqlDataSource dataSource)
{
    public MySqlDataSource DataSource => dataSource;

    public ValueTask<MySqlConnection> OpenAsync(CancellationToken ct) => dataSource.OpenConnectionAsync(ct);

    public async Task<T> WriteAsync<T>(Func<UnitOfWork, Task<T>> work, CancellationToken ct)
    {
        await using var uow = await UnitOfWork.BeginAsync(dataSource, ct);
        var result = await work(uow);
        await uow.CommitAsync(ct);
        return result;
    }

    public Task WriteAsync(Func<UnitOfWork, Task> work, CancellationToken ct) =>
        WriteAsync<bool>(async uow =>
        {
            await work(uow);
            return true;
        }, ct);
}
