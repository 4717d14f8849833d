using Erp.Data.Rules;
using System.Globalization;
using Erp.Data.Orders;
using Erp.Tests.Integration.Orders;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Caching;

public sealed class DashboardFixture : IAsyncLifetime
{
    public ErpApp App { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await ErpApp.StartAsync(configure: b => b.UseSetting("Cache:DashboardDuration", "00:00:00.500"));
        Client = await App.SignInAsync();
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The dashboard at /: its figures load after the page paints, and equal the SQL aggregates once the cached ones are refreshed.</summary>
public sealed class DashboardTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task The_page_paints_first_and_loads_its_figures_with_htmx()
    {
        var page = await fixture.Client.ReadAsync("/");

        var loader = page.Document.QuerySelector("[hx-trigger=load]");
        Assert.NotNull(loader);
        Assert.Equal("/?handler=Figures", loader.GetAttribute("hx-get"));
        Assert.Null(page.ByTestId("dashboard"));
        Assert.Equal(0, page.DbCommands);

        // Without JavaScript the noscript link opens the whole page with the figures in it.
        var withoutScript = await fixture.Client.ReadAsync("/?handler=Figures");
        Assert.NotNull(withoutScript.Document.QuerySelector("h1"));
        Assert.NotNull(withoutScript.ByTestId("dashboard"));
    }

    [Fact]
    public async Task Figures_equal_the_sql_aggregates_after_the_refresh_window_with_a_bar_per_month_and_the_time_they_are_from()
    {
        var before = await fixture.Client.ReadAsync("/?handler=Figures", htmx: true);
        Assert.Equal(await ExpectedAsync(), Shown(before));
        Assert.Equal(12, before.Document.QuerySelectorAll("[data-testid=revenue-bar]").Length);
        Assert.Null(before.Document.QuerySelector("[style]"));
        var asOf = DateTime.ParseExact(before.ByTestId("as-of")!, "HH:mm", CultureInfo.InvariantCulture);
        Assert.InRange((DateTime.UtcNow.TimeOfDay - asOf.TimeOfDay).Duration(), TimeSpan.Zero, TimeSpan.FromMinutes(2));

        // Writes change every figure: an open order, this month's revenue, a product at its reorder level.
        var data = new OrderTestData(fixture.App);
        var (customerId, _, _) = await data.CustomerAsync();
        var (productId, _) = await data.ProductAsync(25m, 3);
        OrderTestData.Ok(await data.ConfirmAsync(await data.DraftAsync(customerId, (productId, 1, null))));
        OrderTestData.Ok(await data.InvoiceAsync(await data.ShippedAsync(customerId, productId, 2, 25m)));
        var expected = await ExpectedAsync();
        Assert.NotEqual(Shown(before), expected);

        await CachePages.EventuallyAsync(async () => Shown(await fixture.Client.ReadAsync("/?handler=Figures", htmx: true)) == expected,
            TimeSpan.FromSeconds(5), "the dashboard shows the new aggregates");
    }

    private static Figures Shown(PageRead read) => new(
        read.ByTestId("open-orders-count")!, read.ByTestId("open-orders-value")!, read.ByTestId("revenue-this-month")!,
        read.ByTestId("overdue-invoices-count")!, read.ByTestId("overdue-invoices-value")!, read.ByTestId("products-below-reorder-level")!);

    /// <summary>The aggregates written out in SQL here, apart from the store's query (UTC is the company zone for now).</summary>
    private async Task<Figures> ExpectedAsync()
    {
        var db = fixture.App.Database;
        var open = (await db.QueryAsync<(long, decimal)>(
            "SELECT COUNT(*), COALESCE(SUM(total), 0) FROM sales_orders WHERE status IN ('confirmed', 'shipped')"))[0];
        var month = await db.ScalarAsync<decimal>("""
            SELECT COALESCE(SUM(total), 0) FROM invoices
            WHERE status <> 'void' AND invoice_date >= DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-01')
            """);
        var overdue = (await db.QueryAsync<(long, decimal)>(
            "SELECT COUNT(*), COALESCE(SUM(total), 0) FROM invoices WHERE status = 'open' AND due_date < UTC_DATE()"))[0];
        var low = await db.ScalarAsync<long>("SELECT COUNT(*) FROM products WHERE on_hand - reserved <= reorder_level");
        return new Figures(open.Item1.ToString("N0", CultureInfo.InvariantCulture), Money.Format(open.Item2), Money.Format(month),
            overdue.Item1.ToString("N0", CultureInfo.InvariantCulture), Money.Format(overdue.Item2), low.ToString("N0", CultureInfo.InvariantCulture));
    }

    private sealed record Figures(string OpenOrders, string OpenValue, string RevenueThisMonth, string Overdue, string OverdueValue, string LowStock);
}
