using Erp.Data.Customers;
using Erp.Data.Infrastructure;
using Erp.Data.Products;
using Erp.Tests.Integration.Orders;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Integration.Caching;

/// <summary>
/// After each kind of write on host A, every page that shows the data is fresh on A at once and on
/// host B (same database and Redis, its own memory cache) within a second — with both hosts'
/// caches warmed with the old value first.
/// </summary>
public sealed class TwoHostFreshnessTests(TwoHostsFixture hosts) : IClassFixture<TwoHostsFixture>
{
    private static readonly TimeSpan BackplaneBound = TimeSpan.FromSeconds(1);

    /// <summary>A page written "htmx:/orders" is read as the htmx fragment, which is cached rendered (ListFragmentCache).</summary>
    private const string Fragment = "htmx:";

    private static Task<PageRead> ReadAsync(HttpClient client, string page) =>
        page.StartsWith(Fragment, StringComparison.Ordinal) ? client.ReadAsync(page[Fragment.Length..], htmx: true) : client.ReadAsync(page);
    private OrderTestData Data => new(hosts.A);

    [Fact]
    public async Task A_renamed_customer_is_fresh_on_its_page_the_orders_list_and_the_order_page_of_both_hosts()
    {
        var (customerId, code, oldName) = await Data.CustomerAsync();
        var (productId, _) = await Data.ProductAsync(10m, 100);
        var orderId = await Data.DraftAsync(customerId, (productId, 1, null));
        string[] pages = [$"/customers/{customerId}", $"/orders/{orderId}", $"/orders?customer={customerId}", "/orders",
            $"{Fragment}/orders?customer={customerId}", $"{Fragment}/orders"];
        await WarmAsync(pages, read => read.Text.Contains(oldName, StringComparison.Ordinal));

        var store = hosts.A.Services.GetRequiredService<CustomerStore>();
        var customer = (await store.GetAsync(customerId, CancellationToken.None))!;
        var newName = "Renamed " + code;
        var saved = await store.UpdateAsync(customerId, customer.Version,
            new CustomerInput(code, newName, customer.Email, customer.Phone, customer.Country, customer.CreditLimit), CancellationToken.None);
        Assert.Equal(SaveStatus.Saved, saved.Status);

        await FreshAsync(pages, read => read.Text.Contains(newName, StringComparison.Ordinal) && !read.Text.Contains(oldName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_changed_price_is_fresh_on_the_product_page_of_both_hosts()
    {
        var (productId, sku) = await Data.ProductAsync(12.34m, 10);
        string[] pages = [$"/products/{productId}"];
        await WarmAsync(pages, read => read.Text.Contains("12.34", StringComparison.Ordinal));

        var store = hosts.A.Services.GetRequiredService<ProductStore>();
        var product = (await store.GetAsync(productId, CancellationToken.None))!;
        var saved = await store.UpdateAsync(productId, product.Version, new ProductInput(sku, product.Name, 56.78m, product.ReorderLevel), CancellationToken.None);
        Assert.Equal(SaveStatus.Saved, saved.Status);

        await FreshAsync(pages, read => read.Text.Contains("56.78", StringComparison.Ordinal) && !read.Text.Contains("12.34", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_confirmed_order_is_fresh_on_the_order_page_the_orders_list_and_the_product_stock_of_both_hosts()
    {
        var (customerId, _, _) = await Data.CustomerAsync();
        var (productId, _) = await Data.ProductAsync(5m, 40);
        var orderId = await Data.DraftAsync(customerId, (productId, 3, null));
        string[] pages = [$"/orders/{orderId}", $"/orders?customer={customerId}", $"{Fragment}/orders?customer={customerId}", $"/products/{productId}"];
        await WarmAsync(pages, read => Shows(read, orderId, "draft", reserved: "0"));

        OrderTestData.Ok(await Data.ConfirmAsync(orderId));

        await FreshAsync(pages, read => Shows(read, orderId, "confirmed", reserved: "3"));
    }

    [Fact]
    public async Task An_invoiced_order_is_fresh_on_the_order_page_and_the_invoices_list_of_both_hosts()
    {
        var (customerId, _, _) = await Data.CustomerAsync();
        var (productId, _) = await Data.ProductAsync(7m, 10);
        var orderId = await Data.ShippedAsync(customerId, productId, 2, 7m);
        string[] pages = [$"/orders/{orderId}", $"/invoices?customer={customerId}", "/invoices", $"{Fragment}/invoices?customer={customerId}", $"{Fragment}/invoices"];
        await WarmAsync(pages, read => read.ByTestId("order-status") is null or "shipped");

        var invoiceId = OrderTestData.Ok(await Data.InvoiceAsync(orderId)).Id!.Value;
        var number = await hosts.A.Database.ScalarAsync<string>("SELECT invoice_no FROM invoices WHERE id = @invoiceId", new { invoiceId });

        await FreshAsync(pages, read => read.Text.Contains(number, StringComparison.Ordinal));
        var order = await hosts.ClientB.ReadAsync($"/orders/{orderId}");
        Assert.Equal("invoiced", order.ByTestId("order-status"));
    }

    private static bool Shows(PageRead read, long orderId, string status, string reserved) =>
        read.ByTestId("stock-reserved") is { } shownReserved
            ? shownReserved == reserved
            : read.ByTestId("order-status") is { } shown
                ? shown == status
                : read.Document.QuerySelector($"[data-testid=orders-row][data-id=\"{orderId}\"]")?.TextContent.Contains(status, StringComparison.Ordinal) == true;

    /// <summary>Reads every page on both hosts twice, so each host holds it in its memory cache, and checks the old state.</summary>
    private async Task WarmAsync(string[] pages, Func<PageRead, bool> oldState)
    {
        foreach (var client in new[] { hosts.ClientA, hosts.ClientB })
        {
            foreach (var page in pages)
            {
                await ReadAsync(client, page);
                var read = await ReadAsync(client, page);
                Assert.True(oldState(read), $"{page} did not show the state before the write.");
            }
        }
    }

    private async Task FreshAsync(string[] pages, Func<PageRead, bool> newState)
    {
        foreach (var page in pages)
        {
            Assert.True(newState(await ReadAsync(hosts.ClientA, page)), $"{page} on host A is not fresh right after the write.");
        }
        await CachePages.EventuallyAsync(async () =>
        {
            foreach (var page in pages)
            {
                if (!newState(await ReadAsync(hosts.ClientB, page)))
                {
                    return false;
                }
            }
            return true;
        }, BackplaneBound, "host B shows the write on " + string.Join(", ", pages));
    }
}
