using System.Data;
using System.Diagnostics;
using System.Threading.Channels;
using Bogus;
using Dapper;
using Erp.Data.Audit;
using Erp.Data.Infrastructure;
using Erp.Data.Invoices;
using Erp.Data.Orders;
using MySqlConnector;

namespace Erp.Data.Seeding;

public sealed record SeedResult(bool Skipped, int Customers, int Products, int Orders, int Lines, int Invoices, TimeSpan Elapsed);

/// <summary>The seeder would have to touch data that is not its own; nothing was changed.</summary>
public sealed class SeedRefusedException(string message) : InvalidOperationException(message);

/// <summary>
/// Bulk-loads deterministic demo data (fixed random seed and reference date, explicit ids). It is the
/// one writer allowed to bypass the write path, and it never deletes data that is not its own:
/// <list type="bullet">
/// <item>it fills empty business tables only (users do not count: the demo users are made apart);</item>
/// <item>a completed run of the same size makes it a no-op;</item>
/// <item>a run that crashed is recognised by its in-progress marker (seed_runs.completed_at NULL) and
/// may be restarted with the same size: it clears what that run loaded — the per-table row counts in
/// seed_loads, committed with each batch, must match the tables exactly, otherwise someone else wrote
/// there since and the restart is refused;</item>
/// <item>anything else is refused with a message, before any write.</item>
/// </list>
/// </summary>
public sealed class DemoSeeder(MySqlDataSource bulkDataSource, TextWriter progress, CompanyIdentity? company = null)
{
    public const int DefaultOrders = 1_000_000;
    public static readonly DateTime ReferenceDate = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private const int RandomSeed = 20261101;
    private const int Batch = 50_000;
    private const string MarkerName = "demo";
    // GET_LOCK names are server-wide: the database name keeps seeds of different databases apart.
    private const string LockName = "CONCAT('erp_demo_seed:', DATABASE())";

    /// <summary>The tables the seeder fills, parents first. All but stock_movements get ids 1..n in order.</summary>
    private static readonly string[] BusinessTables =
        ["customers", "products", "sales_orders", "sales_order_lines", "invoices", "invoice_lines", "stock_movements"];

    private readonly CompanyIdentity _company = company ?? CompanyIdentity.Demo;

    public static int CustomerCountFor(int orders) => Math.Clamp(orders / 10, 50, 100_000);
    public static int ProductCountFor(int orders) => Math.Clamp(orders / 100, 20, 10_000);

    private sealed record Marker(int Orders, int? Customers, int? Products, DateTime? CompletedAt);

    private sealed record Size(int Orders, int Customers, int Products)
    {
        public bool Matches(Marker marker) =>
            marker.Orders == Orders && (marker.Customers ?? Customers) == Customers && (marker.Products ?? Products) == Products;
    }

    /// <summary>Seeds <paramref name="orders"/> orders; customer and product counts follow from it unless given (tests need wide tables).</summary>
    public async Task<SeedResult> SeedAsync(int orders, CancellationToken ct = default, int? customers = null, int? products = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(orders);
        var clock = Stopwatch.StartNew();
        var size = new Size(orders, orders == 0 ? 0 : customers ?? CustomerCountFor(orders), orders == 0 ? 0 : products ?? ProductCountFor(orders));
        await using var connection = await bulkDataSource.OpenConnectionAsync(ct);
        if (await connection.ExecuteScalarAsync<int?>($"SELECT GET_LOCK({LockName}, 0)") != 1)
        {
            throw new SeedRefusedException("Another seed is running on this database; nothing was changed.");
        }
        try
        {
            if (!await PrepareAsync(connection, size, ct))
            {
                progress.WriteLine($"Demo data with {orders:N0} orders is already seeded; nothing to do.");
                return new SeedResult(true, 0, 0, 0, 0, 0, clock.Elapsed);
            }
            // The audit triggers would write one row per loaded row (ADR 0012). The tables are empty and the seed
            // lock is held, so the owner drops them for the load, writes the equivalent audit rows in bulk, and
            // puts them back whatever happens (the migrator also restores missing triggers).
            await AuditInstaller.SuspendBusinessTriggersAsync(connection, ct);
            (int Lines, int Invoices) loaded;
            try
            {
                loaded = await LoadAsync(connection, size, ct);
            }
            finally
            {
                await using var ddl = AuditInstaller.OpenDdlConnection(bulkDataSource.ConnectionString);
                await ddl.OpenAsync(CancellationToken.None);
                await AuditInstaller.ApplyAsync(ddl, CancellationToken.None);
            }
            var (lines, invoices) = loaded;
            await new AuditChain(bulkDataSource).SealAsync(ct); // the seed_loaded event, and anything written meanwhile
            progress.WriteLine($"Seeded {size.Customers:N0} customers, {size.Products:N0} products, {orders:N0} orders, " +
                               $"{lines:N0} lines and {invoices:N0} invoices in {clock.Elapsed.TotalSeconds:F1} s.");
            return new SeedResult(false, size.Customers, size.Products, orders, lines, invoices, clock.Elapsed);
        }
        finally
        {
            await connection.ExecuteAsync($"SELECT RELEASE_LOCK({LockName})");
        }
    }

    /// <summary>False when the same size is already seeded; throws when seeding would touch data that is not the seeder's.</summary>
    private async Task<bool> PrepareAsync(MySqlConnection connection, Size size, CancellationToken ct)
    {
        var marker = await connection.QuerySingleOrDefaultAsync<Marker>(new CommandDefinition(
            "SELECT orders, customers, products, completed_at AS CompletedAt FROM seed_runs WHERE name = @MarkerName",
            new { MarkerName }, cancellationToken: ct));
        if (marker is { CompletedAt: not null } && size.Matches(marker))
        {
            return false;
        }
        if (marker is { CompletedAt: null })
        {
            if (!size.Matches(marker))
            {
                throw new SeedRefusedException(
                    $"A seed of {marker.Orders:N0} orders was interrupted on this database. Restart it with seed --orders {marker.Orders} " +
                    "(it clears what the interrupted run loaded, and nothing else); nothing was changed.");
            }
            var cleared = await ClearUnfinishedRunAsync(connection, marker, ct);
            progress.WriteLine($"Restarting the interrupted seed of {size.Orders:N0} orders (cleared the {cleared:N0} rows it had loaded).");
        }
        else
        {
            var occupied = new List<string>();
            foreach (var table in BusinessTables)
            {
                if (await connection.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT EXISTS (SELECT 1 FROM {table})", cancellationToken: ct)) == 1)
                {
                    occupied.Add(table);
                }
            }
            if (occupied.Count > 0)
            {
                var what = marker is null
                    ? "data the seeder did not write"
                    : $"the demo data seeded with {marker.Orders:N0} orders, and seed never replaces data";
                throw new SeedRefusedException(
                    $"This database holds {what} ({string.Join(", ", occupied)} not empty). Seed fills empty tables only; nothing was changed. " +
                    (marker is null ? "Seed a new, empty database." : $"Run seed --orders {marker.Orders} (a no-op), or seed a new, empty database."));
            }
            progress.WriteLine($"Seeding demo data: {size.Orders:N0} orders.");
        }

        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO seed_runs (name, orders, customers, products, started_at, completed_at)
            VALUES (@MarkerName, @Orders, @Customers, @Products, UTC_TIMESTAMP(6), NULL)
            ON DUPLICATE KEY UPDATE orders = @Orders, customers = @Customers, products = @Products,
                                    started_at = UTC_TIMESTAMP(6), completed_at = NULL
            """, new { MarkerName, size.Orders, size.Customers, size.Products }, cancellationToken: ct));
        return true;
    }

    /// <summary>
    /// Empties the tables an interrupted run was filling, after proving that they hold exactly the rows
    /// it recorded in seed_loads (ids 1..n, n = rows loaded) and nothing anyone else wrote.
    /// </summary>
    private static async Task<long> ClearUnfinishedRunAsync(MySqlConnection connection, Marker marker, CancellationToken ct)
    {
        var loaded = (await connection.QueryAsync<(string Table, long Rows)>(new CommandDefinition(
                "SELECT table_name, rows_loaded FROM seed_loads WHERE run = @MarkerName", new { MarkerName }, cancellationToken: ct)))
            .ToDictionary(r => r.Table, r => r.Rows);
        foreach (var table in BusinessTables)
        {
            var expected = loaded.GetValueOrDefault(table);
            var (count, lowest, highest, foreign) = await connection.QuerySingleAsync<(long, long, long, long)>(new CommandDefinition(
                table == "stock_movements"
                    ? "SELECT COUNT(*), 0, 0, COALESCE(SUM(kind <> 'opening' OR reason IS NULL OR reason <> 'Demo data'), 0) FROM stock_movements"
                    : $"SELECT COUNT(*), COALESCE(MIN(id), 0), COALESCE(MAX(id), 0), 0 FROM {table}",
                commandTimeout: 600, cancellationToken: ct));
            var own = count == expected && foreign == 0
                      && (table == "stock_movements" || (lowest == Math.Min(expected, 1) && highest == expected));
            if (!own)
            {
                throw new SeedRefusedException(
                    $"A seed of {marker.Orders:N0} orders was interrupted, and {table} now holds rows it did not write " +
                    $"({count:N0} rows; the run loaded {expected:N0}). Seed clears only its own unfinished work, so nothing was changed. " +
                    "Seed a new, empty database instead.");
            }
        }

        // Every row is the interrupted run's (checked above), so emptying the tables clears exactly its work.
        await connection.ExecuteAsync(new CommandDefinition($"""
            SET FOREIGN_KEY_CHECKS = 0;
            {string.Concat(BusinessTables.Reverse().Select(t => $"TRUNCATE TABLE {t};\n"))}
            SET FOREIGN_KEY_CHECKS = 1;
            DELETE FROM seed_loads WHERE run = @MarkerName;
            """, new { MarkerName }, commandTimeout: 600, cancellationToken: ct));
        return loaded.Values.Sum();
    }

    private async Task<(int Lines, int Invoices)> LoadAsync(MySqlConnection connection, Size size, CancellationToken ct)
    {
        // Products are loaded after the order lines that reference them (their reserved stock is
        // summed from confirmed orders), so this session checks no foreign keys while it loads.
        // The ids are generated unique and the tables were empty, so unique checks are skipped as well.
        await connection.ExecuteAsync("SET FOREIGN_KEY_CHECKS = 0, UNIQUE_CHECKS = 0");
        var faker = new Faker("en") { Random = new Randomizer(RandomSeed) };
        var customers = await LoadCustomersAsync(connection, faker, size.Customers, ct);
        var products = NewProducts(faker, size.Products);
        var (lineCount, invoiceCount) = await LoadOrdersAsync(connection, size.Orders, customers, products, ct);
        await LoadProductsAsync(connection, products, ct);
        await MoveSequencesAsync(connection, ct);
        await connection.ExecuteAsync("SET FOREIGN_KEY_CHECKS = 1, UNIQUE_CHECKS = 1");

        progress.WriteLine("Analyzing tables...");
        foreach (var table in BusinessTables)
        {
            await connection.ExecuteAsync(new CommandDefinition($"ANALYZE TABLE {table}", commandTimeout: 600, cancellationToken: ct));
        }
        // The audit rows of everything loaded commit with the completion marker: an interrupted run has none.
        progress.WriteLine("Writing audit rows...");
        await using (var ddl = AuditInstaller.OpenDdlConnection(bulkDataSource.ConnectionString))
        {
            await ddl.OpenAsync(ct);
            await using var transaction = await ddl.BeginTransactionAsync(ct);
            var audited = await BulkAudit.WriteSealedInsertsAsync(ddl, transaction,
                AuditSchema.Tables.Where(t => BusinessTables.Contains(t.Table)), WriteContext.Seed.ActorName, ct);
            await ddl.ExecuteAsync(new CommandDefinition("""
                INSERT INTO audit_log (occurred_at, actor_id, actor_name, db_user, entity, entity_id, action, changes)
                VALUES (UTC_TIMESTAMP(6), NULL, 'seed', USER(), 'seed', NULL, 'seed_loaded',
                        JSON_OBJECT('orders', @orders, 'audit_rows', @audited, 'triggers', 'suspended during the load; these rows written in bulk'));
                UPDATE seed_runs SET completed_at = UTC_TIMESTAMP(6) WHERE name = @MarkerName;
                DELETE FROM seed_loads WHERE run = @MarkerName;
                """, new { MarkerName, orders = size.Orders, audited }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            progress.WriteLine($"  audit     {audited,9:N0} rows written and sealed");
        }
        return (lineCount, invoiceCount);
    }

    /// <summary>What an invoice copies of a customer (ADR 0007).</summary>
    private sealed record SeededCustomer(string Code, string Name, string Address, string PostalCode, string City, string Country);

    private sealed class SeededProducts(int count)
    {
        public readonly string[] Sku = new string[count + 1];
        public readonly string[] Name = new string[count + 1];
        public readonly decimal[] Price = new decimal[count + 1];
        public readonly int[] Reserved = new int[count + 1];
        public readonly int[] Spare = new int[count + 1];
        public readonly int[] ReorderLevel = new int[count + 1];
        public readonly DateTime[] Created = new DateTime[count + 1];
        public int Count => count;
    }

    private async Task<SeededCustomer[]> LoadCustomersAsync(MySqlConnection connection, Faker faker, int count, CancellationToken ct)
    {
        var seeded = new SeededCustomer[count + 1];
        var table = NewTable(("id", typeof(long)), ("code", typeof(string)), ("name", typeof(string)), ("email", typeof(string)),
            ("phone", typeof(string)), ("country", typeof(string)), ("address", typeof(string)), ("postal_code", typeof(string)),
            ("city", typeof(string)), ("credit_limit", typeof(decimal)), ("created_at", typeof(DateTime)), ("updated_at", typeof(DateTime)),
            ("version", typeof(int)));
        for (var id = 1; id <= count; id++)
        {
            var name = faker.Company.CompanyName();
            var created = ReferenceDate.AddDays(-faker.Random.Int(1100, 1500));
            var customer = seeded[id] = new SeededCustomer($"C{id:D6}", name, faker.Address.StreetAddress(), faker.Address.ZipCode(),
                faker.Address.City(), faker.Address.Country());
            table.Rows.Add(id, customer.Code, name, faker.Internet.Email(name.Split(' ')[0]).ToLowerInvariant(),
                faker.Phone.PhoneNumber("+## ### ### ####"), customer.Country, customer.Address, customer.PostalCode, customer.City,
                faker.Random.Int(5, 500) * 1000m, created, created, 1);
            if (table.Rows.Count == Batch || id == count)
            {
                await InBatchAsync(connection, ct, ("customers", table));
                progress.WriteLine($"  customers {id,9:N0} / {count:N0}");
                table.Clear();
            }
        }
        return seeded;
    }

    /// <summary>Products are made before the orders (lines and invoices print SKU and name); reserved stock is summed while orders load.</summary>
    private static SeededProducts NewProducts(Faker faker, int count)
    {
        var products = new SeededProducts(count);
        for (var p = 1; p <= count; p++)
        {
            products.Sku[p] = $"SKU-{p:D5}";
            products.Price[p] = Math.Round(faker.Random.Decimal(1m, 2000m), 2);
            products.Created[p] = ReferenceDate.AddDays(-faker.Random.Int(1100, 1500));
            products.Name[p] = faker.Commerce.ProductName();
            products.Spare[p] = faker.Random.Int(0, 5000);
            products.ReorderLevel[p] = faker.Random.Int(0, 200);
        }
        return products;
    }

    private async Task LoadProductsAsync(MySqlConnection connection, SeededProducts products, CancellationToken ct)
    {
        var table = NewTable(("id", typeof(long)), ("sku", typeof(string)), ("name", typeof(string)), ("unit_price", typeof(decimal)),
            ("on_hand", typeof(int)), ("reserved", typeof(int)), ("reorder_level", typeof(int)),
            ("created_at", typeof(DateTime)), ("updated_at", typeof(DateTime)), ("version", typeof(int)));
        for (var id = 1; id <= products.Count; id++)
        {
            table.Rows.Add(id, products.Sku[id], products.Name[id], products.Price[id], products.Reserved[id] + products.Spare[id],
                products.Reserved[id], products.ReorderLevel[id], products.Created[id], products.Created[id], 1);
        }
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await BulkLoadAsync(connection, transaction, "products", table, ct);
        // The product page lists movements: start each product's history with its seeded stock.
        var movements = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO stock_movements (product_id, kind, quantity, on_hand_after, reserved_after, reason, created_at)
            SELECT id, 'opening', on_hand, on_hand, reserved, 'Demo data', created_at FROM products
            """, transaction: transaction, commandTimeout: 600, cancellationToken: ct));
        await RecordLoadedAsync(connection, transaction, "products", products.Count, ct);
        await RecordLoadedAsync(connection, transaction, "stock_movements", movements, ct);
        await transaction.CommitAsync(ct);
        progress.WriteLine($"  products  {products.Count,9:N0} / {products.Count:N0}");
    }

    /// <summary>One batch of generated orders with their lines, invoices and invoice lines.</summary>
    private sealed record OrderBatch(DataTable Orders, DataTable Lines, DataTable Invoices, DataTable InvoiceLines, int Done);

    /// <summary>
    /// Generating a batch (client CPU) overlaps with loading the previous one (server work): a bounded
    /// channel of one batch between a generator task and this loader.
    /// </summary>
    private async Task<(int Lines, int Invoices)> LoadOrdersAsync(MySqlConnection connection, int count, SeededCustomer[] customers,
        SeededProducts products, CancellationToken ct)
    {
        var batches = Channel.CreateBounded<OrderBatch>(1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var generator = Task.Run(async () =>
        {
            try
            {
                var counts = await GenerateOrdersAsync(batches.Writer, count, customers, products, stop.Token);
                batches.Writer.Complete();
                return counts;
            }
            catch (Exception e)
            {
                batches.Writer.Complete(e);
                throw;
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(ct))
            {
                await InBatchAsync(connection, ct, ("sales_orders", batch.Orders), ("sales_order_lines", batch.Lines),
                    ("invoices", batch.Invoices), ("invoice_lines", batch.InvoiceLines));
                progress.WriteLine($"  orders    {batch.Done,9:N0} / {count:N0} ({batch.Done * 100L / count}%)");
            }
        }
        catch
        {
            await stop.CancelAsync();
            await Task.WhenAny(generator); // its own failure, if any, is the one already thrown here
            throw;
        }
        return await generator;
    }

    private async Task<(int Lines, int Invoices)> GenerateOrdersAsync(ChannelWriter<OrderBatch> batches, int count,
        SeededCustomer[] customers, SeededProducts products, CancellationToken ct)
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

        OrderBatch NewBatch(int done) => new(
            NewTable(("id", typeof(long)), ("customer_id", typeof(long)), ("status", typeof(string)), ("order_date", typeof(DateTime)),
                ("total", typeof(decimal)), ("created_at", typeof(DateTime)), ("updated_at", typeof(DateTime)), ("version", typeof(int))),
            NewTable(("id", typeof(long)), ("order_id", typeof(long)), ("line_no", typeof(int)), ("product_id", typeof(long)),
                ("quantity", typeof(int)), ("unit_price", typeof(decimal)), ("line_total", typeof(decimal))),
            NewTable(("id", typeof(long)), ("invoice_no", typeof(string)), ("order_id", typeof(long)), ("customer_id", typeof(long)),
                ("status", typeof(string)), ("invoice_date", typeof(DateTime)), ("due_date", typeof(DateTime)), ("total", typeof(decimal)),
                ("company_name", typeof(string)), ("company_address", typeof(string)), ("customer_code", typeof(string)),
                ("customer_name", typeof(string)), ("customer_address", typeof(string)), ("customer_postal_code", typeof(string)),
                ("customer_city", typeof(string)), ("customer_country", typeof(string)),
                ("created_at", typeof(DateTime)), ("updated_at", typeof(DateTime)), ("version", typeof(int))),
            NewTable(("id", typeof(long)), ("invoice_id", typeof(long)), ("line_no", typeof(int)), ("product_id", typeof(long)),
                ("sku", typeof(string)), ("product_name", typeof(string)), ("quantity", typeof(int)), ("unit_price", typeof(decimal)),
                ("line_total", typeof(decimal))),
            done);

        long lineId = 0, invoiceId = 0, invoiceLineId = 0;
        var invoiceNumbers = new Dictionary<int, int>();
        var productCount = products.Count;
        var picked = new long[5];
        var batch = NewBatch(0);
        for (var i = 0; i < count; i++)
        {
            long id = i + 1;
            var date = ReferenceDate.AddTicks(-offsets[i] * 10);
            var age = ReferenceDate - date;
            var status = StatusFor(age, random);
            var invoiced = status == OrderStatus.Invoiced;
            var customerId = random.NextInt64(1, customers.Length);
            var orderTotal = 0m;
            var lineCount = random.Next(1, 6);
            if (invoiced)
            {
                invoiceId++;
            }
            for (var n = 0; n < lineCount; n++)
            {
                long productId;
                do { productId = random.NextInt64(1, productCount + 1); } while (Array.IndexOf(picked, productId, 0, n) >= 0 && productCount >= lineCount);
                picked[n] = productId;
                var quantity = random.Next(1, 21);
                var price = products.Price[productId];
                var total = quantity * price;
                orderTotal += total;
                batch.Lines.Rows.Add(++lineId, id, n + 1, productId, quantity, price, total);
                if (status == OrderStatus.Confirmed)
                {
                    products.Reserved[productId] += quantity;
                }
                if (invoiced)
                {
                    batch.InvoiceLines.Rows.Add(++invoiceLineId, invoiceId, n + 1, productId, products.Sku[productId], products.Name[productId],
                        quantity, price, total);
                }
            }
            batch.Orders.Rows.Add(id, customerId, status, date, orderTotal, date, date, 1);
            if (invoiced)
            {
                var invoiceDate = date.AddDays(2);
                var year = invoiceDate.Year;
                var number = invoiceNumbers[year] = invoiceNumbers.GetValueOrDefault(year) + 1;
                var customer = customers[customerId];
                batch.Invoices.Rows.Add(invoiceId, $"INV-{year}-{number:D6}", id, customerId,
                    ReferenceDate - invoiceDate > TimeSpan.FromDays(45) ? "paid" : "open",
                    invoiceDate, invoiceDate.Date.AddDays(InvoiceStore.PaymentTermDays), orderTotal,
                    _company.Name, _company.Address, customer.Code, customer.Name, customer.Address, customer.PostalCode,
                    customer.City, customer.Country, invoiceDate, invoiceDate, 1);
            }

            if (batch.Orders.Rows.Count == Batch || i == count - 1)
            {
                await batches.WriteAsync(batch with { Done = i + 1 }, ct);
                batch = NewBatch(0);
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

    /// <summary>Loads the tables and records their row counts in seed_loads, all in one transaction: a crash leaves both or neither.</summary>
    private static async Task InBatchAsync(MySqlConnection connection, CancellationToken ct, params (string Name, DataTable Rows)[] tables)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var (name, rows) in tables)
        {
            await BulkLoadAsync(connection, transaction, name, rows, ct);
            await RecordLoadedAsync(connection, transaction, name, rows.Rows.Count, ct);
        }
        await transaction.CommitAsync(ct);
    }

    private static Task RecordLoadedAsync(MySqlConnection connection, MySqlTransaction transaction, string table, long rows, CancellationToken ct) =>
        rows == 0
            ? Task.CompletedTask
            : connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO seed_loads (run, table_name, rows_loaded) VALUES (@MarkerName, @table, @rows)
                ON DUPLICATE KEY UPDATE rows_loaded = rows_loaded + @rows
                """, new { MarkerName, table, rows }, transaction, cancellationToken: ct));

    private static async Task BulkLoadAsync(MySqlConnection connection, MySqlTransaction transaction, string table, DataTable rows, CancellationToken ct)
    {
        if (rows.Rows.Count == 0)
        {
            return;
        }
        // Columns by name, so columns other migrations add (at the end of the table) do not shift the load.
        var bulk = new MySqlBulkCopy(connection, transaction) { DestinationTableName = table, BulkCopyTimeout = 0 };
        for (var i = 0; i < rows.Columns.Count; i++)
        {
            bulk.ColumnMappings.Add(new MySqlBulkCopyColumnMapping(i, rows.Columns[i].ColumnName));
        }
        var result = await bulk.WriteToServerAsync(rows, ct);
        if (result.RowsInserted != rows.Rows.Count || result.Warnings.Count > 0)
        {
            var warning = result.Warnings.FirstOrDefault()?.Message ?? "no warning";
            throw new InvalidOperationException(
                $"Bulk load into {table} inserted {result.RowsInserted} of {rows.Rows.Count} rows ({warning}).");
        }
    }
}
