using Erp.Data.Migrations;
using Erp.Data.Seeding;
using Erp.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Erp.Tests.Integration;

public sealed class SeedTests
{
    private const string Fingerprint = """
        SELECT CONCAT_WS('|',
            (SELECT CONCAT(COUNT(*), ':', SUM(total), ':', MAX(order_date), ':', SUM(customer_id)) FROM sales_orders),
            (SELECT CONCAT(COUNT(*), ':', SUM(line_total), ':', SUM(product_id)) FROM sales_order_lines),
            (SELECT CONCAT(COUNT(*), ':', SUM(total), ':', MAX(invoice_no), ':', MAX(customer_name)) FROM invoices),
            (SELECT CONCAT(COUNT(*), ':', SUM(line_total), ':', MAX(product_name)) FROM invoice_lines),
            (SELECT CONCAT(COUNT(*), ':', SUM(on_hand), ':', SUM(reserved), ':', MAX(name)) FROM products),
            (SELECT CONCAT(COUNT(*), ':', MAX(name), ':', MAX(city)) FROM customers),
            (SELECT COUNT(*) FROM stock_movements),
            (SELECT GROUP_CONCAT(name, '=', next_value ORDER BY name) FROM number_sequences))
        """;

    private static async Task<TestDatabase> MigratedDatabaseAsync()
    {
        var db = await TestDatabase.CreateAsync();
        await new Migrator(db.CreateDataSource(), NullLogger<Migrator>.Instance).MigrateAsync();
        return db;
    }

    private static DemoSeeder Seeder(TestDatabase db, TextWriter? progress = null) =>
        new(db.CreateDataSource(bulk: true), progress ?? TextWriter.Null);

    /// <summary>Starts a seed and stops it the moment its first order batch is committed, like a crash at that point.</summary>
    private static async Task InterruptedSeedAsync(TestDatabase db, int orders)
    {
        using var crash = new CancellationTokenSource();
        var progress = new CallbackWriter(line =>
        {
            if (line.TrimStart().StartsWith("orders", StringComparison.Ordinal))
            {
                crash.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Seeder(db, progress).SeedAsync(orders, crash.Token));
        Assert.True(await db.ScalarAsync<int>("SELECT COUNT(*) FROM sales_orders") > 0);
        Assert.Equal(0, await db.ScalarAsync<int>("SELECT COUNT(*) FROM products"));
        Assert.Equal(1, await db.ScalarAsync<int>("SELECT COUNT(*) FROM seed_runs WHERE name = 'demo' AND completed_at IS NULL"));
    }

    [Fact]
    public async Task Seed_loads_the_requested_orders_with_lines_invoices_and_sequences()
    {
        await using var db = await MigratedDatabaseAsync();
        var progress = new StringWriter();

        var result = await Seeder(db, progress).SeedAsync(500);

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
        Assert.Equal(1, await db.ScalarAsync<int>(
            "SELECT COUNT(*) FROM seed_runs WHERE name = 'demo' AND orders = 500 AND completed_at IS NOT NULL"));
        Assert.Equal(0, await db.ScalarAsync<int>("SELECT COUNT(*) FROM seed_loads"));
    }

    [Fact]
    public async Task Seeded_invoices_carry_their_own_copy_of_company_customer_and_lines()
    {
        await using var db = await MigratedDatabaseAsync();

        await Seeder(db).SeedAsync(400);

        Assert.True(await db.ScalarAsync<int>("SELECT COUNT(*) FROM invoices") > 0);
        Assert.Equal(0, await db.ScalarAsync<int>("""
            SELECT COUNT(*) FROM invoices i JOIN customers c ON c.id = i.customer_id
            WHERE NOT (i.company_name <=> @Name AND i.company_address <=> @Address AND i.customer_code <=> c.code
                       AND i.customer_name <=> c.name AND i.customer_address <=> c.address AND i.customer_postal_code <=> c.postal_code
                       AND i.customer_city <=> c.city AND i.customer_country <=> c.country AND c.address IS NOT NULL)
            """, Erp.Data.Invoices.CompanyIdentity.Demo));
        Assert.Equal(await db.ScalarAsync<int>(
                "SELECT COUNT(*) FROM sales_order_lines l JOIN invoices i ON i.order_id = l.order_id"),
            await db.ScalarAsync<int>("SELECT COUNT(*) FROM invoice_lines"));
        Assert.Equal(0, await db.ScalarAsync<int>("""
            SELECT COUNT(*) FROM invoice_lines il
            JOIN invoices i ON i.id = il.invoice_id
            LEFT JOIN sales_order_lines l ON l.order_id = i.order_id AND l.line_no = il.line_no
            LEFT JOIN products p ON p.id = l.product_id
            WHERE NOT (il.product_id <=> l.product_id AND il.sku <=> p.sku AND il.product_name <=> p.name
                       AND il.quantity <=> l.quantity AND il.unit_price <=> l.unit_price AND il.line_total <=> l.line_total)
            """));
        Assert.Equal(0, await db.ScalarAsync<int>("""
            SELECT COUNT(*) FROM invoices i
            WHERE i.total <> (SELECT SUM(il.line_total) FROM invoice_lines il WHERE il.invoice_id = i.id)
            """));
    }

    [Fact]
    public async Task Seeding_the_same_size_again_does_nothing()
    {
        await using var db = await MigratedDatabaseAsync();
        var seeder = Seeder(db);
        await seeder.SeedAsync(200);
        await db.ExecuteAsync("UPDATE customers SET name = 'Kept by the second run' WHERE id = 1");

        var again = await seeder.SeedAsync(200);

        Assert.True(again.Skipped);
        Assert.Equal(200, await db.ScalarAsync<int>("SELECT COUNT(*) FROM sales_orders"));
        Assert.Equal("Kept by the second run", await db.ScalarAsync<string>("SELECT name FROM customers WHERE id = 1"));
    }

    [Fact]
    public async Task Seeding_another_size_over_seeded_data_is_refused_and_changes_nothing()
    {
        await using var db = await MigratedDatabaseAsync();
        var seeder = Seeder(db);
        await seeder.SeedAsync(200);
        await db.ExecuteAsync("UPDATE customers SET name = 'Entered by a user' WHERE id = 1");
        var before = await db.ScalarAsync<string>(Fingerprint);
        var marker = await db.ScalarAsync<string>("SELECT CONCAT(orders, ' ', completed_at) FROM seed_runs");

        var refused = await Assert.ThrowsAsync<SeedRefusedException>(() => seeder.SeedAsync(300));

        Assert.Contains("200 orders", refused.Message);
        Assert.Contains("nothing was changed", refused.Message);
        Assert.Equal(before, await db.ScalarAsync<string>(Fingerprint));
        Assert.Equal(marker, await db.ScalarAsync<string>("SELECT CONCAT(orders, ' ', completed_at) FROM seed_runs"));
        Assert.Equal("Entered by a user", await db.ScalarAsync<string>("SELECT name FROM customers WHERE id = 1"));
    }

    [Fact]
    public async Task Seed_refuses_tables_holding_data_it_did_not_write_and_changes_nothing()
    {
        await using var db = await MigratedDatabaseAsync();
        await db.ExecuteAsync("""
            INSERT INTO customers (code, name, credit_limit, created_at, updated_at, version)
            VALUES ('REAL-1', 'A real customer', 1000, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 1)
            """);

        var refused = await Assert.ThrowsAsync<SeedRefusedException>(() => Seeder(db).SeedAsync(200));

        Assert.Contains("customers", refused.Message);
        Assert.Contains("empty", refused.Message);
        Assert.Equal("A real customer", await db.ScalarAsync<string>("SELECT GROUP_CONCAT(name) FROM customers"));
        Assert.Equal(0, await db.ScalarAsync<int>("SELECT COUNT(*) FROM sales_orders"));
        Assert.Equal(0, await db.ScalarAsync<int>("SELECT COUNT(*) FROM seed_runs"));
    }

    [Fact]
    public async Task Users_do_not_count_as_data_so_a_database_with_only_users_is_seeded()
    {
        await using var db = await MigratedDatabaseAsync();
        await db.ExecuteAsync("""
            INSERT INTO users (email, display_name, role, password_hash, created_at, updated_at)
            VALUES ('first.admin@example.com', 'First admin', 'admin', 'x', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))
            """);

        var result = await Seeder(db).SeedAsync(100);

        Assert.False(result.Skipped);
        Assert.Equal(100, await db.ScalarAsync<int>("SELECT COUNT(*) FROM sales_orders"));
        Assert.Equal(1, await db.ScalarAsync<int>("SELECT COUNT(*) FROM users"));
    }

    [Fact]
    public async Task An_interrupted_seed_is_restarted_and_ends_with_the_same_data_as_an_uninterrupted_one()
    {
        await using var clean = await MigratedDatabaseAsync();
        await using var crashed = await MigratedDatabaseAsync();
        await Seeder(clean).SeedAsync(300);
        await InterruptedSeedAsync(crashed, 300);

        var restarted = await Seeder(crashed).SeedAsync(300);

        Assert.False(restarted.Skipped);
        Assert.Equal(await clean.ScalarAsync<string>(Fingerprint), await crashed.ScalarAsync<string>(Fingerprint));
        Assert.Equal(1, await crashed.ScalarAsync<int>("SELECT COUNT(*) FROM seed_runs WHERE completed_at IS NOT NULL"));
        Assert.Equal(0, await crashed.ScalarAsync<int>("SELECT COUNT(*) FROM seed_loads"));
    }

    [Fact]
    public async Task An_interrupted_seed_is_not_cleared_when_someone_else_wrote_to_its_tables_since()
    {
        await using var db = await MigratedDatabaseAsync();
        await InterruptedSeedAsync(db, 300);
        await db.ExecuteAsync("""
            INSERT INTO customers (code, name, credit_limit, created_at, updated_at, version)
            VALUES ('REAL-1', 'Entered after the crash', 1000, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 1)
            """);
        var before = await db.ScalarAsync<string>(Fingerprint);

        var refused = await Assert.ThrowsAsync<SeedRefusedException>(() => Seeder(db).SeedAsync(300));

        Assert.Contains("customers", refused.Message);
        Assert.Contains("nothing was changed", refused.Message);
        Assert.Equal(before, await db.ScalarAsync<string>(Fingerprint));
        Assert.Equal(1, await db.ScalarAsync<int>("SELECT COUNT(*) FROM customers WHERE name = 'Entered after the crash'"));
    }

    [Fact]
    public async Task An_interrupted_seed_restarted_with_another_size_is_refused()
    {
        await using var db = await MigratedDatabaseAsync();
        await InterruptedSeedAsync(db, 300);
        var before = await db.ScalarAsync<string>(Fingerprint);

        var refused = await Assert.ThrowsAsync<SeedRefusedException>(() => Seeder(db).SeedAsync(400));

        Assert.Contains("seed --orders 300", refused.Message);
        Assert.Equal(before, await db.ScalarAsync<string>(Fingerprint));
    }

    private sealed class CallbackWriter(Action<string> onLine) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            onLine(value ?? "");
        }
    }
}
