using Dapper;
using Erp.Data.Migrations;
using Erp.Data.Seeding;
using Erp.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;

namespace Erp.Tests.Integration.Lists;

/// <summary>
/// 60K orders, 50K customers and 50K products, analyzed: on a small table MariaDB picks other
/// plans (a 200-row table got `ref` on a prefix where 300K rows get `range`), so index use is proven
/// at a size where the choice matters.
/// </summary>
public sealed class LargeDataFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        await new Migrator(Database.CreateDataSource(), NullLogger<Migrator>.Instance).MigrateAsync();
        await new DemoSeeder(Database.CreateDataSource(bulk: true), TextWriter.Null).SeedAsync(60_000, customers: 50_000, products: 50_000);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    public sealed class PlanRow
    {
        public string? Table { get; set; }
        public string? Type { get; set; }
        public string? Key { get; set; }
        public string? Extra { get; set; }
    }

    /// <summary>EXPLAIN of the query plus the Handler_read_* growth of actually running it.</summary>
    public Task<(IReadOnlyList<PlanRow> Plan, long HandlerReads, int Rows)> ProfileAsync(string sql, object args) =>
        ProfileAsync(Database, sql, args);

    /// <summary>EXPLAIN of the query plus the Handler_read_* growth of actually running it, on <paramref name="database"/>.</summary>
    public static async Task<(IReadOnlyList<PlanRow> Plan, long HandlerReads, int Rows)> ProfileAsync(TestDatabase database, string sql, object args)
    {
        await using var connection = new MySqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var plan = (await connection.QueryAsync<PlanRow>("EXPLAIN " + sql, args)).ToList();

        // SHOW STATUS reads handlers itself: measure its own cost and subtract it.
        var before = await HandlerReadsAsync(connection);
        var again = await HandlerReadsAsync(connection);
        var rows = (await connection.QueryAsync(sql, args)).Count();
        var after = await HandlerReadsAsync(connection);
        return (plan, after - again - (again - before), rows);
    }

    private static async Task<long> HandlerReadsAsync(MySqlConnection connection) =>
        (await connection.QueryAsync<(string Name, string Value)>("SHOW SESSION STATUS LIKE 'Handler_read%'"))
            .Sum(r => long.Parse(r.Value));
}
