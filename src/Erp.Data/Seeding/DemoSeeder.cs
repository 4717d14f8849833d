using System.Data;
using System.Diagnostics;
using Bogus;
using Dapper;
using Erp.Data.Orders;
using MySqlConnector;

namespace Erp.Data.Seeding;

public sealed record SeedResult(bool Skipped, int Customers, int Products, int Orders, int Lines, int Invoices, TimeSpan Elapsed);

/// <summary>
/// Bulk-loads deterministic demo data (fixed random seed and reference date, explicit ids).
/// It is the one writer allowed to bypass the write path. A completion marker in seed_runs
/// makes a re-run with the same size a no-op; a run that crashed halfway has no marker and
/// is cleared and redone.
/// </summary>
public sealed class DemoSeeder(MySqlDataSource bulkDataSource, TextWriter progress)
{
    public const int DefaultOrders = 1_000_000;
    public static readonly DateTime ReferenceDate = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private const int RandomSeed = 20261101;
    private const int Batch = 50_000;
    private const string MarkerName = "demo";

    public static int CustomerCountFor(int orders) => Math.Clamp(orders / 10, 50, 100_000);
    public static int ProductCountFor(int orders) => Math.Clamp(orders / 100, 20, 10_000);

    /// <summary>Seeds <paramref name="orders"/> orders; customer and product counts follow from it unless given (tests need wide tables).</summary>
    public async Task<SeedResult> SeedAsync(int orders, CancellationToken ct = default, int? customers = null, int? products = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(orders);
        var clock = Stopwatch.StartNew();
        await using var connection = await bulkDataSource.OpenConnectionAsync(ct);

        var marker = await connection.QuerySingleOrDefaultAsync<int?>(
            "SELECT orders FROM seed_runs WHERE name = @MarkerName", new { MarkerName });
        if (marker == orders)
        {
            progress.WriteLine($"Demo data with {orders:N0} orders is already seeded; nothing to do.");
            return new SeedResult(true, 0, 0, 0, 0, 0, clock.Elapsed);
        }

        progress.WriteLine(marker is null
            ? $"Seeding demo data: {orders:N0} orders."
            : $"Replacing the {marker:N0}-order demo data with {orders:N0} orders.");
        await ClearAsync(connection, ct);
        // Products are loaded after the order lines that reference them (their reserved stock is
        // summed from confirmed orders), so this session checks no foreign keys while it loads.
        await connection.ExecuteAsync("SET FOREIGN_KEY_CHECKS = 0");

        var faker = new Faker("en") { Random = new Randomizer(RandomSeed) };
        var customerCount = orders == 0 ? 0 : customers ?? CustomerCountFor(orders);
        var productCount = orders == 0 ? 0 : products ?? ProductCountFor(orders);

        await LoadCustomersAsync(connection, faker, customerCount, ct);
        var prices = new decimal[productCount + 1];
        var reserved = new int[productCount + 1];
        for (var p = 1; p <= productCount; p++)
        {
            prices[p] = Math.Round(faker.Random.Decimal(1m, 2000m), 2);
        }
        var (lineCount, invoiceCount) = await LoadOrdersAsync(connection, orders, customerCount, prices, reserved, ct);
        await LoadProductsAsync(connection, faker, prices, reserved, ct);
        await MoveSequencesAsync(connection, ct);
        await connection.ExecuteAsync("SET FOREIGN_KEY_CHECKS = 1");

        progress.WriteLine("Analyzing tables...");
        foreach (var table in new[] { "customers", "products", "sales_orders", "sales_order_lines", "invoices" })
        {
            await connection.ExecuteAsync(new CommandDefinition($"ANALYZE TABLE {table}", commandTimeout: 600, cancellationToken: ct));
        }
        await connection.ExecuteAsync(
            "INSERT INTO seed_runs (name, orders, completed_at) VALUES (@MarkerName, @orders, UTC_TIMESTAMP(6))",
            new { MarkerName, orders });
        progress.WriteLine($"Seeded {customerCount:N0} customers, {productCount:N0} products, {orders:N0} orders, " +
                           $"{lineCount:N0} lines and {invoiceCount:N0} invoices in {clock.Elapsed.TotalSeconds:F1} s.");
        return new SeedResult(false, customerCount, productCount, orders, lineCount, invoiceCount, clock.Elapsed);
    }

    private static async Task ClearAsync(MySqlConnection connection, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition("""
            SET FOREIGN_KEY_CHECKS = 0;
            DELETE FROM seed_runs WHERE name = 'demo';
            TRUNCATE TABLE stock_movements;
            TRUNCATE TABLE invoices;
            TRUNCATE TABLE sales_order_lines;
            TRUNCATE TABLE sales_orders;
            TRUNCATE TABLE products;
            TRUNCATE TABLE customers;
            DELETE FROM number_sequences WHERE name LIKE 'invoice-%';
            SET FOREIGN_KEY_CHECKS = 1;
            """, commandTimeout: 600, cancellationToken: ct));
    }

    private async Task LoadCustomersAsync(MySqlConnection connection, Faker faker, int count, CancellationToken ct)
    {
        var table = NewTable(("id", typeof(long)), ("code", typeof(string)), ("name", typeof(string)), ("email", typeof(string)),
            ("phone", typeof(string)), ("country", typeof(string)), ("credit_limit", typeof(decimal)),
            ("created_at", typeof(DateTime)), ("updated_at", typeof(DateTime)), ("version", typeof(int)));
        for (var id = 1; id <= count; id++)
        {
            var name = faker.Company.CompanyName();
            var created = ReferenceDate.AddDays(-faker.Random.Int(1100, 1500));
            table.Rows.Add(id, $"C{id:D6}", name, faker.Internet.Email(name.Split(' ')[0]).ToLowerInvariant(),
                faker.Phone.PhoneNumber("+## ### ### ####"), faker.Address.Country(),
                faker.Random.Int(5, 500) * 1000m, created, created, 1);
            if (table.Rows.Count == Batch || id == count)
            {
                await BulkLoadAsync(connection, "customers", table, ct);
                progress.WriteLine($"  customers {id,9:N0} / {count:N0}");
                table.Clear();
            }
        }
    }

    private async Task LoadProductsAsync(MySqlConnection connection, Faker faker, decimal[] prices, int[] reserved, CancellationToken ct)
    {
        var table = NewTable(("id", typeof(long)), ("sku", typeof(string)), ("name", typeof(string)), ("unit_price", typeof(decimal)),
            ("on_hand", typeof(int)), ("reserved", typeof(int)), ("reorder_level", typeof(int)),
            ("created_at", typeof(DateTime)), ("updated_at", typeof(DateTime)), ("version", typeof(int)));
        var count = prices.Length - 1;
        for (var id = 1; id <= count; id++)
        {
            var created = ReferenceDate.AddDays(-faker.Random.Int(1100, 1500));
            table.Rows.Add(id, $"SKU-{id:D5}", faker.Commerce.ProductName(), prices[id],
                reserved[id] + faker.Random.Int(0, 5000), reserved[id], faker.Random.Int(0, 200), created, created, 1);
        }
        if (count > 0)
        {
            await BulkLoadAsync(connection, "products", table, ct);
        }
        // The product page lists movements: start each product's history with its seeded stock.
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO stock_movements (product_id, kind, quantity, on_hand_after, reserved_after, reason, created_at)
            SELECT id, 'opening', on_hand, on_hand, reserved, 'Demo data', created_at FROM products
            """, commandTimeout: 600, cancellationToken: ct));
        progress.WriteLine($"  products  {count,9:N0} / {count:N0}");
    }

    private async Task<(int Lines, int Invoices)> LoadOrdersAsync(MySqlConnection connection, int count, int customers,
        decimal[] prices, int[] reserved, CancellationToken ct)
    {
        var random = new Random(RandomSeed);
        const long spanMicroseconds = 3L * 365 * 24 * 3600 * 1_000_000;
        var offsets = new long[count];
        for (var i = 0; i < count; i++)
        {
            offsets[i] = random.NextInt64(60_000_000, spanMicroseconds);
        }
        Array.Sort(offsets);
        Array.Reverse(offsets); // oldest first, so ids grow with the order date

        var orders = NewTable(("id", typeof(long)), ("customer_id", typeof(long)), ("status", typeof(string)), ("order_date", typeof(DateTime)),
            ("total", typeof(decimal)), ("created_at", typeof(DateTime)), ("updated_at", typeof(DateTime)), ("version", typeof(int)));
        var lines = NewTable(("id", typeof(long)), ("order_id", typeof(long)), ("line_no", typeof(int)), ("product_id", typeof(long)),
            ("quantity", typeof(int)), ("unit_price", typeof(decimal)), ("line_total", typeof(decimal)));
        var invoices = NewTable(("id", typeof(long)), ("invoice_no", typeof(string)), ("order_id", typeof(long)), ("customer_id", typeof(long)),
            ("status", typeof(string)), ("invoice_date", typeof(DateTime)), ("due_date", typeof(DateTime)), ("total", typeof(decimal)),
            ("created_at", typeof(DateTime)), ("updated_at", typeof(DateTime)), ("version", typeof(int)));

        long lineId = 0, invoiceId = 0;
        var invoiceNumbers = new Dictionary<int, int>();
        var products = prices.Length - 1;
        var picked = new long[5];
        for (var i = 0; i < count; i++)
        {
            long id = i + 1;
            var date = ReferenceDate.AddTicks(-offsets[i] * 10);
            var age = ReferenceDate - date;
            var status = StatusFor(age, random);
            var customerId = random.NextInt64(1, customers + 1);
            var lineTotal = 0m;
            var lineCount = random.Next(1, 6);
            for (var n = 0; n < lineCount; n++)
            {
                long productId;
                do { productId = random.NextInt64(1, products + 1); } while (Array.IndexOf(picked, productId, 0, n) >= 0 && products >= lineCount);
                picked[n] = productId;
                var quantity = random.Next(1, 21);
                var total = quantity * prices[productId];
                lineTotal += total;
                lines.Rows.Add(++lineId, id, n + 1, productId, quantity, prices[productId], total);
                if (status == OrderStatus.Confirmed)
                {
                    reserved[productId] += quantity;
                }
            }
            orders.Rows.Add(id, customerId, status, date, lineTotal, date, date, 1);
            if (status == OrderStatus.Invoiced)
            {
                var invoiceDate = date.AddDays(2);
                var year = invoiceDate.Year;
                var number = invoiceNumbers[year] = invoiceNumbers.GetValueOrDefault(year) + 1;
                invoices.Rows.Add(++invoiceId, $"INV-{year}-{number:D6}", id, customerId,
                    ReferenceDate - invoiceDate > TimeSpan.FromDays(45) ? "paid" : "open",
                    invoiceDate, invoiceDate.Date.AddDays(30), lineTotal, invoiceDate, invoiceDate, 1);
            }

            if (orders.Rows.Count == Batch || i == count - 1)
            {
                await BulkLoadAsync(connection, "sales_orders", orders, ct);
                await BulkLoadAsync(connection, "sales_order_lines", lines, ct);
                await BulkLoadAsync(connection, "invoices", invoices, ct);
                orders.Clear();
                lines.Clear();
                invoices.Clear();
                progress.WriteLine($"  orders    {i + 1,9:N0} / {count:N0} ({(i + 1) * 100L / count}%)");
            }
        }
        return ((int)lineId, (int)invoiceId);
    }

    private static string StatusFor(TimeSpan age, Random random)
    {
        var roll = random.Next(100);
        if (age < TimeSpan.FromDays(3))
        {
            return roll < 40 ? OrderStatus.Draft : roll < 90 ? OrderStatus.Confirmed : OrderStatus.Cancelled;
        }
        if (age < TimeSpan.FromDays(14))
        {
            return roll < 30 ? OrderStatus.Confirmed : roll < 90 ? OrderStatus.Shipped : OrderStatus.Cancelled;
        }
        return roll < 85 ? OrderStatus.Invoiced : roll < 95 ? OrderStatus.Cancelled : OrderStatus.Shipped;
    }

    private static async Task MoveSequencesAsync(MySqlConnection connection, CancellationToken ct)
    {
        // Invoice numbers look like INV-YYYY-NNNNNN: continue each year's series after the seeded numbers.
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO number_sequences (name, next_value)
            SELECT CONCAT('invoice-', SUBSTRING(invoice_no, 5, 4)), MAX(CAST(SUBSTRING(invoice_no, 10) AS UNSIGNED)) + 1
            FROM invoices
            GROUP BY SUBSTRING(invoice_no, 5, 4)
            ON DUPLICATE KEY UPDATE next_value = GREATEST(next_value, VALUES(next_value))
            """, commandTimeout: 600, cancellationToken: ct));
    }

    private static DataTable NewTable(params (string Name, Type Type)[] columns)
    {
        var table = new DataTable();
        foreach (var (name, type) in columns)
        {
            table.Columns.Add(name, type);
        }
        return table;
    }

    private static async Task BulkLoadAsync(MySqlConnection connection, string table, DataTable rows, CancellationToken ct)
    {
        if (rows.Rows.Count == 0)
        {
            return;
        }
        var bulk = new MySqlBulkCopy(connection) { DestinationTableName = table, BulkCopyTimeout = 0 };
        var result = await bulk.WriteToServerAsync(rows, ct);
        if (result.RowsInserted != rows.Rows.Count || result.Warnings.Count > 0)
        {
            var warning = result.Warnings.FirstOrDefault()?.Message ?? "no warning";
            throw new InvalidOperationException(
                $"Bulk load into {table} inserted {result.RowsInserted} of {rows.Rows.Count} rows ({warning}).");
        }
    }
}
