using System.Net;
using Erp.Data.Orders;
using Erp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Integration.Orders;

/// <summary>An exact customer code or SKU is always offered first, however many names start with the same text.</summary>
[Collection(AppCollection.Name)]
public sealed class PickerTests(ErpAppFixture fixture)
{
    private readonly OrderTestData _data = new(fixture.App);
    private ErpApp App => fixture.App;
    private OrderLookupStore Lookups => App.Services.GetRequiredService<OrderLookupStore>();

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private static async Task<IReadOnlyList<string>> OptionValuesAsync(HttpClient client, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("HX-Request", "true");
        var html = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        return [.. Html.Parse(html).QuerySelectorAll("option").Select(o => o.GetAttribute("value")!)];
    }

    [Fact]
    public async Task An_exact_customer_code_comes_first_when_more_than_20_names_start_with_it()
    {
        var code = Unique("PK");
        for (var i = 0; i < 25; i++)
        {
            await _data.CustomerAsync(name: $"{code} branch {i:D2}");
        }
        await App.Database.ExecuteAsync("""
            INSERT INTO customers (code, name, credit_limit, created_at, updated_at, version)
            VALUES (@code, 'Zz exact match', 1000, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 1)
            """, new { code });
        var exactId = await App.Database.ScalarAsync<long>("SELECT id FROM customers WHERE code = @code", new { code });
        var client = await App.SignInAsync();

        var found = await Lookups.SearchCustomersAsync(code.ToLowerInvariant(), CancellationToken.None);
        var options = await OptionValuesAsync(client, $"/orders/new?handler=Customers&Customer={code}");
        var created = await client.PostAsync("/orders/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Customer"] = code,
            ["__RequestVerificationToken"] = await ErpApp.AntiforgeryTokenAsync(client, "/orders/new"),
        }));

        Assert.Equal(OrderLookupStore.PickLimit, found.Count);
        Assert.Equal(exactId, found[0].Id);
        Assert.Equal(code, options[0]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(1, await App.Database.ScalarAsync<int>("SELECT COUNT(*) FROM sales_orders WHERE customer_id = @exactId", new { exactId }));
    }

    [Fact]
    public async Task An_exact_SKU_comes_first_when_more_than_20_names_start_with_it()
    {
        var sku = Unique("PK-");
        for (var i = 0; i < 25; i++)
        {
            await _data.ProductAsync(1m, 0, name: $"{sku} part {i:D2}");
        }
        await App.Database.ExecuteAsync("""
            INSERT INTO products (sku, name, unit_price, on_hand, reserved, reorder_level, created_at, updated_at, version)
            VALUES (@sku, 'Zz exact match', 7.50, 0, 0, 0, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 1)
            """, new { sku });
        var exactId = await App.Database.ScalarAsync<long>("SELECT id FROM products WHERE sku = @sku", new { sku });
        var customer = await _data.CustomerAsync();
        var orderId = await _data.DraftAsync(customer.Id);
        var client = await App.SignInAsync();

        var found = await Lookups.SearchProductsAsync(sku, CancellationToken.None);
        var options = await OptionValuesAsync(client, $"/orders/{orderId}?handler=Products&NewLine.Product={sku}");
        var added = await OrderTestData.PostAsync(client, orderId, "AddLine", new()
        {
            ["Version"] = "1",
            ["NewLine.Product"] = sku.ToLowerInvariant(),
            ["NewLine.Quantity"] = "1",
            ["NewLine.UnitPrice"] = "",
        }, htmx: true);

        Assert.Equal(OrderLookupStore.PickLimit, found.Count);
        Assert.Equal(exactId, found[0].Id);
        Assert.Equal(sku, options[0]);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(exactId, await App.Database.ScalarAsync<long>("SELECT product_id FROM sales_order_lines WHERE order_id = @orderId", new { orderId }));
    }
}
