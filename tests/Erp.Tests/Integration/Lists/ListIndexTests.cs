using Dapper;
using Erp.Data.Customers;
using Erp.Data.Invoices;
using Erp.Data.Orders;
using Erp.Data.Paging;
using Erp.Data.Products;

namespace Erp.Tests.Integration.Lists;

/// <summary>
/// Every supported sort × filter reads its own named index as a range at a deep cursor, and
/// costs about one handler read per row returned: at most limit + 2 (ADR 0002).
/// </summary>
public sealed class ListIndexTests(LargeDataFixture data) : IClassFixture<LargeDataFixture>
{
    private const int Limit = 50;

    /// <param name="Where">the filter as plain SQL, to find a row at 90 % depth of the filtered list</param>
    public sealed record ListCase(string Name, string Index, string Table, string Key, bool Descending, string Where,
        Func<long, KeysetPosition?, (string Sql, DynamicParameters Args)> Command)
    {
        public override string ToString() => Name;
    }

    private const string BusiestCustomer = "(SELECT customer_id FROM sales_orders GROUP BY customer_id ORDER BY COUNT(*) DESC, customer_id LIMIT 1)";
    private const string BusiestInvoiceCustomer = "(SELECT customer_id FROM invoices GROUP BY customer_id ORDER BY COUNT(*) DESC, customer_id LIMIT 1)";

    public static TheoryData<ListCase> Cases() => new()
    {
        new("orders by date", "ix_orders_date", "sales_orders", "order_date", true, "1=1",
            (_, after) => OrderListStore.PageCommand(new OrderListQuery(OrderSort.Date, null, null, null, null, Limit, after))),
        new("orders by date, status", "ix_orders_status_date", "sales_orders", "order_date", true, "status = 'invoiced'",
            (_, after) => OrderListStore.PageCommand(new OrderListQuery(OrderSort.Date, "invoiced", null, null, null, Limit, after))),
        new("orders by date, customer", "ix_orders_customer_date", "sales_orders", "order_date", true, $"customer_id = @customer",
            (customer, after) => OrderListStore.PageCommand(new OrderListQuery(OrderSort.Date, null, customer, null, null, Limit, after))),
        new("orders by date, from/to", "ix_orders_date", "sales_orders", "order_date", true,
            "order_date >= '2024-06-01' AND order_date < '2025-06-01'",
            (_, after) => OrderListStore.PageCommand(new OrderListQuery(OrderSort.Date, null, null,
                new DateTime(2024, 6, 1), new DateTime(2025, 6, 1), Limit, after))),
        new("orders by date, status, from/to", "ix_orders_status_date", "sales_orders", "order_date", true,
            "status = 'invoiced' AND order_date >= '2024-06-01' AND order_date < '2025-06-01'",
            (_, after) => OrderListStore.PageCommand(new OrderListQuery(OrderSort.Date, "invoiced", null,
                new DateTime(2024, 6, 1), new DateTime(2025, 6, 1), Limit, after))),
        new("orders by total", "ix_orders_total", "sales_orders", "total", true, "1=1",
            (_, after) => OrderListStore.PageCommand(new OrderListQuery(OrderSort.Total, null, null, null, null, Limit, after))),
        new("orders by total, status", "ix_orders_status_total", "sales_orders", "total", true, "status = 'cancelled'",
            (_, after) => OrderListStore.PageCommand(new OrderListQuery(OrderSort.Total, "cancelled", null, null, null, Limit, after))),
        new("orders by total, customer", "ix_orders_customer_total", "sales_orders", "total", true, "customer_id = @customer",
            (customer, after) => OrderListStore.PageCommand(new OrderListQuery(OrderSort.Total, null, customer, null, null, Limit, after))),
        new("customers by name", "ix_customers_name", "customers", "name", false, "1=1",
            (_, after) => CustomerListStore.PageCommand(new CustomerListQuery(CustomerSort.Name, null, Limit, after))),
        new("customers by name, prefix", "ix_customers_name", "customers", "name", false, "name LIKE 'S%'",
            (_, after) => CustomerListStore.PageCommand(new CustomerListQuery(CustomerSort.Name, "S", Limit, after))),
        new("customers by code", "ux_customers_code", "customers", "code", false, "1=1",
            (_, after) => CustomerListStore.PageCommand(new CustomerListQuery(CustomerSort.Code, null, Limit, after))),
        new("customers by code, prefix", "ux_customers_code", "customers", "code", false, "code LIKE 'C04%'",
            (_, after) => CustomerListStore.PageCommand(new CustomerListQuery(CustomerSort.Code, "C04", Limit, after))),
        new("products by name", "ix_products_name", "products", "name", false, "1=1",
            (_, after) => ProductListStore.PageCommand(new ProductListQuery(ProductSort.Name, null, Limit, after))),
        new("products by sku, prefix", "ux_products_sku", "products", "sku", false, "sku LIKE 'SKU-1%'",
            (_, after) => ProductListStore.PageCommand(new ProductListQuery(ProductSort.Sku, "SKU-1", Limit, after))),
        new("invoices by date", "ix_invoices_date", "invoices", "invoice_date", true, "1=1",
            (_, after) => InvoiceListStore.PageCommand(new InvoiceListQuery(null, null, Limit, after))),
        new("invoices by date, status", "ix_invoices_status_date", "invoices", "invoice_date", true, "status = 'paid'",
            (_, after) => InvoiceListStore.PageCommand(new InvoiceListQuery("paid", null, Limit, after))),
        new("invoices by date, customer", "ix_invoices_customer_date", "invoices", "invoice_date", true, "customer_id = @customer",
            (customer, after) => InvoiceListStore.PageCommand(new InvoiceListQuery(null, customer, Limit, after))),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Deep_cursor_reads_the_named_index_as_a_range_with_one_read_per_row(ListCase list)
    {
        var customer = await data.Database.ScalarAsync<long>(list.Table == "invoices" ? BusiestInvoiceCustomer : BusiestCustomer);
        var matching = await data.Database.ScalarAsync<long>($"SELECT COUNT(*) FROM {list.Table} WHERE {list.Where}", new { customer });
        var order = list.Descending ? $"{list.Key} DESC, id DESC" : $"{list.Key}, id";
        var depth = list.Where.Contains("@customer") ? 0 : matching * 9 / 10;
        var deep = (await data.Database.QueryAsync<(object Key, long Id)>(
            $"SELECT {list.Key} AS `Key`, id FROM {list.Table} WHERE {list.Where} ORDER BY {order} LIMIT 1 OFFSET {depth}", new { customer })).Single();
        var (sql, args) = list.Command(customer, new KeysetPosition(deep.Key, deep.Id));

        var (plan, handlerReads, rows) = await data.ProfileAsync(sql, args);

        var expectedRows = (int)Math.Min(Limit + 1, matching - depth - 1);
        Assert.Equal(expectedRows, rows);
        var step = Assert.Single(plan);
        Assert.Equal(list.Index, step.Key);
        Assert.Equal("range", step.Type);
        Assert.DoesNotContain("filesort", step.Extra ?? "");
        Assert.InRange(handlerReads, 1, Limit + 2);
        Assert.True(matching >= (list.Where.Contains("@customer") ? 1 : 1000), $"{list.Name}: only {matching} rows match; the test needs depth");
    }

    /// <summary>
    /// A before page flips the comparison and the ORDER BY on the same index (the rows are reversed back
    /// in memory), an at page includes its own row: both stay a range read of about one row per row returned.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Deep_before_and_at_pages_read_the_same_named_index_as_a_range_with_one_read_per_row(ListCase list)
    {
        var customer = await data.Database.ScalarAsync<long>(list.Table == "invoices" ? BusiestInvoiceCustomer : BusiestCustomer);
        var matching = await data.Database.ScalarAsync<long>($"SELECT COUNT(*) FROM {list.Table} WHERE {list.Where}", new { customer });
        var order = list.Descending ? $"{list.Key} DESC, id DESC" : $"{list.Key}, id";
        var depth = list.Where.Contains("@customer") ? matching / 2 : matching * 9 / 10;
        var deep = (await data.Database.QueryAsync<(object Key, long Id)>(
            $"SELECT {list.Key} AS `Key`, id FROM {list.Table} WHERE {list.Where} ORDER BY {order} LIMIT 1 OFFSET {depth}", new { customer })).Single();

        foreach (var (seek, expectedRows) in new[] { (Seek.Before, Math.Min(Limit + 1, depth)), (Seek.From, Math.Min(Limit + 1, matching - depth)) })
        {
            var (sql, args) = list.Command(customer, new KeysetPosition(deep.Key, deep.Id, seek));

            var (plan, handlerReads, rows) = await data.ProfileAsync(sql, args);

            Assert.True(expectedRows == rows, $"{list.Name}, {seek}: {rows} rows instead of {expectedRows}");
            var step = Assert.Single(plan);
            Assert.Equal(list.Index, step.Key);
            Assert.Equal("range", step.Type);
            Assert.DoesNotContain("filesort", step.Extra ?? "");
            Assert.True(handlerReads is >= 1 and <= Limit + 2, $"{list.Name}, {seek}: {handlerReads} handler reads");
        }
    }

    [Fact]
    public async Task The_fixture_is_big_enough_for_the_optimizer_to_matter()
    {
        Assert.True(await data.Database.ScalarAsync<long>("SELECT COUNT(*) FROM sales_orders") >= 50_000);
        Assert.True(await data.Database.ScalarAsync<long>("SELECT COUNT(*) FROM customers") >= 50_000);
        Assert.True(await data.Database.ScalarAsync<long>("SELECT COUNT(*) FROM invoices") >= 40_000);
    }
}
