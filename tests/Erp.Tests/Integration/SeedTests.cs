using Erp.Data.Migrations;
using Erp.Data.Seeding;
using Erp.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Erp.Tests.Integration;

public sealed class SeedTests
{
    private static async Task<TestDatabase> MigratedDatabaseAsync()
    {
        var db = await TestDatabase.CreateAsync();
        await new Migrator(db.CreateDataSource(), NullLogger<Migrator>.Instance).MigrateAsync();
        return db;
    }

    [Fact]
    public async Task Seed_loads_the_requested_orders_with_lines_invoices_and_sequences()
    {
        await using var db = await MigratedDatabaseAsync();
        var progress = new StringWriter();

        var result = await new DemoSeeder(db.CreateDataSource(bulk: true), progress).SeedAsync(500);

        Assert.False(result.Skipped);
        Assert.Equal(500, await db.ScalarAsync<int>("SELECT COUNT(*) FROM sales_orders"));
        Assert.Equal(DemoSeeder.CustomerCountFor(500), await db.ScalarAsync<int>("SELECT COUNT(*) FROM customers"));
        Assert.Equal(DemoSeeder.ProductCountFor(500), await db.ScalarAsync<int>("SELECT COUNT(*) FROM products"));
        Assert.Equal(0, await db.ScalarAsync<int>("""
            SELECT COUNT(*) FROM sales_orders o
            WHERE (SELECT COUNT(*) FROM sales_order_lines l WHERE l.order_id = o.id) NOT BETWEEN 1 AND 5
            """));
        Assert.Equal(0, await db.ScalarAsync<int>("""
            SELECT COUNT(*) FROM sales_orders o
            WHERE o.total <> (SELECT SUM(l.line_total) FROM sales_order_lines l WHERE l.order_id = o.id)
            """));
        Assert.Equal(await db.ScalarAsync<int>("SELECT COUNT(*) FROM sales_orders WHERE status = 'invoiced'"),
            await db.ScalarAsync<int>("SELECT COUNT(*) FROM invoices"));
        Assert.Equal(0, await db.ScalarAsync<int>("""
            SELECT COUNT(*) FROM number_sequences s
            WHERE s.next_value <= (SELECT MAX(CAST(SUBSTRING(i.invoice_no, 10) AS UNSIGNED)) FROM invoices i
                                   WHERE CONCAT('invoice-', SUBSTRING(i.invoice_no, 5, 4)) = s.name)
            """));
        Assert.Contains("orders", progress.ToString());
        Assert.Equal(1, await db.ScalarAsync<int>("SELECT COUNT(*) FROM seed_runs WHERE name = 'demo' AND orders = 500"));
    }

    [Fact]
    public async Task Seeding_the_same_size_again_does_nothing()
    {
        await using var db = await MigratedDatabaseAsync();
        var seeder = new DemoSeeder(db.CreateDataSource(bulk: true), TextWriter.Null);
        await seeder.SeedAsync(200);
        await db.ExecuteAsync("UPDATE customers SET name = 'Kept by the second run' WHERE id = 1");

        var again = await seeder.SeedAsync(200);

        Assert.True(again.Skipped);
        Assert.Equal(200, await db.ScalarAsync<int>("SELECT COUNT(*) FROM sales_orders"));
        Assert.Equal("Kept by the second run", await db.ScalarAsync<string>("SELECT name FROM customers WHERE id = 1"));
    }

    [Fact]
    public async Task A_seed_without_completion_marker_is_redone_and_the_data_is_deterministic()
    {
        await using var first = await MigratedDatabaseAsync();
        await using var second = await MigratedDatabaseAsync();
        await new DemoSeeder(first.CreateDataSource(bulk: true), TextWriter.Null).SeedAsync(300);
        var seeder = new DemoSeeder(second.CreateDataSource(bulk: true), TextWriter.Null);
        await seeder.SeedAsync(300);
        await second.ExecuteAsync("DELETE FROM seed_runs"); // as if the run had crashed before its marker

        var redone = await seeder.SeedAsync(300);

        Assert.False(redone.Skipped);
        const string fingerprint = "SELECT CONCAT(COUNT(*), ':', SUM(total), ':', MAX(order_date), ':', SUM(customer_id)) FROM sales_orders";
        Assert.Equal(await first.ScalarAsync<string>(fingerprint), await second.ScalarAsync<string>(fingerprint));
        Assert.Equal(await first.ScalarAsync<string>("SELECT GROUP_CONCAT(name ORDER BY id) FROM customers"),
            await second.ScalarAsync<string>("SELECT GROUP_CONCAT(name ORDER BY id) FROM customers"));
    }
}
