using System.Data;
using Dapper;
using Erp.Data.Jobs;
using MySqlConnector;

namespace Erp.Data.Infrastructure;

/// <summary>
/// The one write path (ADR 0005): a connection and a transaction that every store write joins,
/// the <see cref="WriteContext"/> of who writes, and the list of rows changed. Audit rows and
/// job enqueues go through the same instance, so they commit or roll back with the business
/// change. Only after the commit does <see cref="Db"/> hand the change list to the
/// <see cref="IAfterCommit"/> subscribers.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly HashSet<EntityChange> _changes = [];
    private readonly List<Func<Task>> _afterCommit = [];
    private readonly List<string> _jobsReady = [];
    private bool _committed;

    private UnitOfWork(MySqlConnection connection, MySqlTransaction transaction, WriteContext context, TimeProvider clock)
    {
        Connection = connection;
        Transaction = transaction;
        Context = context;
        Clock = clock;
    }

    public MySqlConnection Connection { get; }
    public MySqlTransaction Transaction { get; }
    public WriteContext Context { get; }

    /// <summary>The application's clock (job run times and leases are compared with it, never with the server's).</summary>
    public TimeProvider Clock { get; }

    /// <summary>Types of the jobs this unit of work made runnable (enqueued or retried): after commit they wake the workers.</summary>
    public IReadOnlyList<string> JobsReady => _jobsReady;

    /// <summary>The rows this unit of work changed so far, each once.</summary>
    public IReadOnlyCollection<EntityChange> Changes => _changes;

    internal IReadOnlyList<Func<Task>> AfterCommitActions => _afterCommit;

    internal static async Task<UnitOfWork> BeginAsync(MySqlDataSource dataSource, WriteContext context, TimeProvider clock, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
            // Who writes, for the audit triggers (ADR 0012): session variables that live until the
            // connection goes back to the pool, whose reset (ConnectionReset=true, the default) clears them.
            await connection.ExecuteAsync(new CommandDefinition(
                "CALL audit_context(@ActorId, @ActorName, @ClientIp, @TraceId)", context, transaction, cancellationToken: ct));
            return new UnitOfWork(connection, transaction, context, clock);
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

    /// <summary>Records that this unit of work changed <paramref name="entity"/> <paramref name="id"/> (see <see cref="Entities"/>).</summary>
    public void Changed(string entity, long id) => _changes.Add(new EntityChange(entity, id));

    /// <summary>
    /// Inserts a job in this transaction (the outbox, ADR 0011): the job exists if and only if the
    /// business change commits. Returns the job's id (the existing row's when the idempotency key is taken).
    /// Job rows are infrastructure: they are not in the change list.
    /// </summary>
    public async Task<long> EnqueueAsync(JobRequest job, CancellationToken ct)
    {
        var id = await JobSql.InsertAsync(this, job, ct);
        _jobsReady.Add(job.Type);
        return id;
    }

    /// <summary>A job this unit of work made runnable again (an admin's retry): wake the workers after commit.</summary>
    internal void JobReady(string type) => _jobsReady.Add(type);

    /// <summary>One-off work for after the commit; like the subscribers, it cannot fail the committed change.</summary>
    public void AfterCommit(Func<Task> action) => _afterCommit.Add(action);

    internal async Task CommitAsync(CancellationToken ct)
    {
        await Transaction.CommitAsync(ct);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_committed)
            {
                await Transaction.RollbackAsync();
            }
        }
        catch (Exception e) when (e is MySqlException or InvalidOperationException)
        {
            // A broken connection cannot roll back; the server discards the open transaction when
            // the session ends, which disposing the connection below makes sure of.
        }
        finally
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}
