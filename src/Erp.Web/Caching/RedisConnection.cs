using StackExchange.Redis;

namespace Erp.Web.Caching;

/// <summary>
/// The one Redis connection of the process, shared by the cache (L2), its backplane and the health
/// check. It is created with ConnectAsync on first use (start-up kicks it off without waiting), never
/// with a blocking Connect; abortConnect=false keeps it reconnecting by itself, and the fail-fast
/// backlog makes a command fail at once while Redis is away instead of queueing (ADR 0010).
/// </summary>
public sealed class RedisConnection(string connectionString) : IAsyncDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _connection = new(() => ConnectAsync(connectionString));

    public Task<IConnectionMultiplexer> GetAsync() => _connection.Value;

    /// <summary>
    /// For the cache's L2, which asks on a request's path: while the first connection attempt is still
    /// running (Redis unreachable at start-up: up to connectTimeout), fail at once instead of making the
    /// request wait for it. The cache counts that as an L2 error (circuit breaker, then a new try), and
    /// once the attempt has ended the multiplexer is handed out and reconnects by itself.
    /// </summary>
    public Task<IConnectionMultiplexer> GetWithoutWaitingAsync() =>
        _connection.Value.IsCompleted
            ? _connection.Value
            : Task.FromException<IConnectionMultiplexer>(new RedisConnectionException(ConnectionFailureType.UnableToConnect,
                "Redis is still being connected to; the cache works from memory meanwhile."));

    public static ConfigurationOptions Options(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return options;
    }

    private static async Task<IConnectionMultiplexer> ConnectAsync(string connectionString) =>
        await ConnectionMultiplexer.ConnectAsync(Options(connectionString));

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            var connection = await _connection.Value;
            await connection.DisposeAsync();
        }
    }
}
