using Erp.Tests.Integration.Orders;

namespace Erp.Tests.Integration.Caching;

/// <summary>
/// Repeated reads of each cached page cost no database statement after the first; the product page
/// pays its one stated stock read. A second host finds the first host's entries in Redis (L2).
/// </summary>
public sealed class CachedReadTests(TwoHostsFixture hosts) : IClassFixture<TwoHostsFixture>
{
    public static TheoryData<string, bool> CachedPages => new()
    {
        { "/orders", false },
        { "/orders", true },
        { "/orders?status=confirmed", true },
        { "/orders?sort=total", true },
        { "/customers", false },
        { "/customers?sort=code", true },
        { "/products", false },
        { "/invoices", false },
        { "/invoices?status=open", true },
        { "/orders/new?handler=Customers&Customer=a", true },
        { "/?handler=Figures", true },
    };

    [Theory]
    [MemberData(nameof(CachedPages))]
    public async Task A_cached_page_read_again_issues_no_database_command(string url, bool htmx)
    {
        var first = await hosts.ClientA.ReadAsync(url, htmx);
        var again = await hosts.ClientA.ReadAsync(url, htmx);
        var otherHost = await hosts.ClientB.ReadAsync(url, htmx);

        Assert.True(first.DbCommands > 0 || again.DbCommands == 0, "the first read may have been cached by an earlier test");
        Assert.Equal(0, again.DbCommands);
        Assert.Equal(0, otherHost.DbCommands); // from Redis, not the database
        Assert.Equal(first.Text, again.Text);
    }

    [Fact]
    public async Task Record_pages_read_again_issue_no_database_command_except_the_stock_read()
    {
        var data = new OrderTestData(hosts.A);
        var (customerId, _, _) = await data.CustomerAsync();
        var (productId, _) = await data.ProductAsync(3m, 20);
        var orderId = await data.ShippedAsync(customerId, productId, 1, 3m);
        var invoiceId = OrderTestData.Ok(await data.InvoiceAsync(orderId)).Id!.Value;
        // The invoice's PDF job ends by refreshing the page's view of its files: let it finish first (ADR 0011).
        await Jobs.JobTestKit.WaitForAsync(async () => await hosts.A.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM invoice_documents WHERE invoice_id = @invoiceId", new { invoiceId }) == 1, "the invoice's PDF");
        var expected = new Dictionary<string, int>
        {
            [$"/customers/{customerId}"] = 0,
            [$"/orders/{orderId}"] = 0,
            [$"/invoices/{invoiceId}"] = 0,
            [$"/orders?customer={customerId}"] = 0,
            [$"/invoices?customer={customerId}"] = 0,
            [$"/products/{productId}"] = 1, // stock counters, read apart from the cached product
        };

        foreach (var (url, commands) in expected)
        {
            var first = await hosts.ClientA.ReadAsync(url);
            Assert.True(first.DbCommands > commands, $"{url}: the first read should reach the database");
            Assert.Equal((url, commands), (url, (await hosts.ClientA.ReadAsync(url)).DbCommands));
            Assert.Equal((url, commands), (url, (await hosts.ClientA.ReadAsync(url)).DbCommands));
            Assert.Equal((url, commands), (url, (await hosts.ClientB.ReadAsync(url)).DbCommands));
        }
    }

    [Fact]
    public async Task Deep_cursor_pages_are_not_cached()
    {
        var page = await hosts.ClientA.ReadAsync("/orders");
        var next = page.Document.QuerySelectorAll("a").FirstOrDefault(a => a.TextContent.Trim() == "Next page")?.GetAttribute("href");
        Assert.NotNull(next);

        Assert.True((await hosts.ClientA.ReadAsync(next, htmx: true)).DbCommands > 0);
        Assert.True((await hosts.ClientA.ReadAsync(next, htmx: true)).DbCommands > 0);
    }

    [Fact]
    public async Task Cache_hits_misses_and_database_commands_are_reported_as_metrics()
    {
        var totals = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Erp.Web.Caching.CacheMetrics.MeterName)
                {
                    totals.TryAdd(instrument.Name, 0);
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, old) => old + value));
        listener.Start();
        var (customerId, _, _) = await new OrderTestData(hosts.A).CustomerAsync();

        await hosts.ClientA.ReadAsync($"/customers/{customerId}");
        await hosts.ClientA.ReadAsync($"/customers/{customerId}");

        Assert.True(totals["erp.cache.misses"] >= 1);
        Assert.True(totals["erp.cache.hits"] >= 1);
        Assert.True(totals["erp.db.commands"] >= 1);
        Assert.True(totals.ContainsKey("erp.cache.fail_safe_activations"));
    }
}
