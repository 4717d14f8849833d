using System.Data;
using Dapper;
using MySqlConnector;

namespace Erp.Data.Infrastructure;

/// <summary>
/// The one write path: a connection and a transaction that every store write joins.
/// Audit rows and job enqueues are written through the same instance, so they commit or
/// roll back together with the business change. Work registered with <see cref="AfterCommit"/>
/// (cache invalidation, waking job workers) runs only once the commit succeeded.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly List<Func<Task>> _afterCommit = [];
    private bool _committed;

    private UnitOfWork(MySqlConnection connection, MySqlTransaction transaction)
    {
        Connection = connection;
        Transaction = transaction;
    }

    public MySqlConnection Connection { get; }
    public MySqlTransaction Transaction { get; }

    internal static async Task<UnitOfWork> BeginAsync(MySqlDataSource dataSource, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
            return new UnitOfWork(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task<int> ExecuteAsync(string sql, object? param, CancellationToken ct) =>
        Connection.ExecuteAsync(new CommandDefinition(sql, param, Transaction, cancellationToken: ct));

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? param, CancellationToken ct) =>
        Connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, param, Transaction, cancellationToken: ct));

    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? param, CancellationToken ct) =>
        Connection.QueryAsync<T>(new CommandDefinition(sql, param, Transaction, cancellationToken: ct));

    public void AfterCommit(Func<Task> action) => _afterCommit.Add(action);

    internal async Task CommitAsync(CancellationToken ct)
    {
        await Transaction.CommitAsync(ct);
        _committed = true;
        foreach (var action in _afterCommit)
        {
            await action();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            await Transaction.RollbackAsync();
        }
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
