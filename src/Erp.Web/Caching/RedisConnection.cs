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
