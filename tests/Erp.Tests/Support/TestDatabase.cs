using Dapper;
using MySqlConnector;

namespace Erp.Tests.Support;

/// <summary>
/// A throw-away erp_test_&lt;random&gt; database on the real MariaDB started by scripts/services.sh. Two accounts,
/// as in production (ADR 0012): <see cref="ConnectionString"/> is the owner's (creates the database, migrates,
/// seeds; what test helpers query with), <see cref="AppConnectionString"/> the application's, which the app runs as.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name, string connectionString, string appConnectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        AppConnectionString = appConnectionString;
    }

    public string Name { get; }

    /// <summary>The owner account on this database.</summary>
    public string ConnectionString { get; }

    /// <summary>The application account on this database (ConnectionStrings:Erp of the app under test).</summary>
    public string AppConnectionString { get; }

    /// <summary>The owner account's user name (a change from a SQL console is recorded with it).</summary>
    public static string OwnerUser => new MySqlConnectionStringBuilder(ServerConnectionString).UserID;

    /// <summary>The owner on the server the scripts started (ConnectionStrings__ErpOwner when set), without a database.</summary>
    public static string ServerConnectionString
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("ConnectionStrings__ErpOwner")
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
        var app = new MySqlConnectionStringBuilder(AppAccount.ServerConnectionString) { Database = name };
        return new TestDatabase(name, builder.ConnectionString, app.ConnectionString);
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

/// <summary>The application account and its role (scripts/services.sh creates both; ConnectionStrings__Erp and Database__AppRole when set).</summary>
public static class AppAccount
{
    public static string ServerConnectionString =>
        new MySqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__Erp")
                                         ?? "Server=127.0.0.1;Port=3306;User ID=erp_app;Password=erp-app-dev-password") { Database = "" }.ConnectionString;

    public static string User => new MySqlConnectionStringBuilder(ServerConnectionString).UserID;

    public static string Role => Environment.GetEnvironmentVariable("Database__AppRole") ?? "erp_app_role";
}
