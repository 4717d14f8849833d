using Dapper;
using MySqlConnector;

namespace Erp.Tests.Support;

/// <summary>A throw-away erp_test_&lt;random&gt; database on the real MariaDB started by scripts/services.sh.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    /// <summary>The server the scripts started (ConnectionStrings__Erp when set), without a database.</summary>
    public static string ServerConnectionString
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Erp")
                             ?? "Server=127.0.0.1;Port=3306;User ID=erp;Password=erp-dev-password";
            return new MySqlConnectionStringBuilder(configured) { Database = "" }.ConnectionString;
        }
    }

    public static string RedisConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Redis")
        ?? "127.0.0.1:6379,abortConnect=false,connectTimeout=2000,syncTimeout=1000,asyncTimeout=1000";

    public static async Task<TestDatabase> CreateAsync()
    {
        var name = $"erp_test_{Guid.NewGuid():N}"[..21];
        await using (var connection = new MySqlConnection(ServerConnectionString))
        {
            await connection.ExecuteAsync($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        var builder = new MySqlConnectionStringBuilder(ServerConnectionString) { Database = name };
        return new TestDatabase(name, builder.ConnectionString);
    }

    public MySqlDataSource CreateDataSource(bool bulk = false) =>
        new(new MySqlConnectionStringBuilder(ConnectionString) { AllowLoadLocalInfile = bulk }.ConnectionString);

    public async Task<T> ScalarAsync<T>(string sql, object? param = null)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        return (await connection.ExecuteScalarAsync<T>(sql, param))!;
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? param = null)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        return [.. await connection.QueryAsync<T>(sql, param)];
    }

    public async Task ExecuteAsync(string sql, object? param = null)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.ExecuteAsync(sql, param);
    }

    public async ValueTask DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        await using var connection = new MySqlConnection(ServerConnectionString);
        await connection.ExecuteAsync($"DROP DATABASE IF EXISTS `{Name}`");
    }
}
