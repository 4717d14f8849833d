using Dapper;
using Erp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;

namespace Erp.Tests.Integration.Caching;

/// <summary>
/// The command counter (MySqlConnector's activities) agrees with MariaDB's own count. Other
/// databases on the shared server make the global Questions noisy, so this app gets one pooled
/// connection that is never reset, whose session Questions counts exactly what the app sent.
/// </summary>
public sealed class DbCommandCountTests
{
    [Fact]
    public async Task X_Db_Commands_adds_up_to_the_statements_MariaDB_counted()
    {
        await using var app = await ErpApp.StartAsync(configure: b =>
        {
            b.UseSetting("Cache:Enabled", "false"); // every read reaches the database
            b.UseSetting("Jobs:Enabled", "false"); // job workers would share the one counted connection
        });
        await using var single = app.StartSecondHost(b =>
        {
            b.UseSetting("Cache:Enabled", "false");
            b.UseSetting("Audit:Sealer", "false"); // its calls would share the one connection whose questions are counted
            b.UseSetting("Jobs:Enabled", "false"); // so would the job workers' claims
            b.UseSetting("ConnectionStrings:Erp", app.Database.ConnectionString + ";Maximum Pool Size=1;Connection Reset=false");
        });
        var client = await single.SignInAsync();
        var source = single.Services.GetRequiredService<MySqlDataSource>();
        string[] pages = ["/orders", "/customers", "/products", "/invoices", "/orders/1", "/customers/1", "/products/1", "/invoices/1"];

        // The first view of a seeded invoice enqueues its PDF job (a write, ADR 0011): done here first, so
        // that the pages below only read.
        await (await app.SignInAsync()).ReadAsync("/invoices/1");

        var before = await QuestionsAsync(source);
        var counted = 0;
        foreach (var page in pages)
        {
            counted += (await client.ReadAsync(page)).DbCommands;
        }
        var after = await QuestionsAsync(source);

        Assert.True(counted >= pages.Length, $"every page reads the database, counted {counted}");
        // The second SHOW STATUS is itself a question.
        Assert.Equal(counted, after - before - 1);

        // The counter counts round trips: the dashboard sends its five aggregates in one command,
        // which MariaDB counts as five questions.
        before = await QuestionsAsync(source);
        Assert.Equal(1, (await client.ReadAsync("/?handler=Figures")).DbCommands);
        Assert.Equal(5, await QuestionsAsync(source) - before - 1);
    }

    private static async Task<long> QuestionsAsync(MySqlDataSource source)
    {
        await using var connection = await source.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<(string Name, string Value)>("SHOW SESSION STATUS LIKE 'Questions'");
        return long.Parse(row.Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
