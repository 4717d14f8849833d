using Erp.Data.Caching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;

namespace Erp.Data.Infrastructure;

/// <summary>
/// Entry point to the database: reads open a connection, writes run in a <see cref="UnitOfWork"/>
/// that carries the caller's <see cref="WriteContext"/>. After the commit the change list goes to
/// the <see cref="IAfterCommit"/> subscribers; their failures are logged, never thrown (ADR 0005).
/// Read methods may go through <see cref="Cache"/> (ADR 0010).
/// </summary>
public sealed class Db(
    MySqlDataSource dataSource,
    IWriteContextAccessor? context = null,
    IEnumerable<IAfterCommit>? subscribers = null,
    ILogger<Db>? logger = null,
    IReadCache? cache = null,
    TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly IWriteContextAccessor _context = context ?? new SystemWriteContext();
    private readonly IAfterCommit[] _subscribers = [.. subscribers ?? []];
    private readonly ILogger _logger = logger ?? NullLogger<Db>.Instance;

    public MySqlDataSource DataSource => dataSource;

    /// <summary>The cache that read methods go through (ADR 0010); no cache unless the app supplies one.</summary>
    public IReadCache Cache { get; } = cache ?? NoReadCache.Instance;

    public ValueTask<MySqlConnection> OpenAsync(CancellationToken ct) => dataSource.OpenConnectionAsync(ct);

    public async Task<T> WriteAsync<T>(Func<UnitOfWork, Task<T>> work, CancellationToken ct)
    {
        T result;
        UnitOfWork committed;
        await using (var uow = await UnitOfWork.BeginAsync(dataSource, WriteContextScope.Current ?? _context.Current, _time, ct))
        {
            result = await work(uow);
            await uow.CommitAsync(ct);
            committed = uow;
        }
        await AfterCommitAsync(committed);
        return result;
    }

    public Task WriteAsync(Func<UnitOfWork, Task> work, CancellationToken ct) =>
        WriteAsync<bool>(async uow =>
        {
            await work(uow);
            return true;
        }, ct);

    /// <summary>
    /// Runs with the connection already back in the pool. Not cancelled with the request: the
    /// change is committed, so its consequences (cache removals, worker wake-ups) must happen.
    /// </summary>
    private async Task AfterCommitAsync(UnitOfWork uow)
    {
        var write = new CommittedWrite(uow.Context, uow.Changes) { JobsReady = uow.JobsReady };
        // A commit that changed no business row and readied no job (the job workers' claims and leases)
        // has nothing for the subscribers: no tag to remove, no worker to wake.
        var subscribers = write.Changes.Count > 0 || write.JobsReady.Count > 0 ? _subscribers : [];
        foreach (var subscriber in subscribers)
        {
            try
            {
                await subscriber.OnCommittedAsync(write, CancellationToken.None);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "After-commit work {Subscriber} failed for committed changes {Changes}",
                    subscriber.GetType().Name, string.Join(", ", uow.Changes));
            }
        }
        foreach (var action in uow.AfterCommitActions)
        {
            try
            {
                await action();
            }
            catch (Exception e)
            {
                _logger.LogError(e, "After-commit action failed for committed changes {Changes}", string.Join(", ", uow.Changes));
            }
        }
    }
}
