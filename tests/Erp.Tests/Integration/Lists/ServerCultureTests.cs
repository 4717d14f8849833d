using System.Globalization;
using Erp.Tests.Integration.Orders;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Lists;

/// <summary>Changes the process-wide default culture, so it runs alone, after the parallel collections.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerCultureCollection
{
    public const string Name = "server culture";
}

/// <summary>Lists and record pages write amounts and counts the same whatever culture the server runs in.</summary>
[Collection(ServerCultureCollection.Name)]
public sealed class ServerCultureTests : IAsyncLifetime
{
    private ErpApp _app = null!;

    public async Task InitializeAsync() => _app = await ErpApp.StartAsync(seedOrders: 0);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Lists_and_record_pages_render_the_same_under_a_German_server_culture()
    {
        var data = new OrderTestData(_app);
        var customer = await data.CustomerAsync(creditLimit: 1_250_000m);
        var stocked = await data.ProductAsync(1250.50m, 1500);
        var sold = await data.ProductAsync(1m, 10);
        var orderId = await data.ShippedAsync(customer.Id, sold.Id, 1, 1250m);
        var invoiceId = OrderTestData.Ok(await data.InvoiceAsync(orderId)).Id;
        var client = await _app.SignInAsync();
        string[] pages =
        [
            $"/customers?sort=code&q={customer.Code}", $"/products?sort=sku&q={stocked.Sku}",
            $"/orders?customer_code={customer.Code}", $"/invoices?customer_code={customer.Code}",
            $"/customers/{customer.Id}", $"/products/{stocked.Id}", $"/orders/{orderId}", $"/invoices/{invoiceId}",
        ];
        var invariant = await TextsAsync(client, pages);

        var german = await UnderCultureAsync("de-DE", () => TextsAsync(client, pages));

        Assert.Equal(invariant, german);
        Assert.Equal([customer.Code, customer.Name, "", "", "1,250,000.00"], Html.Parse(german[0]).Rows("customers").Single().Cells());
        Assert.Equal([stocked.Sku, $"Test product {stocked.Sku}", "1,250.50", "1,500", "0", "1,500"],
            Html.Parse(german[1]).Rows("products").Single().Cells());
        Assert.Equal("1,250.00", Html.Parse(german[2]).Rows("orders").Single().Cells()[^1]);
        Assert.Equal("1,250.00", Html.Parse(german[3]).Rows("invoices").Single().Cells()[^1]);
        Assert.Equal("1,250,000.00", Html.Parse(german[4]).Definition("Credit limit"));
        Assert.Equal("1,250.50", Html.Parse(german[5]).Definition("Unit price"));
        Assert.Equal("1,250.00", Html.Parse(german[6]).QuerySelector("[data-testid='order-total']")!.TextContent.Trim());
        Assert.Equal("1,250.00", Html.Parse(german[7]).QuerySelector("[data-testid='invoice-total']")!.TextContent.Trim());
    }

    private static async Task<string[]> TextsAsync(HttpClient client, string[] pages)
    {
        var texts = new List<string>();
        foreach (var page in pages)
        {
            var document = Html.Parse(await client.GetStringAsync(page));
            document.QuerySelectorAll("input[name='__RequestVerificationToken'], meta, script, link").ToList().ForEach(e => e.Remove());
            texts.Add(document.QuerySelector("main")?.OuterHtml ?? document.Body!.OuterHtml);
        }
        return [.. texts];
    }

    /// <summary>Runs with <paramref name="culture"/> as the culture of this flow and of every thread the server uses.</summary>
    private static async Task<T> UnderCultureAsync<T>(string culture, Func<Task<T>> run)
    {
        var (current, defaultThread) = (CultureInfo.CurrentCulture, CultureInfo.DefaultThreadCurrentCulture);
        try
        {
            CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
            return await run();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.DefaultThreadCurrentCulture) = (current, defaultThread);
        }
    }
}
